import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../transport';
import { timeoutOnlyOptions } from '../common.descriptions';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [
	{
		displayName:
			"Returns the API key this node's credential uses (its name, owner, permission set and expiry, never its value)",
		name: 'getCurrentNotice',
		type: 'notice',
		default: '',
	},
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['apiKey'], operation: ['getCurrent'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await apiRequest.call(this, 'GET', '/api_key', {
		timeout: timeoutParameter(this, itemIndex),
	});
}
