/**
 * Contract checks: is a captured HTTP exchange a documented operation of the official API description?
 *
 * Emulator-backed tests feed every request our nodes send (and every response an emulator gives) through
 * `checkRequest` / `checkResponse`. The specs are the copies in test/contracts/ (see its README):
 * Files.com (Swagger 2.0) and Laserfiche (OpenAPI 3.0). Each spec is parsed once, lazily, and its paths are
 * compiled into an index so that thousands of checks per test run stay cheap.
 *
 * The schema validator is a deliberately small JSON-Schema subset, enough for these specs: type (also type
 * arrays such as ["null","string"]), nullable, enum, format date-time/date (loosely), min/maxLength, pattern,
 * minimum/maximum, min/maxItems, properties, required, additionalProperties, items, allOf, oneOf, anyOf,
 * discriminator and $ref (#/definitions/..., #/components/schemas/...).
 *
 * Spec quirks handled here (each is explained where it is handled):
 * - Files.com documents POST/PATCH parameters as `formData` while clients send JSON; a JSON body's keys are
 *   treated as those formData parameters (typed strictly), a form body's fields are coerced from strings.
 * - Files.com's `{path}` parameter spans several segments (and may be `%2F`-encoded as a whole); folder listings
 *   accept the empty path (root: `GET /folders/`).
 * - Files.com bracketed formData names (`etags[etag]`, `etags[part]`) map onto a JSON array of objects
 *   (`etags: [{etag, part}]`) or onto form fields (`etags[][etag]`).
 * - Files.com's Swagger 2 has no `nullable`, yet the real API returns null for unset fields: null is accepted for
 *   any Files.com value. Integers marked int32 (e.g. file `size`) are not range-checked.
 * - Files.com documents its error statuses without a schema: error bodies are checked against the documented
 *   error document `{error, http-code, instance, title, type}` instead.
 * - Laserfiche (NSwag output) models inheritance as `allOf: [Base, {additionalProperties: false, ...}]` with
 *   `additionalProperties: false` on the base too; allOf branches are therefore merged before validation.
 * - Laserfiche's Entry discriminator is named "entry Type" (with a space) while the payload property is
 *   `entryType`; the discriminator and its `required` entry are read as `entryType`.
 * - Laserfiche list operations allow OData `$skiptoken` (it is in their summaries and in `@odata.nextLink`)
 *   without declaring it as a parameter; it is accepted where the summary lists SkipToken.
 * - Laserfiche payloads carry OData annotations (`@odata.context`, `@odata.type`) that no schema declares; they
 *   are accepted even under `additionalProperties: false`.
 * - Laserfiche (ASP.NET) binds JSON request properties case-insensitively (the spec's `jPEGCompressionLevel` is
 *   written `jpegCompressionLevel` in Laserfiche's guides), so request bodies match property names ignoring case;
 *   responses must use the documented spelling.
 * - The self-hosted token response schema names the lifetime `expire_in` (with additionalProperties: false) while
 *   Laserfiche's documentation and JS client use `expires_in`: both are accepted (see `applySpecPatches`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

export type ContractName =
	| 'filescom'
	| 'laserfiche-v1'
	| 'laserfiche-v2'
	| 'laserfiche-cloud-oauth'
	| 'laserfiche-selfhosted-token';

export interface CapturedRequest {
	/** Any case. */
	method: string;
	/** Full URL or path+query. Everything up to the spec's base is stripped (see `relativePath`). */
	url: string;
	headers?: Record<string, string | string[] | undefined>;
	/** Parsed JSON, a Record of form fields (urlencoded or multipart), a Buffer/string, or undefined. */
	body?: unknown;
	/** Defaults to headers['content-type']. */
	contentType?: string;
}

export interface CapturedResponse {
	status: number;
	headers?: Record<string, string | string[] | undefined>;
	/** Parsed JSON when JSON (a JSON string or Buffer is parsed here too). */
	body?: unknown;
}

export interface ContractResult {
	ok: boolean;
	operationId?: string;
	pathTemplate?: string;
	errors: string[];
}

export function checkRequest(contract: ContractName, req: CapturedRequest): ContractResult {
	const spec = loadContract(contract);
	const located = locateOperation(spec, req);
	if (!located.operation) return finish(undefined, located.errors);
	const errors = [...located.errors];
	const operation = located.operation;
	checkQuery(spec, operation, located.query, errors);
	checkHeaders(spec, operation, req.headers, errors);
	checkRequestBody(spec, operation, req, errors);
	return finish(operation, errors);
}

export function checkResponse(
	contract: ContractName,
	req: CapturedRequest,
	res: CapturedResponse,
): ContractResult {
	const spec = loadContract(contract);
	const located = locateOperation(spec, req);
	if (!located.operation) {
		return finish(undefined, [
			'response cannot be matched to a documented operation:',
			...located.errors,
		]);
	}
	const errors: string[] = [];
	checkResponseAgainstOperation(spec, located.operation, req, res, errors);
	return finish(located.operation, errors);
}

export function assertRequestInContract(contract: ContractName, req: CapturedRequest): void {
	const result = checkRequest(contract, req);
	if (!result.ok) throw new Error(violationMessage(contract, 'request', req, result));
}

export function assertResponseInContract(
	contract: ContractName,
	req: CapturedRequest,
	res: CapturedResponse,
): void {
	const result = checkResponse(contract, req, res);
	if (!result.ok)
		throw new Error(violationMessage(contract, `response ${res.status}`, req, result));
}

/**
 * Which contract a captured URL belongs to, or undefined (e.g. an emulator's pre-signed upload/download URL
 * that no spec documents). Rules, in order: a path containing `/api/rest/v1` is Files.com; `/v1/Repositories/{id}/Token`
 * is the self-hosted token endpoint; a `/v1/Repositories` or `/v2/Repositories` path is the Laserfiche
 * repository API of that version; a path ending in `/Token` is the Laserfiche Cloud OAuth endpoint.
 */
export function contractForUrl(url: string): ContractName | undefined {
	const { path } = splitUrl(url);
	if (FILESCOM_BASE_PATTERN.test(path)) return 'filescom';
	const repository = /\/(v1|v2)\/repositories(?=\/|$)/i.exec(path);
	if (repository) {
		const version = repository[1].toLowerCase();
		if (
			version === 'v1' &&
			/^\/v1\/repositories\/[^/]+\/token$/i.test(path.slice(repository.index))
		) {
			return 'laserfiche-selfhosted-token';
		}
		return version === 'v1' ? 'laserfiche-v1' : 'laserfiche-v2';
	}
	if (/\/token$/i.test(path)) return 'laserfiche-cloud-oauth';
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Spec model
// ---------------------------------------------------------------------------------------------------------

/** The JSON-Schema subset we read (Swagger 2 and OpenAPI 3 flavours). */
interface Schema {
	$ref?: string;
	type?: string | string[];
	format?: string;
	nullable?: boolean;
	enum?: unknown[];
	properties?: Record<string, Schema>;
	required?: string[];
	additionalProperties?: boolean | Schema;
	items?: Schema;
	allOf?: Schema[];
	oneOf?: Schema[];
	anyOf?: Schema[];
	discriminator?: { propertyName: string; mapping?: Record<string, string> };
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	minimum?: number;
	maximum?: number;
	minItems?: number;
	maxItems?: number;
}

interface RawParameter {
	name: string;
	in: string;
	required?: boolean;
	schema?: Schema;
	type?: string;
	format?: string;
	items?: Schema;
	enum?: unknown[];
}

interface RawMediaType {
	schema?: Schema;
}

interface RawOperation {
	operationId?: string;
	summary?: string;
	description?: string;
	parameters?: RawParameter[];
	consumes?: string[];
	requestBody?: { required?: boolean; content?: Record<string, RawMediaType> };
	responses?: Record<string, { schema?: Schema; content?: Record<string, RawMediaType> }>;
}

interface SpecDocument {
	swagger?: string;
	openapi?: string;
	paths: Record<string, Record<string, RawOperation>>;
}

type ParameterLocation = 'path' | 'query' | 'header' | 'formData' | 'body';

interface ParameterSpec {
	name: string;
	location: ParameterLocation;
	required: boolean;
	schema: Schema;
}

interface RequestBodySpec {
	required: boolean;
	/** media type (lower case) -> schema */
	content: Map<string, Schema | undefined>;
}

interface ResponseSpec {
	/** media type (lower case) -> schema; empty when the response documents no body. */
	content: Map<string, Schema | undefined>;
}

interface OperationSpec {
	method: string;
	pathTemplate: string;
	operationId: string;
	pathParameters: Map<string, ParameterSpec>;
	/** By exact name. */
	queryParameters: Map<string, ParameterSpec>;
	/** By lower-case name. */
	headerParameters: Map<string, ParameterSpec>;
	/** Swagger 2 `in: formData`, by exact name. */
	formParameters: Map<string, ParameterSpec>;
	/** Swagger 2 `in: body`. */
	bodyParameter?: ParameterSpec;
	/** OpenAPI 3 requestBody. */
	requestBody?: RequestBodySpec;
	/** Swagger 2 `consumes` (lower case). */
	consumes: string[];
	responses: Map<string, ResponseSpec>;
}

type TemplateSegment = { kind: 'literal'; text: string } | { kind: 'param'; name: string };

interface CompiledTemplate {
	template: string;
	segments: TemplateSegment[];
	/** Index of a parameter that spans the rest of the path (Files.com `{path}`), if any. */
	greedyIndex: number | undefined;
	/** Literal-segment pattern used to prefer the most specific template, e.g. "1101". */
	specificity: string;
	operations: Map<string, OperationSpec>;
}

interface LoadedContract {
	name: ContractName;
	dialect: 'swagger2' | 'openapi3';
	/** Laserfiche (ASP.NET) routes match literal segments case-insensitively; Files.com's do not. */
	caseInsensitivePaths: boolean;
	/** Validates what clients send (Laserfiche: property names ignore case, as ASP.NET binds them). */
	validator: SchemaValidator;
	/** Validates what servers answer (documented spelling only). */
	responseValidator: SchemaValidator;
	/** First literal segment (normalised) -> templates starting with it. */
	index: Map<string, CompiledTemplate[]>;
	/** Schema used for error responses the operation does not document. */
	fallbackErrorSchema: Schema;
}

const CONTRACTS_DIR = join(__dirname, '..', 'contracts');

const CONTRACT_FILES: Record<ContractName, string> = {
	filescom: 'filescom/swagger_doc.json',
	'laserfiche-v1': 'laserfiche/repository-api-v1.swagger.json',
	'laserfiche-v2': 'laserfiche/repository-api-v2.swagger.json',
	'laserfiche-cloud-oauth': 'laserfiche/cloud-oauth.swagger.json',
	'laserfiche-selfhosted-token': 'laserfiche/selfhosted-token.swagger.json',
};

const FILESCOM_BASE = '/api/rest/v1';
const FILESCOM_BASE_PATTERN = /\/api\/rest\/v1(?=\/|$)/;

/** Files.com's documented error document (error-catalog.json, recorded traffic); the Swagger has no schema for it. */
const FILESCOM_ERROR_SCHEMA: Schema = {
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

const MAX_ERRORS = 50;

const loaded = new Map<ContractName, LoadedContract>();

function loadContract(name: ContractName): LoadedContract {
	const cached = loaded.get(name);
	if (cached) return cached;
	const file = CONTRACT_FILES[name];
	if (!file) throw new Error(`Unknown contract "${String(name)}"`);
	const doc = JSON.parse(readFileSync(join(CONTRACTS_DIR, file), 'utf8')) as SpecDocument;
	applySpecPatches(name, doc);
	const contract = buildContract(name, doc);
	loaded.set(name, contract);
	return contract;
}

/**
 * Documented corrections of the published specs, each backed by Laserfiche's or Files.com's own material.
 * Keep this list short: everything else is checked as published.
 */
function applySpecPatches(name: ContractName, doc: SpecDocument): void {
	if (name === 'laserfiche-selfhosted-token') {
		// SessionKeyInfo documents `expire_in` (additionalProperties: false), but the API Server documentation
		// (developer.laserfiche.com/docs/api/server) and the official JS client read `expires_in`.
		const sessionKeyInfo = (doc as { components?: { schemas?: Record<string, Schema> } }).components
			?.schemas?.SessionKeyInfo;
		if (sessionKeyInfo?.properties && !sessionKeyInfo.properties.expires_in) {
			sessionKeyInfo.properties.expires_in = { type: 'integer', format: 'int32' };
		}
	}
}

function buildContract(name: ContractName, doc: SpecDocument): LoadedContract {
	const dialect = doc.swagger ? 'swagger2' : 'openapi3';
	const isFilesCom = name === 'filescom';
	const responseOptions: ValidatorOptions = {
		nullAlwaysAllowed: isFilesCom,
		odataAnnotations: !isFilesCom,
		caseInsensitiveProperties: false,
	};
	const validator = new SchemaValidator(doc, {
		...responseOptions,
		caseInsensitiveProperties: !isFilesCom,
	});
	const responseValidator = new SchemaValidator(doc, responseOptions);
	const caseInsensitivePaths = !isFilesCom;
	const index = new Map<string, CompiledTemplate[]>();
	for (const [template, pathItem] of Object.entries(doc.paths)) {
		const compiled = compileTemplate(template, isFilesCom, caseInsensitivePaths);
		for (const [method, raw] of Object.entries(pathItem)) {
			if (!HTTP_METHODS.has(method)) continue;
			compiled.operations.set(method, buildOperation(dialect, method, template, raw));
		}
		const key = firstSegmentKey(compiled);
		index.set(key, [...(index.get(key) ?? []), compiled]);
	}
	const problemDetails = validator.tryResolveRef('#/components/schemas/ProblemDetails');
	return {
		name,
		dialect,
		caseInsensitivePaths,
		validator,
		responseValidator,
		index,
		fallbackErrorSchema: isFilesCom
			? FILESCOM_ERROR_SCHEMA
			: (problemDetails ?? { type: 'object' }),
	};
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function compileTemplate(
	template: string,
	isFilesCom: boolean,
	caseInsensitive: boolean,
): CompiledTemplate {
	const segments: TemplateSegment[] = template
		.slice(1)
		.split('/')
		.map((text) => {
			const param = /^\{([^}]+)\}$/.exec(text);
			if (param) return { kind: 'param', name: param[1] };
			return { kind: 'literal', text: caseInsensitive ? text.toLowerCase() : text };
		});
	const last = segments[segments.length - 1];
	// Files.com: `{path}` (always the last segment) is a file-system path such as "a/b/c.txt".
	const greedy = isFilesCom && last?.kind === 'param' && last.name === 'path';
	return {
		template,
		segments,
		greedyIndex: greedy ? segments.length - 1 : undefined,
		specificity: segments.map((s) => (s.kind === 'literal' ? '1' : '0')).join(''),
		operations: new Map(),
	};
}

function firstSegmentKey(template: CompiledTemplate): string {
	const first = template.segments[0];
	return first?.kind === 'literal' ? first.text : '*';
}

function buildOperation(
	dialect: 'swagger2' | 'openapi3',
	method: string,
	pathTemplate: string,
	raw: RawOperation,
): OperationSpec {
	const operation: OperationSpec = {
		method,
		pathTemplate,
		operationId: raw.operationId ?? `${method.toUpperCase()} ${pathTemplate}`,
		pathParameters: new Map(),
		queryParameters: new Map(),
		headerParameters: new Map(),
		formParameters: new Map(),
		consumes: (raw.consumes ?? []).map((m) => m.toLowerCase()),
		responses: new Map(),
	};
	for (const rawParam of raw.parameters ?? []) addParameter(operation, toParameterSpec(rawParam));
	addODataSkipToken(operation, raw);
	if (raw.requestBody) operation.requestBody = toRequestBodySpec(raw.requestBody);
	for (const [status, response] of Object.entries(raw.responses ?? {})) {
		operation.responses.set(status.toUpperCase(), toResponseSpec(dialect, response));
	}
	return operation;
}

function toParameterSpec(raw: RawParameter): ParameterSpec {
	const location = raw.in as ParameterLocation;
	// Swagger 2 puts the schema keywords on the parameter itself (except `in: body`).
	const schema: Schema = raw.schema ?? swaggerParameterSchema(raw);
	return { name: raw.name, location, required: raw.required === true, schema };
}

function swaggerParameterSchema(raw: RawParameter): Schema {
	// Files.com uses `type: file` for uploads in multipart bodies: no JSON type to check.
	if (raw.type === 'file') return {};
	const schema: Schema = { type: raw.type };
	if (raw.format) schema.format = raw.format;
	if (raw.items) schema.items = raw.items;
	if (raw.enum) schema.enum = raw.enum;
	return schema;
}

function addParameter(operation: OperationSpec, param: ParameterSpec): void {
	switch (param.location) {
		case 'path':
			operation.pathParameters.set(param.name, param);
			break;
		case 'query':
			operation.queryParameters.set(param.name, param);
			break;
		case 'header':
			operation.headerParameters.set(param.name.toLowerCase(), param);
			break;
		case 'formData':
			operation.formParameters.set(param.name, param);
			break;
		case 'body':
			operation.bodyParameter = param;
			break;
		default:
			break; // cookie parameters: none in these specs
	}
}

/**
 * Laserfiche quirk: collection operations say "Allowed OData query options: Select | Count | OrderBy | Skip |
 * Top | SkipToken | Prefer" and their `@odata.nextLink` carries `$skiptoken`, but `$skiptoken` is not declared.
 */
function addODataSkipToken(operation: OperationSpec, raw: RawOperation): void {
	const text = `${raw.summary ?? ''}\n${raw.description ?? ''}`;
	if (!/Allowed OData query options:[^\n]*SkipToken/i.test(text)) return;
	if (operation.queryParameters.has('$skiptoken')) return;
	operation.queryParameters.set('$skiptoken', {
		name: '$skiptoken',
		location: 'query',
		required: false,
		schema: { type: 'string' },
	});
}

function toRequestBodySpec(raw: NonNullable<RawOperation['requestBody']>): RequestBodySpec {
	const content = new Map<string, Schema | undefined>();
	for (const [mediaType, entry] of Object.entries(raw.content ?? {}))
		content.set(mediaType.toLowerCase(), entry.schema);
	return { required: raw.required === true, content };
}

function toResponseSpec(
	dialect: 'swagger2' | 'openapi3',
	raw: { schema?: Schema; content?: Record<string, RawMediaType> },
): ResponseSpec {
	const content = new Map<string, Schema | undefined>();
	if (dialect === 'swagger2') {
		// Every Files.com operation produces application/json only.
		if (raw.schema) content.set('application/json', raw.schema);
	} else {
		for (const [mediaType, entry] of Object.entries(raw.content ?? {}))
			content.set(mediaType.toLowerCase(), entry.schema);
	}
	return { content };
}

// ---------------------------------------------------------------------------------------------------------
// URLs and operation lookup
// ---------------------------------------------------------------------------------------------------------

interface SplitUrl {
	path: string;
	query: string;
	hasFragment: boolean;
}

/** Splits without normalising: percent-encoding and dot segments stay exactly as sent. */
function splitUrl(url: string): SplitUrl {
	let rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
	const hashAt = rest.indexOf('#');
	const hasFragment = hashAt >= 0;
	if (hasFragment) rest = rest.slice(0, hashAt);
	const queryAt = rest.indexOf('?');
	let path = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
	const query = queryAt >= 0 ? rest.slice(queryAt + 1) : '';
	if (!path.startsWith('/')) path = `/${path}`;
	return { path, query, hasFragment };
}

/** The request path relative to the spec's base, in the spec's own template form (e.g. "/folders/a" or "/v2/..."). */
function relativePath(contract: ContractName, path: string): string | undefined {
	switch (contract) {
		case 'filescom': {
			const match = FILESCOM_BASE_PATTERN.exec(path);
			if (!match) return undefined;
			return path.slice(match.index + FILESCOM_BASE.length) || '/';
		}
		case 'laserfiche-cloud-oauth': {
			const at = path.toLowerCase().lastIndexOf('/token');
			return at >= 0 ? path.slice(at) : undefined;
		}
		default: {
			const match = /\/v[12](?=\/|$)/i.exec(path);
			return match ? path.slice(match.index) : undefined;
		}
	}
}

function expectedBaseDescription(contract: ContractName): string {
	switch (contract) {
		case 'filescom':
			return `a path under ${FILESCOM_BASE}`;
		case 'laserfiche-cloud-oauth':
			return 'a path ending in /Token';
		default:
			return 'a path containing a /v1/ or /v2/ segment';
	}
}

interface LocatedOperation {
	operation?: OperationSpec;
	/** Decoded query (name, value) pairs. */
	query: Array<[string, string]>;
	errors: string[];
}

function locateOperation(spec: LoadedContract, req: CapturedRequest): LocatedOperation {
	const errors: string[] = [];
	const { path, query, hasFragment } = splitUrl(req.url);
	if (hasFragment)
		errors.push("request.url: contains a raw '#': it must be percent-encoded as %23");
	const relative = relativePath(spec.name, path);
	if (relative === undefined) {
		return {
			query: [],
			errors: [`request.url: ${path} is not ${expectedBaseDescription(spec.name)}`],
		};
	}
	const method = req.method.toLowerCase();
	const rawSegments = relative.slice(1).split('/');
	const matches = matchingTemplates(spec, rawSegments);
	if (matches.length === 0) {
		return {
			query: [],
			errors: [...errors, `request.path: no documented path matches ${relative}`],
		};
	}
	const withMethod = matches.filter((m) => m.template.operations.has(method));
	if (withMethod.length === 0) {
		const methods = new Set(matches.flatMap((m) => [...m.template.operations.keys()]));
		const documented = [...methods].map((m) => m.toUpperCase()).join(', ');
		const templates = matches.map((m) => m.template.template).join(', ');
		errors.push(
			`request.method: ${method.toUpperCase()} is not documented for ${templates} (documented: ${documented})`,
		);
		return { query: [], errors };
	}
	withMethod.sort((a, b) => b.template.specificity.localeCompare(a.template.specificity));
	const best = withMethod[0];
	const operation = best.template.operations.get(method) as OperationSpec;
	checkPathParameters(spec, operation, best.rawParams, errors);
	return { operation, query: parseQuery(query, errors), errors };
}

interface TemplateMatch {
	template: CompiledTemplate;
	/** Raw (still percent-encoded) path parameter values. */
	rawParams: Map<string, string>;
}

function matchingTemplates(spec: LoadedContract, rawSegments: string[]): TemplateMatch[] {
	const first = spec.caseInsensitivePaths ? rawSegments[0].toLowerCase() : rawSegments[0];
	const candidates = [...(spec.index.get(first) ?? []), ...(spec.index.get('*') ?? [])];
	const matches: TemplateMatch[] = [];
	for (const template of candidates) {
		const rawParams = matchTemplate(template, rawSegments, spec.caseInsensitivePaths);
		if (rawParams) matches.push({ template, rawParams });
	}
	return matches;
}

function matchTemplate(
	template: CompiledTemplate,
	rawSegments: string[],
	caseInsensitive: boolean,
): Map<string, string> | undefined {
	const { segments, greedyIndex } = template;
	const fixedCount = greedyIndex ?? segments.length;
	if (
		greedyIndex === undefined
			? rawSegments.length !== segments.length
			: rawSegments.length < segments.length
	) {
		return undefined;
	}
	const params = new Map<string, string>();
	for (let i = 0; i < fixedCount; i++) {
		const segment = segments[i];
		const raw = rawSegments[i];
		if (segment.kind === 'literal') {
			if ((caseInsensitive ? raw.toLowerCase() : raw) !== segment.text) return undefined;
		} else {
			if (raw === '') return undefined;
			params.set(segment.name, raw);
		}
	}
	if (greedyIndex !== undefined) {
		const segment = segments[greedyIndex] as { name: string };
		params.set(segment.name, rawSegments.slice(greedyIndex).join('/'));
	}
	return params;
}

function checkPathParameters(
	spec: LoadedContract,
	operation: OperationSpec,
	rawParams: Map<string, string>,
	errors: string[],
): void {
	for (const [name, raw] of rawParams) {
		const at = `request.path.${name}`;
		const decoded = decodeComponent(raw, at, errors);
		if (decoded === undefined) continue;
		const param = operation.pathParameters.get(name);
		if (!param) {
			errors.push(`${at}: path parameter is not declared by ${operation.operationId}`);
			continue;
		}
		if (decoded === '') {
			// Files.com lists the root folder as `GET /folders/` (empty path) in real traffic.
			if (!isRootListing(operation)) errors.push(`${at}: required path parameter is empty`);
			continue;
		}
		spec.validator.validate(
			param.schema,
			coerceString(spec.validator, decoded, param.schema),
			at,
			errors,
		);
	}
}

function isRootListing(operation: OperationSpec): boolean {
	return operation.method === 'get' && operation.pathTemplate.endsWith('/folders/{path}');
}

function decodeComponent(raw: string, at: string, errors: string[]): string | undefined {
	try {
		return decodeURIComponent(raw);
	} catch {
		errors.push(
			`${at}: malformed percent-encoding in ${JSON.stringify(truncate(raw))} (encode '%' as %25)`,
		);
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------------------
// Query, headers
// ---------------------------------------------------------------------------------------------------------

function parseQuery(query: string, errors: string[]): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	if (query === '') return pairs;
	for (const part of query.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const rawName = eq >= 0 ? part.slice(0, eq) : part;
		const rawValue = eq >= 0 ? part.slice(eq + 1) : '';
		const name = decodeComponent(rawName.replace(/\+/g, ' '), 'request.query', errors);
		const value = decodeComponent(rawValue.replace(/\+/g, ' '), `request.query.${rawName}`, errors);
		if (name !== undefined && value !== undefined) pairs.push([name, value]);
	}
	return pairs;
}

/** Values gathered for one parameter from query or form fields. */
interface GatheredValues {
	values: string[];
	/** Rails-style `name[key]=value` for object parameters (Files.com `sort_by[path]=asc`, `filter[...]`). */
	object?: Record<string, string>;
}

function checkQuery(
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

interface BracketTarget {
	param: ParameterSpec;
	/** Key inside an object parameter (`sort_by[path]` -> "path"). */
	objectKey?: string;
}

/**
 * Maps a query/form field name onto a documented parameter: exact name first (Laserfiche `$top`, Files.com
 * `etags[etag]`), then `name[]` / `name[0]` (arrays), then `name[key]` (object parameters).
 */
function resolveBracketedName(
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

function gatherValue(
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

function validateGathered(
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

/** Strings from a query string or form -> typed values per schema (arrays: repeated or `a[]=` form). */
function coerceValues(
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
function coerceString(validator: SchemaValidator, raw: string, schema: Schema): unknown {
	const types = validator.typesOf(schema);
	if (types.includes('string') || types.length === 0) return raw;
	if (types.includes('integer') && /^[+-]?\d+$/.test(raw)) return Number(raw);
	if (types.includes('number') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw))
		return Number(raw);
	if (types.includes('boolean') && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
	if (types.includes('null') && raw === '') return null;
	return raw;
}

function checkHeaders(
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

// ---------------------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------------------

type BodyKind = 'json' | 'urlencoded' | 'multipart' | 'other';

function mediaTypeOf(contentType: string | undefined): string | undefined {
	const mediaType = contentType?.split(';')[0].trim().toLowerCase();
	return mediaType ? mediaType : undefined;
}

function bodyKindOf(mediaType: string): BodyKind {
	if (isJsonMediaType(mediaType)) return 'json';
	if (mediaType === 'application/x-www-form-urlencoded') return 'urlencoded';
	if (mediaType.startsWith('multipart/')) return 'multipart';
	return 'other';
}

function isJsonMediaType(mediaType: string): boolean {
	return (
		mediaType === 'application/json' ||
		mediaType === 'text/json' ||
		/^application\/[\w.+-]*\+json$/.test(mediaType)
	);
}

function headerValue(headers: CapturedRequest['headers'], name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null || body === '') return true;
	if (Buffer.isBuffer(body)) return body.length === 0;
	return isPlainObject(body) && Object.values(body).every((v) => v === undefined);
}

function checkRequestBody(
	spec: LoadedContract,
	operation: OperationSpec,
	req: CapturedRequest,
	errors: string[],
): void {
	const contentType = req.contentType ?? headerValue(req.headers, 'content-type');
	if (spec.dialect === 'swagger2') checkSwaggerBody(spec, operation, req.body, contentType, errors);
	else checkOpenApiBody(spec, operation, req.body, contentType, errors);
}

/** Swagger 2 (Files.com): `in: body` schema, or `in: formData` parameters filled from a JSON or form body. */
function checkSwaggerBody(
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

function isFormScalar(value: unknown, allowArray: boolean): boolean {
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return true;
	return allowArray && Array.isArray(value) && value.every((v) => isFormScalar(v, false));
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

function findMediaType(
	content: Map<string, Schema | undefined>,
	mediaType: string,
): [string, Schema | undefined] | undefined {
	for (const entry of content) {
		const [documented] = entry;
		if (documented === mediaType || documented === '*/*') return entry;
		if (documented.endsWith('/*') && mediaType.startsWith(documented.slice(0, -1))) return entry;
	}
	if (isJsonMediaType(mediaType)) {
		for (const entry of content) if (isJsonMediaType(entry[0])) return entry;
	}
	return undefined;
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

function parseJsonBody(body: unknown, at: string, errors: string[]): unknown {
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
	const text = body.toString();
	try {
		return JSON.parse(text);
	} catch {
		errors.push(`${at}: not valid JSON (${JSON.stringify(truncate(text))})`);
		return undefined;
	}
}

function parseFormBody(
	body: unknown,
	kind: BodyKind,
	contentType: string | undefined,
): Record<string, unknown> {
	if (isPlainObject(body)) return body;
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return {};
	if (kind === 'multipart') return parseMultipart(Buffer.from(body), contentType);
	const fields: Record<string, unknown> = {};
	for (const [name, value] of new URLSearchParams(body.toString())) {
		const previous = fields[name];
		fields[name] =
			previous === undefined
				? value
				: [...(Array.isArray(previous) ? previous : [previous]), value];
	}
	return fields;
}

/** Minimal multipart/form-data reader: part name -> text (or the raw Buffer for file parts). */
function parseMultipart(body: Buffer, contentType: string | undefined): Record<string, unknown> {
	const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
	const parts: Record<string, unknown> = {};
	if (!boundary) return parts;
	const text = body.toString('latin1');
	for (const chunk of text.split(`--${boundary}`).slice(1)) {
		if (chunk.startsWith('--')) break;
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd < 0) continue;
		const head = chunk.slice(0, headerEnd);
		const name = /name="([^"]*)"/i.exec(head)?.[1];
		if (name === undefined) continue;
		const content = Buffer.from(chunk.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1');
		parts[name] = /filename=/i.test(head) ? content : content.toString('utf8');
	}
	return parts;
}

// ---------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------

function checkResponseAgainstOperation(
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

// ---------------------------------------------------------------------------------------------------------
// Schema validation
// ---------------------------------------------------------------------------------------------------------

const VALIDATION_KEYWORDS = [
	'oneOf',
	'anyOf',
	'enum',
	'items',
	'format',
	'minLength',
	'maxLength',
	'pattern',
	'minimum',
	'maximum',
	'minItems',
	'maxItems',
] as const;

interface ValidatorOptions {
	/** Files.com: null accepted for any value (Swagger 2 has no `nullable`, the API sends nulls). */
	nullAlwaysAllowed: boolean;
	/** Laserfiche: OData annotations (`@odata.type`, `@odata.context`, ...) are allowed on any object. */
	odataAnnotations: boolean;
	/** Laserfiche requests: ASP.NET binds JSON property names case-insensitively. */
	caseInsensitiveProperties: boolean;
}

interface MergedAllOf {
	merged: Schema;
	/** Non-object constraints of the branches, validated separately. */
	residual: Schema[];
}

class SchemaValidator {
	private readonly refCache = new Map<string, Schema | undefined>();

	private readonly mergedCache = new WeakMap<Schema, MergedAllOf>();

	private readonly lowerCaseProperties = new WeakMap<Record<string, Schema>, Map<string, string>>();

	private readonly schemaPrefix: string;

	constructor(
		private readonly doc: SpecDocument,
		private readonly options: ValidatorOptions,
	) {
		this.schemaPrefix = doc.swagger ? '#/definitions/' : '#/components/schemas/';
	}

	validate(input: Schema, value: unknown, at: string, errors: string[]): void {
		if (errors.length >= MAX_ERRORS) return;
		const schema = this.resolve(input);
		if (value === null && this.acceptsNull(schema)) return;
		const subtype = this.discriminatedSubtype(schema, value);
		if (subtype) {
			this.validate(subtype, value, at, errors);
			return;
		}
		if (schema.allOf) {
			this.validateAllOf(schema, value, at, errors);
			return;
		}
		if (schema.oneOf) this.validateOneOf(schema.oneOf, value, at, errors);
		if (schema.anyOf) this.validateAnyOf(schema.anyOf, value, at, errors);
		if (!this.checkType(schema, value, at, errors)) return;
		if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
			errors.push(
				`${at}: ${describe(value, at)} is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`,
			);
		}
		if (typeof value === 'string') this.checkString(schema, value, at, errors);
		else if (typeof value === 'number') this.checkNumber(schema, value, at, errors);
		else if (Array.isArray(value)) this.checkArray(schema, value, at, errors);
		else if (isPlainObject(value)) this.checkObject(schema, value, at, errors);
	}

	resolve(schema: Schema): Schema {
		let current = schema;
		for (let depth = 0; current.$ref !== undefined && depth < 32; depth++) {
			const target = this.tryResolveRef(current.$ref);
			if (!target) throw new Error(`Contract spec has an unresolvable $ref ${current.$ref}`);
			current = target;
		}
		return current;
	}

	tryResolveRef(ref: string): Schema | undefined {
		if (this.refCache.has(ref)) return this.refCache.get(ref);
		let node: unknown = this.doc;
		if (!ref.startsWith('#/')) node = undefined;
		for (const part of ref.slice(2).split('/')) {
			if (!isPlainObject(node)) break;
			node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		}
		const schema = isPlainObject(node) ? (node as Schema) : undefined;
		this.refCache.set(ref, schema);
		return schema;
	}

	/** JSON types a schema admits, following $ref, single-branch oneOf and allOf (Files.com "hash" = object). */
	typesOf(input: Schema): string[] {
		const schema = this.resolve(input);
		if (schema.type !== undefined) {
			return (Array.isArray(schema.type) ? schema.type : [schema.type]).map((t) =>
				t === 'hash' ? 'object' : t,
			);
		}
		const branches = schema.allOf ?? schema.oneOf ?? schema.anyOf;
		if (branches) return [...new Set(branches.flatMap((b) => this.typesOf(b)))];
		if (schema.properties) return ['object'];
		return [];
	}

	/** Properties of an object schema, allOf branches merged. */
	objectProperties(input: Schema): Record<string, Schema> {
		const schema = this.resolve(input);
		return (schema.allOf ? this.mergeAllOf(schema).merged : schema).properties ?? {};
	}

	requiredProperties(input: Schema): string[] {
		const schema = this.resolve(input);
		return (schema.allOf ? this.mergeAllOf(schema).merged : schema).required ?? [];
	}

	private acceptsNull(schema: Schema): boolean {
		if (this.options.nullAlwaysAllowed || schema.nullable === true) return true;
		if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
		if (schema.enum?.includes(null)) return true;
		// An unconstrained schema such as `additionalProperties: {}` or `{nullable: true}` admits anything.
		return (
			schema.type === undefined &&
			!schema.allOf &&
			!schema.oneOf &&
			!schema.anyOf &&
			!schema.enum &&
			!schema.properties
		);
	}

	/**
	 * OpenAPI discriminator: validate against the mapped subtype (or the schema named after the tag). Laserfiche
	 * quirk: the property is declared as "entry Type" but sent as `entryType`.
	 */
	private discriminatedSubtype(schema: Schema, value: unknown): Schema | undefined {
		const discriminator = schema.discriminator;
		if (!discriminator || !isPlainObject(value)) return undefined;
		const tag = value[propertyAlias(discriminator.propertyName)];
		if (typeof tag !== 'string') return undefined;
		const ref = discriminator.mapping?.[tag] ?? `${this.schemaPrefix}${tag}`;
		const target = this.tryResolveRef(ref);
		return target && target !== schema ? target : undefined;
	}

	private validateAllOf(schema: Schema, value: unknown, at: string, errors: string[]): void {
		const { merged, residual } = this.mergeAllOf(schema);
		this.validate(merged, value, at, errors);
		for (const constraint of residual) this.validate(constraint, value, at, errors);
	}

	/**
	 * NSwag models inheritance as allOf branches that each say `additionalProperties: false`; validated branch by
	 * branch every derived object would fail. The object keywords of all branches are merged instead (the base's
	 * discriminator dropped: we are already in the subtype).
	 */
	private mergeAllOf(schema: Schema): MergedAllOf {
		const cached = this.mergedCache.get(schema);
		if (cached) return cached;
		const merged: Schema = {};
		const residual: Schema[] = [];
		const visit = (input: Schema, isOwner: boolean): void => {
			const branch = this.resolve(input);
			for (const child of branch.allOf ?? []) visit(child, false);
			if (branch.properties) merged.properties = { ...merged.properties, ...branch.properties };
			if (branch.required) merged.required = [...(merged.required ?? []), ...branch.required];
			mergeAdditionalProperties(merged, branch.additionalProperties);
			if (branch.type !== undefined && merged.type === undefined) merged.type = branch.type;
			if (isOwner && branch.nullable) merged.nullable = true;
			const constraints = pickKeywords(branch, VALIDATION_KEYWORDS);
			if (Object.keys(constraints).length > 0) residual.push(constraints);
		};
		visit(schema, true);
		const result = { merged, residual };
		this.mergedCache.set(schema, result);
		return result;
	}

	private validateOneOf(branches: Schema[], value: unknown, at: string, errors: string[]): void {
		const outcomes = branches.map((branch) => this.collect(branch, value, at));
		const passing = outcomes.filter((o) => o.length === 0).length;
		if (passing === 1) return;
		if (passing > 1) {
			errors.push(`${at}: matches ${passing} oneOf alternatives, expected exactly one`);
		} else if (outcomes.length === 1) {
			errors.push(...outcomes[0]);
		} else {
			errors.push(
				`${at}: matches none of the ${outcomes.length} oneOf alternatives`,
				...closest(outcomes),
			);
		}
	}

	private validateAnyOf(branches: Schema[], value: unknown, at: string, errors: string[]): void {
		const outcomes = branches.map((branch) => this.collect(branch, value, at));
		if (outcomes.some((o) => o.length === 0)) return;
		errors.push(
			`${at}: matches none of the ${outcomes.length} anyOf alternatives`,
			...closest(outcomes),
		);
	}

	private collect(schema: Schema, value: unknown, at: string): string[] {
		const errors: string[] = [];
		this.validate(schema, value, at, errors);
		return errors;
	}

	/** Returns false when the value has the wrong type (further keywords would only add noise). */
	private checkType(schema: Schema, value: unknown, at: string, errors: string[]): boolean {
		const types = this.typesOf({ type: schema.type });
		if (types.length === 0 || types.some((t) => matchesType(t, value, schema))) return true;
		errors.push(`${at}: expected ${types.join(' or ')}, got ${describe(value, at)}`);
		return false;
	}

	private checkString(schema: Schema, value: string, at: string, errors: string[]): void {
		if (schema.format === 'date-time' && !isLooseDateTime(value)) {
			errors.push(`${at}: ${describe(value, at)} is not a date-time`);
		}
		if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}/.test(value)) {
			errors.push(`${at}: ${describe(value, at)} is not a date`);
		}
		if (schema.minLength !== undefined && value.length < schema.minLength) {
			errors.push(`${at}: shorter than minLength ${schema.minLength}`);
		}
		if (schema.maxLength !== undefined && value.length > schema.maxLength) {
			errors.push(`${at}: longer than maxLength ${schema.maxLength}`);
		}
		if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
			errors.push(`${at}: ${describe(value, at)} does not match ${schema.pattern}`);
		}
	}

	private checkNumber(schema: Schema, value: number, at: string, errors: string[]): void {
		if (schema.minimum !== undefined && value < schema.minimum)
			errors.push(`${at}: ${value} is below minimum ${schema.minimum}`);
		if (schema.maximum !== undefined && value > schema.maximum)
			errors.push(`${at}: ${value} is above maximum ${schema.maximum}`);
	}

	private checkArray(schema: Schema, value: unknown[], at: string, errors: string[]): void {
		if (schema.minItems !== undefined && value.length < schema.minItems)
			errors.push(`${at}: fewer than ${schema.minItems} items`);
		if (schema.maxItems !== undefined && value.length > schema.maxItems)
			errors.push(`${at}: more than ${schema.maxItems} items`);
		const items = schema.items;
		if (items) value.forEach((item, i) => this.validate(items, item, `${at}[${i}]`, errors));
	}

	private checkObject(
		schema: Schema,
		value: Record<string, unknown>,
		at: string,
		errors: string[],
	): void {
		const properties = schema.properties ?? {};
		for (const name of schema.required ?? []) {
			const key = name in properties || !/\s/.test(name) ? name : propertyAlias(name);
			if (this.findKey(value, key) === undefined)
				errors.push(`${at}${childPath('', key)}: required property is missing`);
		}
		const additional = schema.additionalProperties;
		for (const [key, child] of Object.entries(value)) {
			if (child === undefined) continue;
			const childAt = `${at}${childPath('', key)}`;
			const propertySchema = this.propertySchema(properties, key);
			if (propertySchema) this.validate(propertySchema, child, childAt, errors);
			else if (this.options.odataAnnotations && key.startsWith('@odata.')) continue;
			else if (additional === false)
				errors.push(`${childAt}: property is not allowed (additionalProperties: false)`);
			else if (isPlainObject(additional)) this.validate(additional, child, childAt, errors);
		}
	}

	private propertySchema(properties: Record<string, Schema>, key: string): Schema | undefined {
		if (Object.prototype.hasOwnProperty.call(properties, key)) return properties[key];
		if (!this.options.caseInsensitiveProperties) return undefined;
		let lower = this.lowerCaseProperties.get(properties);
		if (!lower) {
			lower = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
			this.lowerCaseProperties.set(properties, lower);
		}
		const name = lower.get(key.toLowerCase());
		return name === undefined ? undefined : properties[name];
	}

	/** The key under which `name` is present in `value` (ignoring case when the options say so). */
	private findKey(value: Record<string, unknown>, name: string): string | undefined {
		if (value[name] !== undefined) return name;
		if (!this.options.caseInsensitiveProperties) return undefined;
		const lower = name.toLowerCase();
		return Object.keys(value).find(
			(key) => key.toLowerCase() === lower && value[key] !== undefined,
		);
	}
}

function mergeAdditionalProperties(
	merged: Schema,
	additional: Schema['additionalProperties'],
): void {
	if (additional === undefined || merged.additionalProperties === false) return;
	if (additional === false || merged.additionalProperties === undefined)
		merged.additionalProperties = additional;
}

function pickKeywords(schema: Schema, keywords: readonly (keyof Schema)[]): Schema {
	const picked: Record<string, unknown> = {};
	for (const keyword of keywords)
		if (schema[keyword] !== undefined) picked[keyword] = schema[keyword];
	return picked as Schema;
}

/** The errors of the alternative that came closest (fewest errors). */
function closest(outcomes: string[][]): string[] {
	return outcomes.reduce((best, o) => (o.length < best.length ? o : best));
}

function matchesType(type: string, value: unknown, schema: Schema): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string' || (schema.format === 'binary' && Buffer.isBuffer(value));
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'array':
			return Array.isArray(value);
		case 'object':
			return isPlainObject(value);
		case 'null':
			return value === null;
		default:
			return true; // Files.com's non-standard "file", "image", "invoice": nothing to check
	}
}

function isLooseDateTime(value: string): boolean {
	const shape = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
	return shape.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

/** "entry Type" -> "entryType" (Laserfiche's discriminator quirk); other names unchanged. */
function propertyAlias(name: string): string {
	return name.replace(/\s+(\w)/g, (_match, letter: string) => letter.toUpperCase());
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function childPath(at: string, key: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

/** Names that may hold secrets: their values never appear in messages. */
const SENSITIVE_NAME = /pass|secret|token|key|authorization|credential|assertion/i;

function describe(value: unknown, at: string): string {
	const type =
		value === null
			? 'null'
			: Array.isArray(value)
				? 'array'
				: Buffer.isBuffer(value)
					? 'binary'
					: typeof value;
	if (SENSITIVE_NAME.test(at.slice(at.lastIndexOf('.') + 1))) return type;
	if (typeof value === 'string') return `string ${JSON.stringify(truncate(value))}`;
	if (typeof value === 'number' || typeof value === 'boolean') return `${type} ${String(value)}`;
	return type;
}

function truncate(text: string, max = 60): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

function listNames(names: Iterable<string>): string {
	const all = [...names];
	if (all.length === 0) return 'none';
	return all.length > 25 ? `${all.slice(0, 25).join(', ')}, …` : all.join(', ');
}

function finish(operation: OperationSpec | undefined, errors: string[]): ContractResult {
	const capped =
		errors.length > MAX_ERRORS
			? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`]
			: errors;
	return {
		ok: errors.length === 0,
		operationId: operation?.operationId,
		pathTemplate: operation?.pathTemplate,
		errors: capped,
	};
}

function violationMessage(
	contract: ContractName,
	what: string,
	req: CapturedRequest,
	result: ContractResult,
): string {
	const { path } = splitUrl(req.url);
	const operation = result.operationId ? ` (${result.operationId} ${result.pathTemplate})` : '';
	const reasons = result.errors.map((e) => `  - ${e}`).join('\n');
	return `${contract} contract violation in the ${what} of ${req.method.toUpperCase()} ${path}${operation}:\n${reasons}`;
}
