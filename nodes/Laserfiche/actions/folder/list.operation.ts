import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { limitParameter } from '../../../shared/validation';
import { folderIdOf } from '../../helpers/entries';
import { readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import { folderLocator, timeoutOnlyOptions } from '../common.descriptions';

const properties: INodeProperties[] = [
	folderLocator({ displayName: 'Folder', description: 'The folder whose entries to list' }),
	returnAllProperty,
	limitProperty,
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['folder'], operation: ['list'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry[]> {
	const folder = readLocator(this, itemIndex, 'parentFolder', 'Folder');
	const limit = limitParameter(this, itemIndex);
	const { api } = await openRepository(this, itemIndex);
	const folderId = await folderIdOf(this, itemIndex, api, folder, 'Folder', false);
	return await api.listChildren(folderId, { limit });
}
