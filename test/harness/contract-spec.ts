/**
 * Loading a contract: the spec file is read once, lazily, patched (contract-patches.ts), and its paths compiled
 * into an index (first literal segment -> templates) so that thousands of checks per test run stay cheap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { applySpecPatches } from './contract-patches';
import { FILESCOM_ERROR_SCHEMA } from './contract-response';
import type {
	CompiledTemplate,
	ContractName,
	LoadedContract,
	OperationSpec,
	ParameterLocation,
	ParameterSpec,
	RawMediaType,
	RawOperation,
	RawParameter,
	RequestBodySpec,
	ResponseSpec,
	Schema,
	SpecDocument,
	TemplateSegment,
} from './contract-types';
import { SchemaValidator, type ValidatorOptions } from './contract-validator';

const CONTRACTS_DIR = join(__dirname, '..', 'contracts');

const CONTRACT_FILES: Record<ContractName, string> = {
	filescom: 'filescom/swagger_doc.json',
	'laserfiche-v1': 'laserfiche/repository-api-v1.swagger.json',
	'laserfiche-v2': 'laserfiche/repository-api-v2.swagger.json',
	'laserfiche-cloud-oauth': 'laserfiche/cloud-oauth.swagger.json',
	'laserfiche-selfhosted-token': 'laserfiche/selfhosted-token.swagger.json',
};

const loaded = new Map<ContractName, LoadedContract>();

export function loadContract(name: ContractName): LoadedContract {
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
