/** Reading the Files.com node's parameters, checked before any request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../../shared/validation';
import type { PathRules } from './paths';
import { normalizePath } from './paths';

/** A resource locator's value (or a plain value given in its place, e.g. by an expression). */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const raw = this.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in (raw as IDataObject)) {
		return (raw as IDataObject).value;
	}
	return raw;
}

/** A path parameter (plain or resource locator), in normal form. */
export function pathParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	rules: PathRules = {},
): string {
	return normalizePath(
		this.getNode(),
		itemIndex,
		locatorValue.call(this, name, itemIndex),
		field,
		rules,
	);
}

/** A numeric ID (API key, user) from a resource locator or a plain value. */
export function idParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
): number {
	return checkId(this, locatorValue.call(this, name, itemIndex), itemIndex, field);
}

export function checkId(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	field: string,
): number {
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (text === '') {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			field,
			'is empty',
			`Choose the ${field} from the list or enter its ID (a number).`,
		);
	}
	if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			field,
			`"${text}" is not an ID`,
			`A Files.com ${field} ID is a whole number, e.g. 12345.`,
		);
	}
	return Number(text);
}

/** An optional date-time parameter as ISO 8601, or undefined when empty. */
export function dateParameter(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	field: string,
): string | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = raw instanceof Date ? raw.getTime() : Date.parse(String(raw));
	if (Number.isNaN(value)) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			field,
			`"${String(raw)}" is not a date and time`,
			`Set ${field} to a date and time such as 2030-01-31T12:00:00Z, or leave it empty.`,
		);
	}
	return new Date(value).toISOString();
}

/** A whole number within bounds (options such as part concurrency and wait times). */
export function boundedInteger(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	field: string,
	min: number,
	max: number,
	fallback: number,
): number {
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			field,
			`"${String(raw)}" is not a whole number from ${min} to ${max}`,
			`Set ${field} to a whole number from ${min} to ${max}.`,
		);
	}
	return value;
}
