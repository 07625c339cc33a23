/**
 * Waiting for long operations (copy, delete, import of uploaded parts, search): v2's task route
 * long-polls (it answers as soon as the task ends, or after up to 60 s), v1's answers at once, so
 * quick answers are followed by a short, growing pause. The wait is bounded: past the timeout the item
 * fails with the task ID, which Task → Get can look at later.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { documentError } from '../transport';
import type { RepositoryApi, TaskInfo } from '../transport';

const DEFAULT_TASK_TIMEOUT_SECONDS = 300;

const ENDED = new Set(['Completed', 'Failed', 'Cancelled']);

/** A failed or cancelled task as an error carrying the task's own error document. */
function taskError(node: INode, task: TaskInfo): Error {
	const first =
		Array.isArray(task.errors) && task.errors.length ? (task.errors[0] as IDataObject) : undefined;
	const label = task.taskType ? `${String(task.taskType)} task` : 'task';
	if (task.status === 'Cancelled')
		return documentError(node, task, `The Laserfiche ${label} was cancelled`);
	if (
		first &&
		(first.title !== undefined || first.status !== undefined || first.type !== undefined)
	) {
		return documentError(
			node,
			first,
			`The Laserfiche ${label} failed: ${String(first.title ?? first.detail ?? 'no reason given')}`,
		);
	}
	const reason = first ? String(first.errorMessage ?? first.message ?? '') : '';
	return documentError(node, task, `The Laserfiche ${label} failed${reason ? `: ${reason}` : ''}`);
}

/**
 * Looks at the task until it ends or `timeoutSeconds` pass. Returns the completed task; a failed or
 * cancelled one throws its error document.
 */
export async function waitForTask(
	context: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number | undefined,
	api: RepositoryApi,
	id: string,
	timeoutSeconds: number,
	look: 'task' | 'search' = 'task',
): Promise<TaskInfo> {
	const deadline = Date.now() + timeoutSeconds * 1000;
	let pause = 200;
	for (;;) {
		const started = Date.now();
		const task = look === 'search' ? await api.searchStatus(id) : await api.getTask(id);
		if (ENDED.has(task.status)) {
			if (task.status !== 'Completed') throw taskError(context.getNode(), task);
			return task;
		}
		if (Date.now() >= deadline) {
			throw new NodeOperationError(
				context.getNode(),
				`The Laserfiche task ${id} is still running after ${timeoutSeconds} seconds`,
				{
					itemIndex,
					description: `Look at it later with Task → Get (task ID ${id}), raise "Task Timeout", or turn off "Wait for Task" to get the task ID at once.`,
				},
			);
		}
		if (Date.now() - started < 1000) {
			await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
			pause = Math.min(pause * 2, 2000);
		}
	}
}

/** Reads the "Wait for Task" and "Task Timeout" options. */
export function taskOptions(
	context: IExecuteFunctions,
	itemIndex: number,
): { wait: boolean; timeoutSeconds: number } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeout = Number(options.taskTimeout ?? DEFAULT_TASK_TIMEOUT_SECONDS);
	if (!Number.isFinite(timeout) || timeout < 1) {
		throw new NodeOperationError(
			context.getNode(),
			`Task Timeout: "${String(options.taskTimeout)}" is not a number of seconds of at least 1`,
			{
				itemIndex,
				description: 'Set Task Timeout to how many seconds to wait for the task, such as 300.',
			},
		);
	}
	return { wait: options.waitForTask !== false, timeoutSeconds: timeout };
}
