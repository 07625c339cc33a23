import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as get from './get.operation';
import * as list from './list.operation';

export { get, list };

export const description: INodeProperties[] = [
	operationSelector(
		'user',
		[
			{ name: 'Get', value: 'get', description: 'Get a user', action: 'Get a user' },
			{ name: 'List', value: 'list', description: 'List users', action: 'List users' },
		],
		'get',
	),
	...get.description,
	...list.description,
];
