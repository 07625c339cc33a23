import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { idParameter } from '../../helpers/params';
import { apiRequest } from '../../transport';
import { apiKeyLocator, timeoutOnlyOptions } from '../common.descriptions';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [apiKeyLocator, timeoutOnlyOptions];

const displayOptions = { show: { resource: ['apiKey'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'apiKeyId', itemIndex, 'API Key');
	return await apiRequest.call(this, 'GET', `/api_keys/${id}`, {
		timeout: timeoutParameter(this, itemIndex),
	});
}
