import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkTaskId } from '../../helpers/input';
import type { RepositoryApi } from '../../transport';
import { openRepository } from '../../transport';

/** A Task operation: its one parameter is the Task ID (described by `taskIdDescription`), passed to `run`. */
export function taskOperation<T extends IDataObject>(
	operation: string,
	taskIdDescription: string,
	run: (api: RepositoryApi, taskId: string) => Promise<T>,
): {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<T>;
} {
	const properties: INodeProperties[] = [
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			default: '',
			required: true,
			description: taskIdDescription,
		},
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['task'], operation: [operation] } },
			properties,
		),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<T> {
			const taskId = checkTaskId(
				this.getNode(),
				itemIndex,
				this.getNodeParameter('taskId', itemIndex, ''),
			);
			const { api } = await openRepository(this, itemIndex);
			return await run(api, taskId);
		},
	};
}
