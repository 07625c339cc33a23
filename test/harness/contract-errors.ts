/**
 * Ajv's errors as the contract checker reports them: one line per violation, located in the checked value
 * (`response.body.value[0].id`), values quoted only where the location does not look secret, in the order of the
 * value's own keys (required properties first), so that a report reads top to bottom like the payload.
 */
import type { ErrorObject } from 'ajv';

import { childPath, describe, isPlainObject } from './contract-util';

interface Located {
	order: number[];
	message: string;
}

interface Location {
	text: string;
	order: number[];
	value: unknown;
}

export function translateErrors(errors: ErrorObject[], data: unknown, at: string): string[] {
	const kept = errors.filter((e) => e.keyword !== 'if' && !isNoise(e, errors));
	const located = kept.map((e) => locate(e, data, at));
	located.sort((a, b) => compareOrder(a.order, b.order));
	return located.map((l) => l.message);
}

/** Once a value has the wrong type, its enum says nothing more. */
function isNoise(error: ErrorObject, all: ErrorObject[]): boolean {
	if (error.keyword !== 'enum') return false;
	const parent = error.schemaPath.replace(/\/enum$/, '');
	return all.some(
		(e) =>
			e.keyword === 'type' &&
			e.instancePath === error.instancePath &&
			e.schemaPath === `${parent}/type`,
	);
}

function locate(error: ErrorObject, data: unknown, at: string): Located {
	const where = walk(data, at, error.instancePath);
	const params = error.params as Record<string, unknown>;
	const child = (key: string, order: number): Location => {
		const object = isPlainObject(where.value) ? where.value : {};
		return { text: childPath(where.text, key), order: [...where.order, order], value: object[key] };
	};
	switch (error.keyword) {
		case 'required':
		case 'requiredIgnoringCase': {
			const missing = child(String(params.missingProperty), -1);
			return { order: missing.order, message: `${missing.text}: required property is missing` };
		}
		case 'additionalProperties': {
			const key = String(params.additionalProperty);
			const keys = isPlainObject(where.value) ? Object.keys(where.value) : [];
			const extra = child(key, keys.indexOf(key));
			return {
				order: extra.order,
				message: `${extra.text}: property is not allowed (additionalProperties: false)`,
			};
		}
		default:
			return { order: where.order, message: `${where.text}: ${describeError(error, where)}` };
	}
}

function describeError(error: ErrorObject, where: Location): string {
	const params = error.params as Record<string, unknown>;
	const value = where.value;
	switch (error.keyword) {
		case 'type': {
			const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
			return `expected ${types.join(' or ')}, got ${describe(value, where.text)}`;
		}
		case 'enum': {
			const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
			return `${describe(value, where.text)} is not one of ${allowed.join(', ')}`;
		}
		case 'format':
			return `${describe(value, where.text)} is not a ${String(params.format)}`;
		case 'pattern':
			return `${describe(value, where.text)} does not match ${String(params.pattern)}`;
		case 'minLength':
			return `shorter than minLength ${String(params.limit)}`;
		case 'maxLength':
			return `longer than maxLength ${String(params.limit)}`;
		case 'minimum':
			return `${String(value)} is below minimum ${String(params.limit)}`;
		case 'maximum':
			return `${String(value)} is above maximum ${String(params.limit)}`;
		case 'minItems':
			return `fewer than ${String(params.limit)} items`;
		case 'maxItems':
			return `more than ${String(params.limit)} items`;
		case 'oneOf':
		case 'anyOf': {
			const count = Array.isArray(error.schema) ? error.schema.length : 0;
			const passing = params.passingSchemas;
			return Array.isArray(passing)
				? `matches ${passing.length} oneOf alternatives, expected exactly one`
				: `matches none of the ${count} ${error.keyword} alternatives`;
		}
		default:
			return error.message ?? `fails ${error.keyword}`;
	}
}

/** The value an Ajv instancePath (JSON pointer) points at, its location text and its key order. */
function walk(data: unknown, at: string, pointer: string): Location {
	let value = data;
	let text = at;
	const order: number[] = [];
	for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (Array.isArray(value)) {
			text = `${text}[${key}]`;
			order.push(Number(key));
			value = value[Number(key)];
		} else {
			text = childPath(text, key);
			order.push(isPlainObject(value) ? Object.keys(value).indexOf(key) : 0);
			value = isPlainObject(value) ? value[key] : undefined;
		}
	}
	return { text, order, value };
}

function compareOrder(a: number[], b: number[]): number {
	for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
	return a.length - b.length;
}
