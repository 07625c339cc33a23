import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as copy from './copy.operation';
import * as deleteFile from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as move from './move.operation';
import * as upload from './upload.operation';

export { copy, deleteFile as delete, download, get, move, upload };

export const description: INodeProperties[] = [
	operationSelector(
		'file',
		[
			{ name: 'Copy', value: 'copy', description: 'Copy a file or folder', action: 'Copy a file' },
			{ name: 'Delete', value: 'delete', description: 'Delete a file', action: 'Delete a file' },
			{
				name: 'Download',
				value: 'download',
				description: 'Download a file',
				action: 'Download a file',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a file's or folder's details",
				action: 'Get a file',
			},
			{
				name: 'Move',
				value: 'move',
				description: 'Move or rename a file or folder',
				action: 'Move a file',
			},
			{ name: 'Upload', value: 'upload', description: 'Upload a file', action: 'Upload a file' },
		],
		'upload',
	),
	...upload.description,
	...download.description,
	...get.description,
	...copy.description,
	...move.description,
	...deleteFile.description,
];
