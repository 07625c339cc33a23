import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as getResults from './getResults.operation';
import * as run from './run.operation';
import * as simple from './simple.operation';

export { getResults, run, simple };

export const description: INodeProperties[] = [
	operationSelector(
		'search',
		[
			{
				name: 'Get Results',
				value: 'getResults',
				description: 'Read (and close) the results of a search started with "Wait for Task" off',
				action: 'Get the results of a search',
			},
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
	...getResults.description,
	...run.description,
	...simple.description,
];
