import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as list from './list.operation';

export { create, list };

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
				name: 'List',
				value: 'list',
				description: 'List the entries of a folder',
				action: 'List a folder',
			},
		],
		'list',
	),
	...create.description,
	...list.description,
];
