/** Checks of user input made before any request, each naming the field and how to fix it. */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_TIMEOUT_MS } from './descriptions';

export function invalidInput(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(node, `${field}: ${problem}`, { itemIndex, description: fix });
}

/** A limit must be a whole number of at least 1. */
function checkLimit(node: INode, itemIndex: number, limit: unknown, field = 'Limit'): number {
	const value = Number(limit);
	if (!Number.isInteger(value) || value < 1) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`"${String(limit)}" is not a whole number of at least 1`,
			`Set ${field} to 1 or more, or turn on "Return All".`,
		);
	}
	return value;
}

/** A list operation's Return All and Limit: undefined (everything) or the most entries to return, checked. */
export function limitParameter(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll
		? undefined
		: checkLimit(context.getNode(), itemIndex, context.getNodeParameter('limit', itemIndex, 50));
}

/**
 * The item's Timeout option (milliseconds, in the operation's options collection; see timeoutOptions in
 * descriptions.ts), checked before any request; undefined when the operation has none or it is not set.
 */
export function timeoutParameter(
	context: IExecuteFunctions,
	itemIndex: number,
): number | undefined {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject | undefined;
	const raw = options && typeof options === 'object' ? options.timeout : undefined;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			'Timeout',
			`"${String(raw)}" is not a whole number from 1 to ${MAX_TIMEOUT_MS}`,
			`Set Timeout to how many milliseconds to wait for each answer, from 1 to ${MAX_TIMEOUT_MS}, such as 120000.`,
		);
	}
	return value;
}

/** A required text value must not be empty or only spaces. */
export function checkRequired(
	node: INode,
	itemIndex: number,
	value: unknown,
	field: string,
	fix: string,
): string {
	const text =
		typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
	if (text.trim() === '') throw invalidInput(node, itemIndex, field, 'is empty', fix);
	return text;
}

/** Control characters (U+0000–U+001F, U+007F) are refused in names and paths by both services. */
export function hasControlCharacters(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}
