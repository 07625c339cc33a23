import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { idParameter } from '../../helpers/params';
import { apiRequest } from '../../transport';
import { apiKeyLocator, timeoutOnlyOptions } from '../common.descriptions';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [
	{
		displayName:
			'Deleting a key revokes it for good. To stop a key for a while, update its permission set to "None (Disabled)" instead.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	apiKeyLocator,
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['apiKey'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'apiKeyId', itemIndex, 'API Key');
	await apiRequest.call(this, 'DELETE', `/api_keys/${id}`, {
		idempotent: true,
		timeout: timeoutParameter(this, itemIndex),
	});
	return { deleted: true, id };
}
