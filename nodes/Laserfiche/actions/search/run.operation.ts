import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidInput } from '../../../shared/validation';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import { openRepository } from '../../transport';
import { taskTimeoutOption, waitForTaskOption } from '../common.descriptions';
import { limitProperty, optionsCollection, returnAllProperty } from '../../../shared/descriptions';
import { searchCommandField, searchParameters } from './shared';

const properties: INodeProperties[] = [
	searchCommandField,
	returnAllProperty,
	limitProperty,
	optionsCollection([
		{
			displayName: 'Fuzzy Factor',
			name: 'fuzzyFactor',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'How fuzzy a match may be: letters that may differ, or a percentage',
			displayOptions: { hide: { fuzzyType: ['None'] } },
		},
		{
			displayName: 'Fuzzy Type',
			name: 'fuzzyType',
			type: 'options',
			options: [
				{ name: 'None', value: 'None' },
				{ name: 'Number of Letters', value: 'NumberOfLetters' },
				{ name: 'Percentage', value: 'Percentage' },
			],
			default: 'None',
			description: 'Whether near matches count, measured in letters or as a percentage',
		},
		taskTimeoutOption,
		{
			...waitForTaskOption,
			description:
				'Whether to wait for the results; when off, the node returns the task ID at once, and Search → Get Results reads the results and closes the search',
		},
	]),
];

const displayOptions = { show: { resource: ['search'], operation: ['run'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const node = this.getNode();
	const { searchCommand, limit } = searchParameters(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fuzzyType = (options.fuzzyType as string) || 'None';
	const fuzzyFactor = options.fuzzyFactor === undefined ? undefined : Number(options.fuzzyFactor);
	if (
		fuzzyType !== 'None' &&
		(!Number.isInteger(fuzzyFactor) ||
			fuzzyFactor! < 1 ||
			(fuzzyType === 'Percentage' && fuzzyFactor! > 100))
	) {
		throw invalidInput(
			node,
			itemIndex,
			'Fuzzy Factor',
			`"${String(options.fuzzyFactor)}" does not fit fuzzy type ${fuzzyType}`,
			fuzzyType === 'Percentage'
				? 'Enter a percentage from 1 to 100.'
				: 'Enter how many letters may differ (1 or more).',
		);
	}
	const { wait, timeoutSeconds } = taskOptions(this, itemIndex);
	const { api } = await openRepository(this, itemIndex);
	const taskId = await api.startSearch(
		searchCommand,
		fuzzyType === 'None' ? {} : { fuzzyType, fuzzyFactor },
	);
	// Left open for Search → Get Results, which reads the results and closes it.
	if (!wait) return [{ taskId, taskType: 'SearchEntry', searchCommand }];
	// Closed whatever happens: Cloud allows 2 open searches per user, so one left open by a time-out
	// or a failed read would count against the next runs until its results expire.
	try {
		await waitForTask(this, itemIndex, api, taskId, timeoutSeconds, 'search');
		return await api.searchResults(taskId, { limit });
	} finally {
		await api.closeSearch(taskId).catch(() => undefined);
	}
}
