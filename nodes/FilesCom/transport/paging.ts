/**
 * Files.com listings: one page of a list endpoint (cursor paging), and folder walks (recursive, bounded).
 */
import type { IDataObject } from 'n8n-workflow';

import { collectPages } from '../../shared/paging';
import { headerOf } from '../../shared/presigned';
import type { FilesComContext } from './connection';
import { encodePath } from './paths';
import { apiRequestFull } from './request';

/**
 * Entries per list request: the documented maximum, 10,000. Every request is a billable API call on Files.com,
 * so Return All, recursive walks and the trigger's listings use as few as they can; a Limit asks for no more
 * than it needs.
 */
const PAGE_SIZE = 10000;
const MAX_PAGE_SIZE = 10000;

interface ListPage {
	entries: IDataObject[];
	next?: string;
}

/**
 * One page of a list endpoint. The next cursor comes in `X-Files-Cursor-Next` (documented) or `X-Files-Cursor`
 * (what the official SDKs read) and goes back as the `cursor` query parameter.
 */
export async function listPage(
	this: FilesComContext,
	endpoint: string,
	qs: IDataObject,
	cursor: string | undefined,
	perPage: number,
	timeout?: number,
): Promise<ListPage> {
	const response = await apiRequestFull.call(this, 'GET', endpoint, {
		qs: {
			...qs,
			per_page: Math.max(1, Math.min(perPage, MAX_PAGE_SIZE)),
			...(cursor ? { cursor } : {}),
		},
		timeout,
	});
	const entries = Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
	let next =
		headerOf(response.headers, 'x-files-cursor-next') ??
		headerOf(response.headers, 'x-files-cursor');
	// A repeated cursor or an empty page ends the listing (never loop on a misbehaving server).
	if (next === cursor || entries.length === 0) next = undefined;
	return { entries, next };
}

/** Every entry of a list endpoint, or the first `limit`, page after page. */
export async function listAll(
	this: FilesComContext,
	endpoint: string,
	qs: IDataObject,
	limit: number | undefined,
	timeout?: number,
): Promise<IDataObject[]> {
	return await collectPages(
		async (cursor, remaining) =>
			await listPage.call(
				this,
				endpoint,
				qs,
				cursor,
				Math.min(remaining ?? PAGE_SIZE, PAGE_SIZE),
				timeout,
			),
		{ limit },
	);
}

interface FolderListing {
	entries: IDataObject[];
	/** False when the walk stopped early (limit reached or the time budget ran out). */
	complete: boolean;
}

interface FolderListOptions {
	recursive?: boolean;
	/** Undefined: everything. */
	limit?: number;
	type?: 'all' | 'file' | 'folder';
	/** Stop (with complete = false) when this returns false; checked before each page but the first. */
	keepGoing?: () => boolean;
	timeout?: number;
}

const isFolder = (entry: IDataObject) => entry.type === 'directory';

/** Lists a folder (normal-form path, `` = root), following cursors; `recursive` walks subfolders breadth-first. */
export async function listFolder(
	this: FilesComContext,
	folder: string,
	options: FolderListOptions = {},
): Promise<FolderListing> {
	const { recursive = false, limit, type = 'all', keepGoing, timeout } = options;
	const wanted = (entry: IDataObject) => type === 'all' || (type === 'folder') === isFolder(entry);
	const results: IDataObject[] = [];
	const queue = [folder];
	let pages = 0;
	const qs: IDataObject = !recursive && type !== 'all' ? { type } : {};
	while (queue.length > 0) {
		const current = queue.shift() as string;
		let cursor: string | undefined;
		do {
			if (limit !== undefined && results.length >= limit)
				return { entries: results, complete: false };
			if (keepGoing && pages > 0 && !keepGoing()) return { entries: results, complete: false };
			pages++;
			const perPage =
				limit === undefined || recursive ? PAGE_SIZE : Math.min(limit - results.length, PAGE_SIZE);
			const page = await listPage.call(
				this,
				`/folders/${encodePath(current)}`,
				qs,
				cursor,
				perPage,
				timeout,
			);
			for (const entry of page.entries) {
				if (recursive && isFolder(entry) && typeof entry.path === 'string') queue.push(entry.path);
				if (wanted(entry) && (limit === undefined || results.length < limit)) results.push(entry);
			}
			cursor = page.next;
		} while (cursor !== undefined);
	}
	return { entries: results, complete: true };
}
