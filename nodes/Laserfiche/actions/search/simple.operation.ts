import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { openRepository } from '../../transport';
import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { searchCommandField, searchParameters } from './shared';

const properties: INodeProperties[] = [
	{
		...searchCommandField,
		description:
			'A Laserfiche search command. A simple search returns at most 100 results, at once.',
	},
	{
		...returnAllProperty,
		description: 'Whether to return every result Laserfiche gives (a simple search stops at 100)',
	},
	limitProperty,
];

const displayOptions = { show: { resource: ['search'], operation: ['simple'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { searchCommand, limit } = searchParameters(this, itemIndex);
	const { api } = await openRepository(this, itemIndex);
	const results = await api.simpleSearch(searchCommand);
	return limit === undefined ? results : results.slice(0, limit);
}
