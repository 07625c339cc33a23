/**
 * Swagger 2 request bodies (Files.com): an `in: body` schema, or `in: formData` parameters filled from a JSON or
 * form body.
 */
import { coerceString, isFormScalar } from './contract-coerce';
import {
	bodyKindOf,
	isEmptyBody,
	mediaTypeOf,
	parseFormBody,
	parseJsonBody,
} from './contract-media';
import {
	type GatheredValues,
	gatherValue,
	resolveBracketedName,
	validateGathered,
} from './contract-params';
import type { LoadedContract, OperationSpec, ParameterSpec } from './contract-types';
import { childPath, describe, isPlainObject, listNames } from './contract-util';

/** Swagger 2 (Files.com): `in: body` schema, or `in: formData` parameters filled from a JSON or form body. */
export function checkSwaggerBody(
	spec: LoadedContract,
	operation: OperationSpec,
	body: unknown,
	contentType: string | undefined,
	errors: string[],
): void {
	const empty = isEmptyBody(body);
	const takesBody = operation.bodyParameter !== undefined || operation.formParameters.size > 0;
	if (!takesBody) {
		if (!empty)
			errors.push(`request.body: ${operation.operationId} documents no request body parameters`);
		return;
	}
	const mediaType =
		mediaTypeOf(contentType) ?? (empty || isPlainObject(body) ? 'application/json' : undefined);
	if (!empty && !mediaType) {
		errors.push('request.body: a body was sent without a Content-Type');
		return;
	}
	if (
		!empty &&
		mediaType &&
		operation.consumes.length > 0 &&
		!operation.consumes.includes(mediaType)
	) {
		errors.push(
			`request.headers.content-type: ${mediaType} is not accepted (consumes: ${operation.consumes.join(', ')})`,
		);
		return;
	}
	const kind = bodyKindOf(mediaType ?? 'application/json');
	if (operation.bodyParameter) {
		const parsed = empty ? undefined : parseJsonBody(body, 'request.body', errors);
		if (parsed === undefined) {
			if (operation.bodyParameter.required && empty)
				errors.push('request.body: required request body is missing');
			return;
		}
		spec.validator.validate(operation.bodyParameter.schema, parsed, 'request.body', errors);
		return;
	}
	const present =
		kind === 'json'
			? checkJsonFormParameters(
					spec,
					operation,
					empty ? {} : parseJsonBody(body, 'request.body', errors),
					errors,
				)
			: checkFormFieldParameters(
					spec,
					operation,
					empty ? {} : parseFormBody(body, kind, contentType),
					errors,
				);
	for (const param of operation.formParameters.values()) {
		if (param.required && !present.has(param)) {
			errors.push(`request.body${childPath('', param.name)}: required parameter is missing`);
		}
	}
}

/**
 * Files.com quirk: parameters are documented as formData but clients send JSON; a JSON body's keys are those
 * parameters, typed strictly. Bracketed names (`etags[etag]`, `etags[part]`) are the fields of an array of objects
 * (`"etags": [{"etag": "...", "part": 1}]`). Returns the parameters that were given.
 */
function checkJsonFormParameters(
	spec: LoadedContract,
	operation: OperationSpec,
	body: unknown,
	errors: string[],
): Set<ParameterSpec> {
	const present = new Set<ParameterSpec>();
	if (body === undefined) return present;
	if (!isPlainObject(body)) {
		errors.push(
			`request.body: expected a JSON object of parameters, got ${describe(body, 'request.body')}`,
		);
		return present;
	}
	for (const [key, value] of Object.entries(body)) {
		if (value === undefined) continue;
		const at = `request.body${childPath('', key)}`;
		const param = operation.formParameters.get(key);
		if (param) {
			present.add(param);
			spec.validator.validate(param.schema, value, at, errors);
			continue;
		}
		const nested = nestedParameters(operation, key);
		if (nested.length > 0) {
			checkNestedParameters(spec, key, value, nested, { present, errors, fromForm: false });
			continue;
		}
		errors.push(
			`${at}: unknown body parameter (documented: ${listNames(operation.formParameters.keys())})`,
		);
	}
	return present;
}

/** formData parameters named `key[field]`. */
function nestedParameters(operation: OperationSpec, key: string): ParameterSpec[] {
	return [...operation.formParameters.values()].filter((p) => p.name.startsWith(`${key}[`));
}

interface NestedCheck {
	present: Set<ParameterSpec>;
	errors: string[];
	/** Values come from a form (strings to coerce) rather than typed JSON. */
	fromForm: boolean;
}

function checkNestedParameters(
	spec: LoadedContract,
	key: string,
	value: unknown,
	nested: ParameterSpec[],
	{ present, errors, fromForm }: NestedCheck,
): void {
	const at = `request.body${childPath('', key)}`;
	const elements = Array.isArray(value) ? value : [value];
	elements.forEach((element, i) => {
		const elementAt = Array.isArray(value) ? `${at}[${i}]` : at;
		if (!isPlainObject(element)) {
			errors.push(
				`${elementAt}: expected an object with ${nested.map((p) => p.name).join(', ')}, got ${describe(element, elementAt)}`,
			);
			return;
		}
		for (const [field, fieldValue] of Object.entries(element)) {
			const param = nested.find((p) => p.name === `${key}[${field}]`);
			const fieldAt = `${elementAt}${childPath('', field)}`;
			if (!param) {
				errors.push(
					`${fieldAt}: unknown body parameter (documented: ${nested.map((p) => p.name).join(', ')})`,
				);
				continue;
			}
			present.add(param);
			const resolved = spec.validator.resolve(param.schema);
			// `etags[part]` is documented as an array of integers: one element per array entry.
			const elementSchema = spec.validator.typesOf(resolved).includes('array')
				? (resolved.items ?? {})
				: resolved;
			const typed =
				fromForm && typeof fieldValue === 'string'
					? coerceString(spec.validator, fieldValue, elementSchema)
					: fieldValue;
			spec.validator.validate(elementSchema, typed, fieldAt, errors);
		}
	});
}

/** Form bodies (urlencoded, multipart): field names may carry Rails brackets; values are strings to coerce. */
function checkFormFieldParameters(
	spec: LoadedContract,
	operation: OperationSpec,
	fields: Record<string, unknown>,
	errors: string[],
): Set<ParameterSpec> {
	const gathered = new Map<ParameterSpec, GatheredValues>();
	const present = new Set<ParameterSpec>();
	for (const [name, rawValue] of Object.entries(fields)) {
		if (rawValue === undefined) continue;
		const at = `request.body${childPath('', name)}`;
		const target = resolveBracketedName(spec.validator, operation.formParameters, name);
		const nested = target ? [] : nestedParameters(operation, name);
		if (nested.length > 0) {
			// The capture already expanded `etags[][etag]=...` into objects (as `qs` does).
			checkNestedParameters(spec, name, rawValue, nested, { present, errors, fromForm: true });
			continue;
		}
		if (!target) {
			errors.push(
				`${at}: unknown body parameter (documented: ${listNames(operation.formParameters.keys())})`,
			);
			continue;
		}
		present.add(target.param);
		const isFile = spec.validator.typesOf(target.param.schema).length === 0;
		if (isFile) continue; // Files.com `type: file`: any content
		const value = Buffer.isBuffer(rawValue) ? rawValue.toString('utf8') : rawValue;
		if (!isFormScalar(value, true)) {
			spec.validator.validate(target.param.schema, value, at, errors); // already parsed, e.g. an object
			continue;
		}
		for (const item of Array.isArray(value) ? value : [value])
			gatherValue(gathered, target, String(item));
	}
	validateGathered(spec, gathered, 'request.body', errors);
	return present;
}
