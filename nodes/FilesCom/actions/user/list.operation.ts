import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitParameter, timeoutParameter } from '../../../shared/validation';
import { listAll } from '../../transport';
import { limitProperty, optionsCollection, returnAllProperty } from '../../../shared/descriptions';
import { timeoutOption } from '../common.descriptions';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	optionsCollection([
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Only users whose username, name or email contains this text',
		},
		timeoutOption,
	]),
];

const displayOptions = { show: { resource: ['user'], operation: ['list'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = limitParameter(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (typeof options.search === 'string' && options.search.trim() !== '')
		qs.search = options.search.trim();
	const timeout = timeoutParameter(this, itemIndex);
	return await listAll.call(this, '/users', qs, limit, timeout);
}
