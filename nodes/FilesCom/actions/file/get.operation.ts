import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pathParameter } from '../../helpers/params';
import { encodePath } from '../../helpers/paths';
import { apiRequest } from '../../transport';
import { timeoutOnlyOptions } from '../common.descriptions';
import { filePathProperty } from './common';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [
	filePathProperty('The path of the file or folder, e.g. /Reports/2024/report.pdf'),
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['file'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const path = pathParameter.call(this, 'path', itemIndex, 'File Path');
	const timeout = timeoutParameter(this, itemIndex);
	return await apiRequest.call(this, 'GET', `/file_actions/metadata/${encodePath(path)}`, {
		timeout,
	});
}
