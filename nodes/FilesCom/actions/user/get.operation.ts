import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { idParameter } from '../../helpers/params';
import { apiRequest } from '../../transport';
import { timeoutOnlyOptions, userLocator } from '../common.descriptions';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [userLocator(), timeoutOnlyOptions];

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'userId', itemIndex, 'User');
	return await apiRequest.call(this, 'GET', `/users/${id}`, {
		timeout: timeoutParameter(this, itemIndex),
	});
}
