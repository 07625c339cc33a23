/**
 * From a checked locator (ID or path) to the entry: a path is looked up with `Entries/ByPath` (a missing
 * entry answers Laserfiche's own 404 document), and missing parent folders can be created on the way.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Entry, NameOptions, RepositoryApi } from '../transport';
import type { EntryLocator } from './input';

export const ROOT_FOLDER_ID = 1;

/** The entry's ID; a path is looked up (404 document when nothing is there). */
export async function entryIdOf(api: RepositoryApi, locator: EntryLocator): Promise<number> {
	if (locator.id !== undefined) return locator.id;
	return (await entryAt(api, locator)).id;
}

/** The entry itself. */
export async function entryAt(api: RepositoryApi, locator: EntryLocator): Promise<Entry> {
	if (locator.id !== undefined) return await api.getEntry(locator.id);
	if (locator.names.length === 0) return await api.getEntry(ROOT_FOLDER_ID);
	const { entry } = await api.findByPath(locator.path, false);
	if (!entry) throw new TypeError(`Laserfiche found nothing at ${locator.path}`);
	return entry;
}

function isFolder(entry: Entry): boolean {
	return (
		entry.entryType === 'Folder' || entry.entryType === 'RecordSeries' || entry.isContainer === true
	);
}

/**
 * The folder's ID. With `createMissing`, a path whose last folders do not exist yet gets them
 * created (the closest existing ancestor is found with one request). With `verify`, a folder given by
 * ID is read too (it is then known to be a folder, and the token is known to be valid before a
 * streamed upload, which n8n cannot repeat after refreshing an expired token).
 */
export async function folderIdOf(
	context: IExecuteFunctions,
	itemIndex: number,
	api: RepositoryApi,
	locator: EntryLocator,
	field: string,
	createMissing: boolean,
	options: NameOptions & { verify?: boolean } = {},
): Promise<number> {
	if (locator.id !== undefined) {
		if (!options.verify) return locator.id;
		const folder = await api.getEntry(locator.id);
		if (!isFolder(folder)) throw notAFolder(context, itemIndex, field, folder);
		return folder.id;
	}
	if (locator.names.length === 0) return ROOT_FOLDER_ID;
	if (!createMissing) {
		const entry = await entryAt(api, locator);
		if (!isFolder(entry)) throw notAFolder(context, itemIndex, field, entry);
		return entry.id;
	}
	const { entry, ancestorEntry } = await api.findByPath(locator.path, true);
	if (entry) {
		if (!isFolder(entry)) throw notAFolder(context, itemIndex, field, entry);
		return entry.id;
	}
	const ancestor = ancestorEntry ?? (await api.getEntry(ROOT_FOLDER_ID));
	if (!isFolder(ancestor)) throw notAFolder(context, itemIndex, field, ancestor);
	const existing = (ancestor.fullPath ?? '\\').split('\\').filter((name) => name !== '').length;
	let parentId = ancestor.id;
	for (const name of locator.names.slice(existing)) {
		parentId = (await api.createFolder(parentId, name, { volumeName: options.volumeName })).id;
	}
	return parentId;
}

function notAFolder(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	entry: Entry,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`${field}: "${entry.fullPath ?? entry.name}" is a ${entry.entryType}, not a folder`,
		{
			itemIndex,
			description: 'Choose a folder.',
		},
	);
}

/** The file name an entry exports as: its name plus its extension (unless the name ends with it). */
export function exportFileName(entry: Entry): string {
	const name = String(entry.name ?? `entry-${entry.id}`);
	const extension = typeof entry.extension === 'string' ? entry.extension.replace(/^\./, '') : '';
	if (!extension || name.toLowerCase().endsWith(`.${extension.toLowerCase()}`)) return name;
	return `${name}.${extension}`;
}
