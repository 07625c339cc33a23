/** Types of the contract checker: what a test captures, what it gets back, and the spec model built from a spec. */
import type { SchemaValidator } from './contract-validator';

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

/** The JSON-Schema subset we read (Swagger 2 and OpenAPI 3 flavours). */
export interface Schema {
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

export interface RawParameter {
	name: string;
	in: string;
	required?: boolean;
	schema?: Schema;
	type?: string;
	format?: string;
	items?: Schema;
	enum?: unknown[];
}

export interface RawMediaType {
	schema?: Schema;
}

export interface RawOperation {
	operationId?: string;
	summary?: string;
	description?: string;
	parameters?: RawParameter[];
	consumes?: string[];
	requestBody?: { required?: boolean; content?: Record<string, RawMediaType> };
	responses?: Record<string, { schema?: Schema; content?: Record<string, RawMediaType> }>;
}

export interface SpecDocument {
	swagger?: string;
	openapi?: string;
	paths: Record<string, Record<string, RawOperation>>;
	/** Swagger 2 (Files.com). */
	definitions?: Record<string, Schema>;
	/** OpenAPI 3 (Laserfiche). */
	components?: { schemas?: Record<string, Schema> };
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'formData' | 'body';

export interface ParameterSpec {
	name: string;
	location: ParameterLocation;
	required: boolean;
	schema: Schema;
}

export interface RequestBodySpec {
	required: boolean;
	/** media type (lower case) -> schema */
	content: Map<string, Schema | undefined>;
}

export interface ResponseSpec {
	/** media type (lower case) -> schema; empty when the response documents no body. */
	content: Map<string, Schema | undefined>;
}

export interface OperationSpec {
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

export type TemplateSegment = { kind: 'literal'; text: string } | { kind: 'param'; name: string };

export interface CompiledTemplate {
	template: string;
	segments: TemplateSegment[];
	/** Index of a parameter that spans the rest of the path (Files.com `{path}`), if any. */
	greedyIndex: number | undefined;
	/** Literal-segment pattern used to prefer the most specific template, e.g. "1101". */
	specificity: string;
	operations: Map<string, OperationSpec>;
}

export interface LoadedContract {
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
