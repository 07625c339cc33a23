import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as run from './run.operation';
import * as simple from './simple.operation';

export { run, simple };

export const description: INodeProperties[] = [
	operationSelector(
		'search',
		[
			{
				name: 'Run',
				value: 'run',
				description: 'Run a full search and return its results',
				action: 'Run a search',
			},
			{
				name: 'Simple',
				value: 'simple',
				description: 'Run a quick search (at most 100 results)',
				action: 'Run a simple search',
			},
		],
		'run',
	),
	...run.description,
	...simple.description,
];
