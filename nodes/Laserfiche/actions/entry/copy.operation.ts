import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { entryAt, entryIdOf, folderIdOf } from '../../helpers/entries';
import { checkName, readLocator } from '../../helpers/input';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import { openRepository } from '../../transport';
import {
	autoRenameOption,
	createMissingFoldersOption,
	entryLocator,
	folderLocator,
	taskTimeoutOption,
	timeoutOption,
	volumeOption,
	waitForTaskOption,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({ description: 'The entry to copy (a folder is copied with its contents)' }),
	folderLocator({
		displayName: 'Destination Folder',
		description: 'The folder the copy goes into',
	}),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'Copy of Report',
		description: 'Name of the copy. Empty keeps the name of the entry copied.',
	},
	optionsCollection([
		autoRenameOption,
		createMissingFoldersOption,
		taskTimeoutOption,
		timeoutOption,
		volumeOption,
		waitForTaskOption,
	]),
];

const displayOptions = { show: { resource: ['entry'], operation: ['copy'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const source = readLocator(this, itemIndex, 'entry', 'Entry');
	const target = readLocator(this, itemIndex, 'parentFolder', 'Destination Folder');
	const nameParameter = this.getNodeParameter('name', itemIndex, '') as string;
	const name =
		String(nameParameter ?? '').trim() === ''
			? undefined
			: checkName(node, itemIndex, nameParameter, 'Name');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { wait, timeoutSeconds } = taskOptions(this, itemIndex);
	const volumeName = (options.volumeName as string) || undefined;
	const { api } = await openRepository(this, itemIndex);

	const sourceEntry = name === undefined ? await entryAt(api, source) : undefined;
	const sourceId = sourceEntry?.id ?? (await entryIdOf(api, source));
	const folderId = await folderIdOf(
		this,
		itemIndex,
		api,
		target,
		'Destination Folder',
		options.createMissingFolders === true,
		{ volumeName },
	);
	const taskId = await api.startCopy(sourceId, folderId, name ?? sourceEntry!.name, {
		autoRename: options.autoRename === true,
		volumeName,
	});
	if (!wait) return { taskId, taskType: 'CopyEntry', sourceId, parentId: folderId };
	const task = await waitForTask(this, itemIndex, api, taskId, timeoutSeconds);
	const entryId = task.result?.entryId;
	return entryId ? await api.getEntry(entryId) : { ...task, taskId };
}
