/** Searchable lists for the resource locators: folders (browsed one level at a time), API keys, users. */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { toNodeError } from '../../shared/errors';
import { encodePath, parentOf } from '../helpers/paths';
import { filesComErrors, listPage, normalizeSiteUrl } from '../transport';

const SEARCH_PAGE = 200;

async function guarded<T>(context: ILoadOptionsFunctions, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw await toNodeError(context.getNode(), error, filesComErrors, 0);
	}
}

/**
 * Folders: with an empty filter, the root folder and its subfolders; with a filter, the subfolders of the
 * filter's folder part whose names contain its last part ("Reports/20" lists Reports' subfolders with "20").
 */
export async function searchFolders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const typed = (filter ?? '').replace(/\\/g, '/').replace(/^\/+/, '');
	const endsWithSlash = typed.endsWith('/');
	const clean = typed.replace(/\/+$/, '');
	const folder = endsWithSlash ? clean : parentOf(clean);
	const namePart = (
		endsWithSlash ? '' : clean.slice(folder === '' ? 0 : folder.length + 1)
	).toLowerCase();
	const credentials = await this.getCredentials('filesComApi');
	const site = normalizeSiteUrl(credentials.siteUrl);
	const page = await guarded(
		this,
		async () =>
			await listPage.call(
				this,
				`/folders/${encodePath(folder)}`,
				{ type: 'folder' },
				paginationToken,
				SEARCH_PAGE,
			),
	);
	const results: INodeListSearchItems[] = [];
	if (!paginationToken && namePart === '')
		results.push({ name: `/${folder}`, value: `/${folder}` });
	for (const entry of page.entries) {
		const path = String(entry.path ?? '');
		const name = String(entry.display_name ?? path.split('/').pop() ?? '');
		if (namePart !== '' && !name.toLowerCase().includes(namePart)) continue;
		results.push({ name: `/${path}`, value: `/${path}`, url: `${site}/files/${encodePath(path)}` });
	}
	return { results, paginationToken: page.next };
}

export async function searchApiKeys(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await guarded(
		this,
		async () => await listPage.call(this, '/api_keys', {}, paginationToken, SEARCH_PAGE),
	);
	const term = (filter ?? '').trim().toLowerCase();
	const results = page.entries
		.filter((key: IDataObject) =>
			term === ''
				? true
				: [key.name, key.descriptive_label, key.id].some((v) =>
						String(v ?? '')
							.toLowerCase()
							.includes(term),
					),
		)
		.map((key: IDataObject) => ({
			name: `${String(key.name ?? 'API key')} (#${String(key.id)})`,
			value: String(key.id),
		}));
	return { results, paginationToken: page.next };
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const term = (filter ?? '').trim();
	const page = await guarded(
		this,
		async () =>
			await listPage.call(
				this,
				'/users',
				term === '' ? {} : { search: term },
				paginationToken,
				SEARCH_PAGE,
			),
	);
	const results = page.entries.map((user: IDataObject) => ({
		name: user.name
			? `${String(user.name)} (${String(user.username)})`
			: String(user.username ?? user.id),
		value: String(user.id),
	}));
	return { results, paginationToken: page.next };
}
