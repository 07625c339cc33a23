import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { entryIdOf, folderIdOf } from '../../helpers/entries';
import { readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import {
	autoRenameOption,
	createMissingFoldersOption,
	entryLocator,
	folderLocator,
	timeoutOption,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({ description: 'The entry to move (a folder moves with its contents)' }),
	folderLocator({
		displayName: 'Destination Folder',
		description: 'The folder to move the entry into',
	}),
	optionsCollection([autoRenameOption, createMissingFoldersOption, timeoutOption]),
];

const displayOptions = { show: { resource: ['entry'], operation: ['move'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const source = readLocator(this, itemIndex, 'entry', 'Entry');
	const target = readLocator(this, itemIndex, 'parentFolder', 'Destination Folder');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { api } = await openRepository(this, itemIndex);
	const id = await entryIdOf(api, source);
	const parentId = await folderIdOf(
		this,
		itemIndex,
		api,
		target,
		'Destination Folder',
		options.createMissingFolders === true,
	);
	return await api.updateEntry(id, {
		parentId,
		autoRename: options.autoRename === true ? true : undefined,
	});
}
