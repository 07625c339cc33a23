import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as list from './list.operation';

export { get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a user', action: 'Get a user' },
			{ name: 'List', value: 'list', description: 'List users', action: 'List users' },
		],
		default: 'get',
	},
	...get.description,
	...list.description,
];
