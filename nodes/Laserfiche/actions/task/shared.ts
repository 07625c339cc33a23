import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkTaskId } from '../../helpers/input';
import type { RepositoryApi } from '../../transport';
import { openRepository } from '../../transport';

/** The Task ID parameter, with what it refers to in this operation. */
export function taskIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		description,
	};
}

/** The item's Task ID, checked (a clear error naming the field when empty or malformed). */
export function readTaskId(context: IExecuteFunctions, itemIndex: number): string {
	return checkTaskId(
		context.getNode(),
		itemIndex,
		context.getNodeParameter('taskId', itemIndex, ''),
	);
}

/** A Task operation: its one parameter is the Task ID (described by `taskIdDescription`), passed to `run`. */
export function taskOperation<T extends IDataObject>(
	operation: string,
	taskIdDescription: string,
	run: (api: RepositoryApi, taskId: string) => Promise<T>,
): {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<T>;
} {
	const properties: INodeProperties[] = [taskIdProperty(taskIdDescription)];
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['task'], operation: [operation] } },
			properties,
		),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<T> {
			const taskId = readTaskId(this, itemIndex);
			const { api } = await openRepository(this, itemIndex);
			return await run(api, taskId);
		},
	};
}
