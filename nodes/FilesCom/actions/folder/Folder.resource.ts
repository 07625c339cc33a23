import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as deleteFolder from './delete.operation';
import * as list from './list.operation';

export { create, deleteFolder as delete, list };

export const description: INodeProperties[] = [
	operationSelector(
		'folder',
		[
			{
				name: 'Create',
				value: 'create',
				description: 'Create a folder',
				action: 'Create a folder',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a folder',
				action: 'Delete a folder',
			},
			{
				name: 'List',
				value: 'list',
				description: "List a folder's files and subfolders",
				action: 'List a folder',
			},
		],
		'list',
	),
	...create.description,
	...list.description,
	...deleteFolder.description,
];
