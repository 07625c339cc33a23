/**
 * Lists for the resource locators: the account's Cloud repositories, and entries or folders to browse.
 * A filter that is a path (\Invoices\2026) lists that folder; any other text filters the root folder's
 * entries by name.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { Entry } from '../transport';
import { getConnection, openRepository, repositoryFor } from '../transport';

const PAGE = 100;

export async function searchRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection(this, undefined, { needRepository: false });
	const list = await repositoryFor(this, connection).listRepositories();
	const needle = (filter ?? '').toLowerCase();
	const results: INodeListSearchItems[] = list
		.map((repository) => ({
			name: String(repository.name ?? repository.id),
			value: String(repository.id),
			...(typeof repository.webClientUrl === 'string' ? { url: repository.webClientUrl } : {}),
		}))
		.filter(
			(item) =>
				!needle ||
				item.name.toLowerCase().includes(needle) ||
				item.value.toLowerCase().includes(needle),
		);
	return { results };
}

async function browse(
	context: ILoadOptionsFunctions,
	filter: string | undefined,
	foldersOnly: boolean,
): Promise<INodeListSearchResult> {
	const { api } = await openRepository(context);
	const text = (filter ?? '').trim();
	let folderId = 1;
	let needle = text.toLowerCase();
	if (/^[\\/]/.test(text)) {
		const path = text.replace(/\//g, '\\').replace(/\\+$/, '');
		const found = path === '' ? undefined : (await api.findByPath(path, true)).entry;
		folderId = found && found.isContainer !== false ? found.id : 1;
		needle = '';
	}
	const entries: Entry[] = await api.listChildren(folderId, { limit: 500 });
	const results: INodeListSearchItems[] = [];
	if (foldersOnly && folderId === 1 && needle === '')
		results.push({ name: '\\ (root folder)', value: '1' });
	for (const entry of entries) {
		if (foldersOnly && entry.entryType !== 'Folder' && entry.isContainer !== true) continue;
		if (needle && !String(entry.name).toLowerCase().includes(needle)) continue;
		results.push({ name: String(entry.fullPath ?? entry.name), value: String(entry.id) });
		if (results.length >= PAGE) break;
	}
	return { results };
}

export async function searchEntries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await browse(this, filter, false);
}

export async function searchFolders(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await browse(this, filter, true);
}
