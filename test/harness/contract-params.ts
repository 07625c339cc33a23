/**
 * Query parameters and headers of a located operation: names must be documented (transport and authentication
 * headers excepted), values are coerced from strings and validated, required ones must be present.
 */
import { coerceValues } from './contract-coerce';
import type {
	CapturedRequest,
	LoadedContract,
	OperationSpec,
	ParameterSpec,
} from './contract-types';
import { childPath, listNames } from './contract-util';
import type { SchemaValidator } from './contract-validator';

/** Headers that belong to HTTP itself or to authentication, never to an operation's parameters. */
const TRANSPORT_HEADERS = new Set([
	'accept',
	'accept-charset',
	'accept-encoding',
	'accept-language',
	'authorization',
	'cache-control',
	'connection',
	'content-encoding',
	'content-length',
	'content-type',
	'cookie',
	'date',
	'expect',
	'host',
	'keep-alive',
	'origin',
	'pragma',
	'proxy-authorization',
	'proxy-connection',
	'referer',
	'te',
	'traceparent',
	'tracestate',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'user-agent',
	'via',
	'x-filesapi-key',
	'x-forwarded-for',
	'x-forwarded-host',
	'x-forwarded-proto',
]);

/** Values gathered for one parameter from query or form fields. */
export interface GatheredValues {
	values: string[];
	/** Rails-style `name[key]=value` for object parameters (Files.com `sort_by[path]=asc`, `filter[...]`). */
	object?: Record<string, string>;
}

export function checkQuery(
	spec: LoadedContract,
	operation: OperationSpec,
	query: Array<[string, string]>,
	errors: string[],
): void {
	const gathered = new Map<ParameterSpec, GatheredValues>();
	for (const [name, value] of query) {
		const at = `request.query${childPath('', name)}`;
		const target = resolveBracketedName(spec.validator, operation.queryParameters, name);
		if (!target) {
			errors.push(`${at}: ${unknownQueryReason(operation, name)}`);
			continue;
		}
		gatherValue(gathered, target, value);
	}
	validateGathered(spec, gathered, 'request.query', errors);
	for (const param of operation.queryParameters.values()) {
		if (param.required && !gathered.has(param)) {
			errors.push(`request.query${childPath('', param.name)}: required query parameter is missing`);
		}
	}
}

function unknownQueryReason(operation: OperationSpec, name: string): string {
	const base = name.replace(/\[.*$/, '');
	const hint =
		operation.formParameters.has(name) || operation.formParameters.has(base)
			? ' (it is documented as a body parameter: send it in the request body)'
			: '';
	return `unknown query parameter${hint} (documented: ${listNames(operation.queryParameters.keys())})`;
}

export interface BracketTarget {
	param: ParameterSpec;
	/** Key inside an object parameter (`sort_by[path]` -> "path"). */
	objectKey?: string;
}

/**
 * Maps a query/form field name onto a documented parameter: exact name first (Laserfiche `$top`, Files.com
 * `etags[etag]`), then `name[]` / `name[0]` (arrays), then `name[key]` (object parameters).
 */
export function resolveBracketedName(
	validator: SchemaValidator,
	params: Map<string, ParameterSpec>,
	name: string,
): BracketTarget | undefined {
	const exact = params.get(name);
	if (exact) return { param: exact };
	const withoutIndexes = name.replace(/\[\d*\]/g, '');
	const indexed = params.get(withoutIndexes);
	if (indexed) return { param: indexed };
	const nested = /^([^[\]]+)\[([^[\]]+)\]/.exec(withoutIndexes);
	if (!nested) return undefined;
	const parent = params.get(nested[1]);
	if (!parent || !validator.typesOf(parent.schema).includes('object')) return undefined;
	return { param: parent, objectKey: withoutIndexes.slice(nested[1].length) };
}

export function gatherValue(
	gathered: Map<ParameterSpec, GatheredValues>,
	target: BracketTarget,
	value: string,
): void {
	const entry = gathered.get(target.param) ?? { values: [] };
	if (target.objectKey !== undefined) {
		entry.object = { ...entry.object, [target.objectKey.replace(/^\[|\]$/g, '')]: value };
	} else {
		entry.values.push(value);
	}
	gathered.set(target.param, entry);
}

export function validateGathered(
	spec: LoadedContract,
	gathered: Map<ParameterSpec, GatheredValues>,
	prefix: string,
	errors: string[],
): void {
	for (const [param, entry] of gathered) {
		const at = `${prefix}${childPath('', param.name)}`;
		const value =
			entry.object ?? coerceValues(spec.validator, entry.values, param.schema, at, errors);
		if (value !== undefined) spec.validator.validate(param.schema, value, at, errors);
	}
}

export function checkHeaders(
	spec: LoadedContract,
	operation: OperationSpec,
	headers: CapturedRequest['headers'],
	errors: string[],
): void {
	const present = new Set<string>();
	for (const [rawName, rawValue] of Object.entries(headers ?? {})) {
		if (rawValue === undefined) continue;
		const name = rawName.toLowerCase();
		present.add(name);
		const at = `request.headers${childPath('', name)}`;
		const param = operation.headerParameters.get(name);
		if (param) {
			const values = Array.isArray(rawValue) ? rawValue : [rawValue];
			const value = coerceValues(spec.validator, values, param.schema, at, errors);
			if (value !== undefined) spec.validator.validate(param.schema, value, at, errors);
		} else if (!TRANSPORT_HEADERS.has(name)) {
			const documented = listNames(operation.headerParameters.keys());
			errors.push(
				`${at}: header is not documented for ${operation.operationId} (documented: ${documented})`,
			);
		}
	}
	for (const [name, param] of operation.headerParameters) {
		if (param.required && !present.has(name))
			errors.push(`request.headers.${name}: required header is missing`);
	}
}
