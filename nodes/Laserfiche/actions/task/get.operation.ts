import { taskOperation } from './shared';

export const { description, execute } = taskOperation(
	'get',
	'The task ID an operation returned ("taskId"; on API v1 the operation token)',
	async (api, taskId) => await api.getTask(taskId),
);
