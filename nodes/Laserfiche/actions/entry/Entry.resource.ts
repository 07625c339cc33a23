import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as copy from './copy.operation';
import * as deleteEntry from './delete.operation';
import * as get from './get.operation';
import * as move from './move.operation';
import * as rename from './rename.operation';

export { copy, deleteEntry as delete, get, move, rename };

export const description: INodeProperties[] = [
	operationSelector(
		'entry',
		[
			{
				name: 'Copy',
				value: 'copy',
				description: 'Copy an entry into a folder',
				action: 'Copy an entry',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an entry (folders with their contents)',
				action: 'Delete an entry',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an entry by ID or path',
				action: 'Get an entry',
			},
			{
				name: 'Move',
				value: 'move',
				description: 'Move an entry into another folder',
				action: 'Move an entry',
			},
			{
				name: 'Rename',
				value: 'rename',
				description: 'Rename an entry',
				action: 'Rename an entry',
			},
		],
		'get',
	),
	...get.description,
	...copy.description,
	...move.description,
	...rename.description,
	...deleteEntry.description,
];
