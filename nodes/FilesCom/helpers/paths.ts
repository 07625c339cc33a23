/**
 * Files.com paths as users type them, checked before any request and encoded for URLs.
 *
 * Files.com paths are slash-delimited, neither start nor end with a slash, are at most 5,000 characters,
 * may not contain `.` or `..` segments (the server would silently drop them, so `a/../b` would act on `b`),
 * and no name may end in whitespace. Users type `/Reports/2024/`, `Reports\2024` or `Reports//2024`; all
 * of these mean `Reports/2024`. Each segment is percent-encoded on its own (spaces, `#`, `?`, `%`, `+`,
 * unicode), keeping the `/` between segments, as the Go SDK does.
 */
import type { INode } from 'n8n-workflow';

import { hasControlCharacters, invalidInput } from '../../shared/validation';

export { displayPath, encodePath } from '../transport/paths';

const MAX_PATH_LENGTH = 5000;

export interface PathRules {
	/** Whether the root folder (an empty path, "/") is acceptable. */
	allowRoot?: boolean;
}

/**
 * Checks a user-supplied path and returns its normal form (`Reports/2024/file.txt`, `` for the root).
 * Throws a NodeOperationError naming the field and the fix.
 */
export function normalizePath(
	node: INode,
	itemIndex: number,
	raw: unknown,
	field: string,
	rules: PathRules = {},
): string {
	if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number') {
		throw invalidInput(
			node,
			itemIndex,
			field,
			'is not text',
			`Set ${field} to a path such as "/Reports/2024/report.pdf".`,
		);
	}
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (hasControlCharacters(text)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			'contains a control character (such as a line break or tab)',
			`Remove the control characters from ${field}.`,
		);
	}
	const segments = text
		.replace(/\\/g, '/')
		.split('/')
		.filter((segment) => segment !== '');
	for (const segment of segments) {
		if (segment === '.' || segment === '..') {
			throw invalidInput(
				node,
				itemIndex,
				field,
				`"${text}" contains a "${segment}" segment`,
				`Files.com paths are absolute from the site root and cannot go up with "..". Write the full path instead, e.g. "/Reports/2024/report.pdf".`,
			);
		}
		if (/\s$/.test(segment)) {
			throw invalidInput(
				node,
				itemIndex,
				field,
				`the name "${segment}" ends with whitespace`,
				'Files.com does not allow names that end with a space. Remove the trailing space.',
			);
		}
	}
	const normalized = segments.join('/');
	if (normalized === '' && !rules.allowRoot) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			text === '' ? 'is empty' : `"${text}" is the root folder`,
			`Set ${field} to the path of a file or folder, e.g. "/Reports/2024/report.pdf".`,
		);
	}
	if (normalized.length > MAX_PATH_LENGTH) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`is ${normalized.length} characters long`,
			`Files.com paths are at most ${MAX_PATH_LENGTH} characters. Use a shorter path.`,
		);
	}
	return normalized;
}

/** The last segment of a normal-form path. */
export function baseName(normalized: string): string {
	const index = normalized.lastIndexOf('/');
	return index < 0 ? normalized : normalized.slice(index + 1);
}

/** The parent of a normal-form path (`` for the root's children). */
export function parentOf(normalized: string): string {
	const index = normalized.lastIndexOf('/');
	return index < 0 ? '' : normalized.slice(0, index);
}

/** Joins a folder and a name into a normal-form path. */
export function joinPath(folder: string, name: string): string {
	return folder === '' ? name : `${folder}/${name}`;
}
