/**
 * User input checked before any request: entry names, repository paths, entry IDs, resource locators,
 * field/tag/link lists. Every problem is a NodeOperationError naming the field and the fix.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeParameterResourceLocator,
} from 'n8n-workflow';

import { hasControlCharacters, invalidInput } from '../../shared/validation';
import type { FieldToWrite, LinkToWrite } from '../transport';

/** Characters Laserfiche refuses in entry names. */
const FORBIDDEN = /[\\/:*?"<>|]/;

const FORBIDDEN_TEXT = '\\ / : * ? " < > |';

/** An entry name: not empty, no \ / : * ? " < > |, no control characters, at most 255 characters. */
export function checkName(node: INode, itemIndex: number, value: unknown, field: string): string {
	const name =
		typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (name === '')
		throw invalidInput(
			node,
			itemIndex,
			field,
			'is empty',
			`Enter a name for the entry, such as "Invoice 2026-001".`,
		);
	const bad = FORBIDDEN.exec(name);
	if (bad) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`"${name}" contains "${bad[0]}", which Laserfiche does not allow in names`,
			`Remove or replace the characters ${FORBIDDEN_TEXT}.`,
		);
	}
	if (hasControlCharacters(name)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			'contains control characters (line breaks, tabs...)',
			'Remove them from the name.',
		);
	}
	if (name.length > 255) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`is ${name.length} characters long`,
			'Laserfiche names have at most 255 characters: shorten it.',
		);
	}
	return name;
}

/**
 * A repository path such as `\Invoices\2026` (forward slashes are accepted and turned into
 * backslashes, since names cannot contain either). Returns the normalised path and its names.
 */
export function checkPath(
	node: INode,
	itemIndex: number,
	value: unknown,
	field: string,
): { path: string; names: string[] } {
	const raw = typeof value === 'string' ? value.trim() : '';
	if (raw === '')
		throw invalidInput(
			node,
			itemIndex,
			field,
			'the path is empty',
			'Enter a path such as \\Invoices\\2026 (\\ is the root folder).',
		);
	if (hasControlCharacters(raw)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			'the path contains control characters (line breaks, tabs...)',
			'Remove them from the path.',
		);
	}
	if (!/^[\\/]/.test(raw)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`"${raw}" is not a path from the root`,
			`Start the path with a backslash, such as \\${raw}.`,
		);
	}
	const names = raw.split(/[\\/]/).slice(1);
	if (names.length > 0 && names[names.length - 1] === '') names.pop();
	for (const name of names) {
		if (name.trim() === '') {
			throw invalidInput(
				node,
				itemIndex,
				field,
				`"${raw}" has an empty folder name`,
				'Remove the doubled backslash.',
			);
		}
		const bad = /[:*?"<>|]/.exec(name);
		if (bad) {
			throw invalidInput(
				node,
				itemIndex,
				field,
				`"${name}" in "${raw}" contains "${bad[0]}", which Laserfiche does not allow in names`,
				`Remove or replace the characters ${FORBIDDEN_TEXT}.`,
			);
		}
	}
	return {
		path: `\\${names.map((name) => name.trim()).join('\\')}`,
		names: names.map((name) => name.trim()),
	};
}

/** An entry ID: a whole number of at least 1. */
export function checkEntryId(
	node: INode,
	itemIndex: number,
	value: unknown,
	field: string,
): number {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 2147483647) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			text === '' ? 'no entry ID given' : `"${text}" is not an entry ID`,
			'An entry ID is a whole number such as 1234 (the root folder is 1). Or choose "By Path" and enter a path such as \\Invoices\\2026.',
		);
	}
	return Number(text);
}

export type EntryLocator =
	| { id: number; path?: undefined; names?: undefined }
	| { id?: undefined; path: string; names: string[] };

/** Reads a resource locator parameter (by ID, by path, or chosen from the list). */
export function readLocator(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	field: string,
): EntryLocator {
	const node = context.getNode();
	const raw = context.getNodeParameter(parameter, itemIndex) as
		| INodeParameterResourceLocator
		| string
		| number;
	const locator: INodeParameterResourceLocator =
		raw !== null && typeof raw === 'object'
			? raw
			: {
					__rl: true,
					mode: typeof raw === 'string' && /^[\\/]/.test(raw) ? 'path' : 'id',
					value: raw,
				};
	if (locator.mode === 'path') return checkPath(node, itemIndex, locator.value, field);
	const value = locator.value;
	if (typeof value === 'string' && /^[\\/]/.test(value.trim()))
		return checkPath(node, itemIndex, value, field);
	return { id: checkEntryId(node, itemIndex, value, field) };
}

/** Splits a list given as text (comma or newline separated) or as an array. */
function listOf(value: unknown): string[] {
	const items = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[,\n]/)
			: value === undefined || value === null
				? []
				: [value];
	return items.map((item) => String(item).trim()).filter((item) => item !== '');
}

/** Tag names: none empty, no control characters, no duplicates (case-insensitive). */
export function checkTags(node: INode, itemIndex: number, value: unknown): string[] {
	const tags: string[] = [];
	for (const tag of listOf(value)) {
		if (hasControlCharacters(tag)) {
			throw invalidInput(
				node,
				itemIndex,
				'Tags',
				`"${tag}" contains control characters`,
				'Remove them from the tag name.',
			);
		}
		if (!tags.some((known) => known.toLowerCase() === tag.toLowerCase())) tags.push(tag);
	}
	return tags;
}

/** Field rows `{name, value}` → fields with their values (rows with the same name make a multi-value field). */
export function checkFields(
	node: INode,
	itemIndex: number,
	rows: IDataObject[],
	required: boolean,
): FieldToWrite[] {
	const fields: FieldToWrite[] = [];
	for (const [index, row] of rows.entries()) {
		const name = typeof row.name === 'string' ? row.name.trim() : '';
		if (name === '') {
			throw invalidInput(
				node,
				itemIndex,
				`Fields (row ${index + 1})`,
				'the field name is empty',
				'Enter the name of a field, such as "Invoice Number".',
			);
		}
		if (hasControlCharacters(name)) {
			throw invalidInput(
				node,
				itemIndex,
				`Fields (row ${index + 1})`,
				`"${name}" contains control characters`,
				'Remove them from the field name.',
			);
		}
		const values = Array.isArray(row.value)
			? row.value.map((v) => String(v))
			: row.value === undefined || row.value === null
				? []
				: [String(row.value)];
		const known = fields.find((field) => field.name.toLowerCase() === name.toLowerCase());
		if (known) known.values.push(...values);
		else fields.push({ name, values });
	}
	if (required && fields.length === 0) {
		throw invalidInput(
			node,
			itemIndex,
			'Fields',
			'no field given',
			'Add at least one field with its name and value.',
		);
	}
	return fields;
}

/** Link rows `{linkDefinitionId, otherEntryId, isSource}`. */
export function checkLinks(node: INode, itemIndex: number, rows: IDataObject[]): LinkToWrite[] {
	return rows.map((row, index) => {
		const field = `Links (row ${index + 1})`;
		const definition = Number(row.linkDefinitionId);
		if (!Number.isInteger(definition) || definition < 1) {
			throw invalidInput(
				node,
				itemIndex,
				field,
				`"${String(row.linkDefinitionId)}" is not a link definition ID`,
				'Enter the ID of a link definition (a whole number, such as 1).',
			);
		}
		return {
			linkDefinitionId: definition,
			otherEntryId: checkEntryId(node, itemIndex, row.otherEntryId, `${field}: Other Entry ID`),
			isSource: row.isSource !== false,
		};
	});
}

/** An optional whole number (audit reason ID...), undefined when empty. */
export function optionalId(
	node: INode,
	itemIndex: number,
	value: unknown,
	field: string,
): number | undefined {
	if (value === undefined || value === null || value === '' || value === 0) return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`"${String(value)}" is not an ID`,
			'Enter a whole number of at least 1, or leave it empty.',
		);
	}
	return number;
}

/** A task ID (v2 task ID or v1 operation token). */
export function checkTaskId(node: INode, itemIndex: number, value: unknown): string {
	const id =
		typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (id === '')
		throw invalidInput(
			node,
			itemIndex,
			'Task ID',
			'is empty',
			'Enter the task ID an operation returned (its "taskId").',
		);
	if (!/^[A-Za-z0-9_.~+=-]+$/.test(id)) {
		throw invalidInput(
			node,
			itemIndex,
			'Task ID',
			`"${id}" is not a task ID`,
			'A task ID has only letters, digits and - _ . ~ + =.',
		);
	}
	// It becomes a path segment: "." and ".." would climb out of the tasks' path.
	if (/^\.+$/.test(id)) {
		throw invalidInput(
			node,
			itemIndex,
			'Task ID',
			`"${id}" is not a task ID`,
			'"." and ".." are not task IDs: enter the task ID an operation returned (its "taskId").',
		);
	}
	return id;
}
