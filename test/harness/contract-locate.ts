/**
 * Which documented operation a captured request is: its URL is cut to the spec's base and matched against the
 * compiled path templates. Files.com's `{path}` spans several segments (and may be `%2F`-encoded as a whole);
 * Laserfiche's (ASP.NET) routes match literal segments case-insensitively.
 */
import { coerceString } from './contract-coerce';
import type {
	CapturedRequest,
	CompiledTemplate,
	ContractName,
	LoadedContract,
	OperationSpec,
} from './contract-types';
import { truncate } from './contract-util';

const FILESCOM_BASE = '/api/rest/v1';
export const FILESCOM_BASE_PATTERN = /\/api\/rest\/v1(?=\/|$)/;

interface SplitUrl {
	path: string;
	query: string;
	hasFragment: boolean;
}

/** Splits without normalising: percent-encoding and dot segments stay exactly as sent. */
export function splitUrl(url: string): SplitUrl {
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

export interface LocatedOperation {
	operation?: OperationSpec;
	/** Decoded query (name, value) pairs. */
	query: Array<[string, string]>;
	errors: string[];
}

export function locateOperation(spec: LoadedContract, req: CapturedRequest): LocatedOperation {
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

export function decodeComponent(raw: string, at: string, errors: string[]): string | undefined {
	try {
		return decodeURIComponent(raw);
	} catch {
		errors.push(
			`${at}: malformed percent-encoding in ${JSON.stringify(truncate(raw))} (encode '%' as %25)`,
		);
		return undefined;
	}
}

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
