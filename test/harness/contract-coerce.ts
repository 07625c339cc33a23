/** Query, header and form values arrive as strings: each is turned into the JSON type its schema wants. */
import type { Schema } from './contract-types';
import type { SchemaValidator } from './contract-validator';

/** Strings from a query string or form -> typed values per schema (arrays: repeated or `a[]=` form). */
export function coerceValues(
	validator: SchemaValidator,
	values: string[],
	schema: Schema,
	at: string,
	errors: string[],
): unknown {
	if (validator.typesOf(schema).includes('array')) {
		const items = validator.resolve(schema).items ?? {};
		return values.map((v) => coerceString(validator, v, items));
	}
	if (values.length > 1) {
		errors.push(`${at}: given ${values.length} times but the parameter is not an array`);
		return undefined;
	}
	return coerceString(validator, values[0], schema);
}

/** A string to the JSON type its schema wants, when it parses as that type; otherwise unchanged. */
export function coerceString(validator: SchemaValidator, raw: string, schema: Schema): unknown {
	const types = validator.typesOf(schema);
	if (types.includes('string') || types.length === 0) return raw;
	if (types.includes('integer') && /^[+-]?\d+$/.test(raw)) return Number(raw);
	if (types.includes('number') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw))
		return Number(raw);
	if (types.includes('boolean') && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
	if (types.includes('null') && raw === '') return null;
	return raw;
}

export function isFormScalar(value: unknown, allowArray: boolean): boolean {
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return true;
	return allowArray && Array.isArray(value) && value.every((v) => isFormScalar(v, false));
}
