import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as deleteApiKey from './delete.operation';
import * as get from './get.operation';
import * as getCurrent from './getCurrent.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export { create, deleteApiKey as delete, get, getCurrent, list, update };

export const description: INodeProperties[] = [
	operationSelector(
		'apiKey',
		[
			{
				name: 'Create',
				value: 'create',
				description: 'Create an API key (its value is shown once)',
				action: 'Create an API key',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete (revoke) an API key',
				action: 'Delete an API key',
			},
			{ name: 'Get', value: 'get', description: 'Get an API key', action: 'Get an API key' },
			{
				name: 'Get Current',
				value: 'getCurrent',
				description: "Get the API key this node's credential uses",
				action: 'Get the current API key',
			},
			{ name: 'List', value: 'list', description: 'List API keys', action: 'List API keys' },
			{
				name: 'Update',
				value: 'update',
				description: 'Update an API key (permission set "none" disables it)',
				action: 'Update an API key',
			},
		],
		'getCurrent',
	),
	...create.description,
	...get.description,
	...getCurrent.description,
	...list.description,
	...update.description,
	...deleteApiKey.description,
];
