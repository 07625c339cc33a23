import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkTaskId } from '../../helpers/input';
import { openRepository } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		description: 'The task to cancel. Laserfiche does not undo what the task already did.',
	},
];

const displayOptions = { show: { resource: ['task'], operation: ['cancel'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = checkTaskId(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('taskId', itemIndex, ''),
	);
	const { api } = await openRepository(this, itemIndex);
	return await api.cancelTask(taskId);
}
