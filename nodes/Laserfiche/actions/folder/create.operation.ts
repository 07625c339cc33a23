import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { folderIdOf } from '../../helpers/entries';
import { checkName, readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import {
	autoRenameOption,
	createMissingFoldersOption,
	folderLocator,
	timeoutOption,
	volumeOption,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	folderLocator({ description: 'The folder to create the new folder in' }),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2026',
		description: 'Name of the new folder (without \\ / : * ? " &lt; &gt; |)',
	},
	optionsCollection([autoRenameOption, createMissingFoldersOption, timeoutOption, volumeOption]),
];

const displayOptions = { show: { resource: ['folder'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const parent = readLocator(this, itemIndex, 'parentFolder', 'Parent Folder');
	const name = checkName(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('name', itemIndex, ''),
		'Name',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const volumeName = (options.volumeName as string) || undefined;
	const { api } = await openRepository(this, itemIndex);
	const parentId = await folderIdOf(
		this,
		itemIndex,
		api,
		parent,
		'Parent Folder',
		options.createMissingFolders === true,
		{ volumeName },
	);
	return await api.createFolder(parentId, name, {
		autoRename: options.autoRename === true ? true : undefined,
		volumeName,
	});
}
