/**
 * What the trigger watches, listed within the poll's time budget: the documents of a folder (breadth
 * first through its subfolders, bounded in depth), or those a search finds. A listing cut short by the
 * budget is reported incomplete, so entries it did not reach are not forgotten.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkPath, checkEntryId } from '../Laserfiche/helpers/input';
import { waitForTask } from '../Laserfiche/helpers/tasks';
import { checkSearchCommand } from '../Laserfiche/actions/search/shared';
import type { Entry, RepositoryApi } from '../Laserfiche/transport';
import { openRepository } from '../Laserfiche/transport';

const ROOT = 1;

function isFolder(entry: Entry): boolean {
	return (
		entry.entryType === 'Folder' || entry.entryType === 'RecordSeries' || entry.isContainer === true
	);
}

function timeOf(entry: Entry): number {
	const time = Date.parse(String(entry.lastModifiedTime ?? ''));
	return Number.isNaN(time) ? 0 : time;
}

/** Newest (last modified) first; by instant, not text (the server may write offsets or any precision). */
export function newestFirst(entries: Entry[]): Entry[] {
	return [...entries].sort((a, b) => timeOf(b) - timeOf(a) || b.id - a.id);
}

async function folderIdOf(context: IPollFunctions, api: RepositoryApi): Promise<number> {
	const node = context.getNode();
	const raw = context.getNodeParameter('folder', { mode: 'path', value: '\\' }) as IDataObject;
	const value = raw && typeof raw === 'object' ? raw.value : raw;
	if (raw?.mode === 'path' || (typeof value === 'string' && /^[\\/]/.test(value))) {
		const { path, names } = checkPath(node, 0, value, 'Folder');
		if (names.length === 0) return ROOT;
		const { entry } = await api.findByPath(path, false);
		if (!entry || !isFolder(entry)) {
			throw new NodeOperationError(node, `Folder: "${path}" is not a folder`, {
				description: 'Choose the folder to watch.',
			});
		}
		return entry.id;
	}
	return checkEntryId(node, 0, value, 'Folder');
}

export async function collectDocuments(
	context: IPollFunctions,
	deadline: number,
): Promise<{ documents: Entry[]; complete: boolean }> {
	const node = context.getNode();
	const watch = context.getNodeParameter('watch', 'folder') as string;
	const keepGoing = () => Date.now() < deadline;
	if (watch === 'search') {
		const command = checkSearchCommand(node, 0, context.getNodeParameter('searchCommand', ''));
		const { api } = await openRepository(context);
		const taskId = await api.startSearch(command, {});
		// Closed whatever happens (a poll that times out every time must not hold the user's 2 open searches).
		try {
			await waitForTask(
				context,
				undefined,
				api,
				taskId,
				Math.max(1, Math.floor((deadline - Date.now()) / 1000)),
				'search',
			);
			const results = await api.searchResults(taskId, { keepGoing });
			return {
				documents: results.filter((entry) => entry.entryType === 'Document'),
				complete: keepGoing(),
			};
		} finally {
			await api.closeSearch(taskId).catch(() => undefined);
		}
	}
	const recursive = context.getNodeParameter('recursive', false) as boolean;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const maxDepth = Math.max(1, Math.floor(Number(options.maxDepth ?? 10)) || 10);
	const { api } = await openRepository(context);
	const start = await folderIdOf(context, api);
	const documents: Entry[] = [];
	const queue: Array<{ id: number; depth: number }> = [{ id: start, depth: 0 }];
	let complete = true;
	while (queue.length > 0) {
		if (!keepGoing()) {
			complete = false;
			break;
		}
		const { id, depth } = queue.shift()!;
		const children = await api.listChildren(id, { keepGoing });
		for (const child of children) {
			if (child.entryType === 'Document') documents.push(child);
			else if (recursive && isFolder(child) && depth + 1 < maxDepth)
				queue.push({ id: child.id, depth: depth + 1 });
		}
	}
	return { documents, complete: complete && keepGoing() };
}
