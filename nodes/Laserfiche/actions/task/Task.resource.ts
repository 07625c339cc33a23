import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as cancel from './cancel.operation';
import * as get from './get.operation';

export { cancel, get };

export const description: INodeProperties[] = [
	operationSelector(
		'task',
		[
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a running task',
				action: 'Cancel a task',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the progress of a task',
				action: 'Get a task',
			},
		],
		'get',
	),
	...get.description,
	...cancel.description,
];
