import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkTaskId } from '../../helpers/input';
import type { TaskInfo } from '../../transport';
import { openRepository } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		description: 'The task ID an operation returned ("taskId"; on API v1 the operation token)',
	},
];

const displayOptions = { show: { resource: ['task'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<TaskInfo> {
	const taskId = checkTaskId(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('taskId', itemIndex, ''),
	);
	const { api } = await openRepository(this, itemIndex);
	return await api.getTask(taskId);
}
