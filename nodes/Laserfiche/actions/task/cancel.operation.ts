import { taskOperation } from './shared';

export const { description, execute } = taskOperation(
	'cancel',
	'The task to cancel. Laserfiche does not undo what the task already did.',
	async (api, taskId) => await api.cancelTask(taskId),
);
