import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pathParameter } from '../../helpers/params';
import { encodePath } from '../../helpers/paths';
import { apiRequest } from '../../transport';
import { folderLocator, timeoutOnlyOptions } from '../common.descriptions';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [
	folderLocator({ description: 'The folder to delete' }),
	{
		displayName: 'Recursive',
		name: 'recursive',
		type: 'boolean',
		default: false,
		description:
			'Whether to delete the folder with everything in it. Without it, only an empty folder is deleted (Files.com answers "Folder Not Empty" otherwise).',
	},
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['folder'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const path = pathParameter.call(this, 'path', itemIndex, 'Folder');
	const recursive = this.getNodeParameter('recursive', itemIndex, false) as boolean;
	await apiRequest.call(this, 'DELETE', `/files/${encodePath(path)}`, {
		qs: recursive ? { recursive: true } : {},
		idempotent: true,
		timeout: timeoutParameter(this, itemIndex),
	});
	return { deleted: true, path, recursive };
}
