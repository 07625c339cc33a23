/**
 * Responses of a located operation: the status must be documented (or be a common error status answered with an
 * error document), the media type documented, a JSON body valid against its schema.
 */
import {
	findMediaType,
	headerValue,
	isEmptyBody,
	isJsonMediaType,
	mediaTypeOf,
	parseJsonBody,
} from './contract-media';
import type {
	CapturedRequest,
	CapturedResponse,
	LoadedContract,
	OperationSpec,
	ResponseSpec,
	Schema,
} from './contract-types';
import { childPath, describe, isPlainObject } from './contract-util';

/** Files.com's documented error document (error-catalog.json, recorded traffic); the Swagger has no schema for it. */
export const FILESCOM_ERROR_SCHEMA: Schema = {
	type: 'object',
	required: ['error', 'http-code', 'title', 'type'],
	properties: {
		error: { type: 'string' },
		'http-code': { type: 'integer' },
		instance: { type: 'string' },
		title: { type: 'string' },
		type: { type: 'string' },
	},
};

/** Error statuses any operation may answer with, documented or not: then only an error document is required. */
const COMMON_ERROR_STATUSES = new Set([400, 401, 403, 404, 409, 422, 423, 429, 500, 502, 503]);

export function checkResponseAgainstOperation(
	spec: LoadedContract,
	operation: OperationSpec,
	req: CapturedRequest,
	res: CapturedResponse,
	errors: string[],
): void {
	const response = pickResponse(operation, res.status);
	if (!response) {
		if (COMMON_ERROR_STATUSES.has(res.status)) {
			checkErrorDocument(spec, spec.fallbackErrorSchema, res, errors);
		} else {
			const documented = [...operation.responses.keys()].join(', ');
			errors.push(
				`response.status: ${res.status} is not documented for ${operation.operationId} (documented: ${documented})`,
			);
		}
		return;
	}
	if (req.method.toLowerCase() === 'head') return; // HEAD responses carry no body
	if (res.status === 204 || res.status === 304) {
		if (!isEmptyBody(res.body))
			errors.push(`response.body: a ${res.status} response must have no body`);
		return;
	}
	if (response.content.size === 0) {
		// Files.com documents its error statuses without a schema: the body is its error document.
		if (spec.name === 'filescom' && res.status >= 400)
			checkErrorDocument(spec, FILESCOM_ERROR_SCHEMA, res, errors);
		return;
	}
	checkResponseContent(spec, response, res, errors);
}

function pickResponse(operation: OperationSpec, status: number): ResponseSpec | undefined {
	return (
		operation.responses.get(String(status)) ??
		operation.responses.get(`${String(status)[0]}XX`) ??
		operation.responses.get('DEFAULT')
	);
}

function checkResponseContent(
	spec: LoadedContract,
	response: ResponseSpec,
	res: CapturedResponse,
	errors: string[],
): void {
	const actual = mediaTypeOf(headerValue(res.headers, 'content-type'));
	const documented = [...response.content.keys()];
	const entry = actual ? findMediaType(response.content, actual) : firstJsonEntry(response.content);
	if (!entry) {
		errors.push(
			`response.headers.content-type: ${actual ?? '(none)'} is not documented (documented: ${documented.join(', ')})`,
		);
		return;
	}
	const [mediaType, schema] = entry;
	if (!schema || !isJsonMediaType(mediaType)) return; // binary (e.g. an edoc download): nothing to validate
	const body = parseJsonBody(res.body, 'response.body', errors);
	if (body === undefined) {
		errors.push('response.body: missing, but the response documents a JSON body');
		return;
	}
	spec.responseValidator.validate(schema, body, 'response.body', errors);
	if (res.status >= 400) checkErrorStatusField(spec, body, res.status, errors);
}

function firstJsonEntry(
	content: Map<string, Schema | undefined>,
): [string, Schema | undefined] | undefined {
	for (const entry of content) if (isJsonMediaType(entry[0])) return entry;
	return content.entries().next().value;
}

function checkErrorDocument(
	spec: LoadedContract,
	schema: Schema,
	res: CapturedResponse,
	errors: string[],
): void {
	const parseErrors: string[] = [];
	const body = parseJsonBody(res.body, 'response.body', parseErrors);
	if (parseErrors.length > 0) {
		errors.push(...parseErrors);
		return;
	}
	if (!isPlainObject(body)) {
		errors.push(
			`response.body: a ${res.status} response must carry a JSON error document, got ${describe(body, 'response.body')}`,
		);
		return;
	}
	spec.responseValidator.validate(schema, body, 'response.body', errors);
	checkErrorStatusField(spec, body, res.status, errors);
}

/** Files.com `http-code` and Laserfiche ProblemDetails `status` repeat the HTTP status. */
function checkErrorStatusField(
	spec: LoadedContract,
	body: unknown,
	status: number,
	errors: string[],
): void {
	if (!isPlainObject(body)) return;
	const field = spec.name === 'filescom' ? 'http-code' : 'status';
	const value = body[field];
	if (typeof value === 'number' && value !== status) {
		errors.push(
			`response.body${childPath('', field)}: ${value} does not match the HTTP status ${status}`,
		);
	}
}
