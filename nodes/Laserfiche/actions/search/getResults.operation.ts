import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, optionsCollection, returnAllProperty } from '../../../shared/descriptions';
import { limitParameter } from '../../../shared/validation';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import { openRepository } from '../../transport';
import { taskTimeoutOption } from '../common.descriptions';
import { readTaskId, taskIdProperty } from '../task/shared';

/**
 * The results of a search started with "Wait for Task" off (Search → Run gave its task ID): waits for the
 * search to finish, reads its results, and closes it, so that it stops counting against the open searches
 * Laserfiche Cloud allows per user (2).
 */
const properties: INodeProperties[] = [
	taskIdProperty(
		'The "taskId" Search → Run returned with "Wait for Task" off (on API v1 the search token)',
	),
	returnAllProperty,
	limitProperty,
	optionsCollection([
		{
			displayName: 'Close Search',
			name: 'closeSearch',
			type: 'boolean',
			default: true,
			description:
				'Whether to close the search once its results are read (or the read fails). Laserfiche Cloud allows 2 open searches per user; turn off only to read the same results again later.',
		},
		taskTimeoutOption,
	]),
];

const displayOptions = { show: { resource: ['search'], operation: ['getResults'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const taskId = readTaskId(this, itemIndex);
	const limit = limitParameter(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { timeoutSeconds } = taskOptions(this, itemIndex);
	const { api } = await openRepository(this, itemIndex);
	try {
		await waitForTask(this, itemIndex, api, taskId, timeoutSeconds, 'search');
		return await api.searchResults(taskId, { limit });
	} finally {
		if (options.closeSearch !== false) await api.closeSearch(taskId).catch(() => undefined);
	}
}
