/** OpenAPI 3 request bodies (Laserfiche): requestBody content by media type (JSON, urlencoded, multipart). */
import { checkSwaggerBody } from './contract-body-swagger';
import { coerceString, coerceValues, isFormScalar } from './contract-coerce';
import {
	bodyKindOf,
	findMediaType,
	headerValue,
	isEmptyBody,
	isJsonMediaType,
	mediaTypeOf,
	parseFormBody,
	parseJsonBody,
} from './contract-media';
import type {
	CapturedRequest,
	LoadedContract,
	OperationSpec,
	RequestBodySpec,
	Schema,
} from './contract-types';
import { childPath, isPlainObject, listNames } from './contract-util';

export function checkRequestBody(
	spec: LoadedContract,
	operation: OperationSpec,
	req: CapturedRequest,
	errors: string[],
): void {
	const contentType = req.contentType ?? headerValue(req.headers, 'content-type');
	if (spec.dialect === 'swagger2') checkSwaggerBody(spec, operation, req.body, contentType, errors);
	else checkOpenApiBody(spec, operation, req.body, contentType, errors);
}

/** OpenAPI 3 (Laserfiche): requestBody content by media type. */
function checkOpenApiBody(
	spec: LoadedContract,
	operation: OperationSpec,
	body: unknown,
	contentType: string | undefined,
	errors: string[],
): void {
	const requestBody = operation.requestBody;
	const empty = isEmptyBody(body);
	if (!requestBody) {
		if (!empty) errors.push(`request.body: ${operation.operationId} documents no request body`);
		return;
	}
	if (empty) {
		if (requestBody.required) errors.push('request.body: required request body is missing');
		return;
	}
	const mediaType = mediaTypeOf(contentType) ?? inferMediaType(requestBody, body);
	const documented = [...requestBody.content.keys()];
	const entry = mediaType ? findMediaType(requestBody.content, mediaType) : undefined;
	if (!mediaType || !entry) {
		errors.push(
			`request.headers.content-type: ${mediaType ?? '(none)'} is not documented (documented: ${documented.join(', ')})`,
		);
		return;
	}
	const schema = entry[1] ?? {};
	const kind = bodyKindOf(mediaType);
	if (kind === 'json') {
		const parsed = parseJsonBody(body, 'request.body', errors);
		if (parsed !== undefined) spec.validator.validate(schema, parsed, 'request.body', errors);
	} else if (kind === 'urlencoded') {
		checkUrlencodedObject(spec, schema, parseFormBody(body, kind, contentType), errors);
	} else if (kind === 'multipart') {
		checkMultipartParts(spec, schema, parseFormBody(body, kind, contentType), errors);
	}
}

function inferMediaType(requestBody: RequestBodySpec, body: unknown): string | undefined {
	const documented = [...requestBody.content.keys()];
	if (isPlainObject(body) || Array.isArray(body)) {
		return documented.find(isJsonMediaType) ?? documented.find((m) => bodyKindOf(m) !== 'other');
	}
	return documented.length === 1 ? documented[0] : undefined;
}

/** urlencoded body against an object schema: each field coerced from string per its property schema. */
function checkUrlencodedObject(
	spec: LoadedContract,
	schema: Schema,
	fields: Record<string, unknown>,
	errors: string[],
): void {
	const properties = spec.validator.objectProperties(schema);
	const object: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		const propertySchema = properties[name] ?? {};
		const at = `request.body${childPath('', name)}`;
		object[name] = isFormScalar(value, true)
			? coerceValues(
					spec.validator,
					(Array.isArray(value) ? value : [value]).map(String),
					propertySchema,
					at,
					errors,
				)
			: value;
	}
	spec.validator.validate(schema, object, 'request.body', errors);
}

/** multipart body: part names must be documented, required parts present; JSON parts are validated. */
function checkMultipartParts(
	spec: LoadedContract,
	schema: Schema,
	parts: Record<string, unknown>,
	errors: string[],
): void {
	const properties = spec.validator.objectProperties(schema);
	for (const [name, value] of Object.entries(parts)) {
		if (value === undefined) continue;
		const at = `request.body${childPath('', name)}`;
		const partSchema = properties[name];
		if (!partSchema) {
			errors.push(
				`${at}: unknown multipart part (documented: ${listNames(Object.keys(properties))})`,
			);
			continue;
		}
		checkMultipartPart(spec, partSchema, value, at, errors);
	}
	for (const name of spec.validator.requiredProperties(schema)) {
		if (parts[name] === undefined)
			errors.push(`request.body${childPath('', name)}: required multipart part is missing`);
	}
}

function checkMultipartPart(
	spec: LoadedContract,
	schema: Schema,
	value: unknown,
	at: string,
	errors: string[],
): void {
	const resolved = spec.validator.resolve(schema);
	if (resolved.format === 'binary') return; // file content: anything goes
	const types = spec.validator.typesOf(resolved);
	const structured = types.length === 0 || types.includes('object') || types.includes('array');
	if (structured && (typeof value === 'string' || Buffer.isBuffer(value))) {
		// e.g. Laserfiche `request` part: a JSON document inside a form field.
		const parsed = parseJsonBody(value, at, errors);
		if (parsed !== undefined) spec.validator.validate(resolved, parsed, at, errors);
		return;
	}
	const coerced = typeof value === 'string' ? coerceString(spec.validator, value, resolved) : value;
	spec.validator.validate(resolved, coerced, at, errors);
}
