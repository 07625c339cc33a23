import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { entryIdOf, ROOT_FOLDER_ID } from '../../helpers/entries';
import { optionalId, readLocator } from '../../helpers/input';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import { invalidInput } from '../../../shared/validation';
import { openRepository } from '../../transport';
import {
	auditReasonOptions,
	entryLocator,
	taskTimeoutOption,
	timeoutOption,
	waitForTaskOption,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({ description: 'The entry to delete (a folder is deleted with everything in it)' }),
	optionsCollection([...auditReasonOptions, taskTimeoutOption, timeoutOption, waitForTaskOption]),
];

const displayOptions = { show: { resource: ['entry'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	if (locator.id === ROOT_FOLDER_ID || locator.names?.length === 0) {
		throw invalidInput(
			node,
			itemIndex,
			'Entry',
			'is the root folder, which cannot be deleted',
			'Choose the folder or document to delete.',
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const auditReasonId = optionalId(node, itemIndex, options.auditReasonId, 'Audit Reason ID');
	const auditReasonComment = (options.auditReasonComment as string) || undefined;
	const { wait, timeoutSeconds } = taskOptions(this, itemIndex);
	const { api } = await openRepository(this, itemIndex);
	const id = await entryIdOf(api, locator);
	const taskId = await api.startDelete(id, { auditReasonId, auditReasonComment });
	if (!wait) return { id, taskId, taskType: 'DeleteEntry' };
	const task = await waitForTask(this, itemIndex, api, taskId, timeoutSeconds);
	return { id, deleted: true, taskId, status: task.status };
}
