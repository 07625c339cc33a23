import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitParameter, timeoutParameter } from '../../../shared/validation';
import { pathParameter } from '../../helpers/params';
import { listFolder } from '../../transport';
import { limitProperty, optionsCollection, returnAllProperty } from '../../../shared/descriptions';
import { folderLocator, timeoutOption } from '../common.descriptions';

const properties: INodeProperties[] = [
	folderLocator({ description: 'The folder to list. "/" is the root of the site.' }),
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Recursive',
		name: 'recursive',
		type: 'boolean',
		default: false,
		description:
			'Whether to list the contents of all subfolders too (each entry has its full path)',
	},
	optionsCollection([
		timeoutOption,
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'Files and Folders', value: 'all' },
				{ name: 'Files Only', value: 'file' },
				{ name: 'Folders Only', value: 'folder' },
			],
			description: 'Which entries to return',
		},
	]),
];

const displayOptions = { show: { resource: ['folder'], operation: ['list'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const folder = pathParameter.call(this, 'path', itemIndex, 'Folder', { allowRoot: true });
	const limit = limitParameter(this, itemIndex);
	const recursive = this.getNodeParameter('recursive', itemIndex, false) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const type = options.type === 'file' || options.type === 'folder' ? options.type : 'all';
	const timeout = timeoutParameter(this, itemIndex);
	const { entries } = await listFolder.call(this, folder, { recursive, limit, type, timeout });
	return entries;
}
