/**
 * Which credential and API a node uses (the connection), authenticated requests with retries, and
 * OData paging.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';

import { collectPages } from '../../shared/paging';
import { brokenAnswer, networkCodeOf, networkFailure, statusOf } from '../../shared/errors';
import { withRetry } from '../../shared/retry';
import type { ApiVersion, ListOptions, RepositorySettings } from './repository';
import { cloudEndpoints, selfHostedBaseUrl, selfHostedRepositoryId } from './auth';

export type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export type Deployment = 'cloud' | 'selfHosted';

export const CREDENTIAL_TYPES: Record<
	Deployment,
	'laserficheCloudApi' | 'laserficheSelfHostedApi'
> = {
	cloud: 'laserficheCloudApi',
	selfHosted: 'laserficheSelfHostedApi',
};

/** Where requests go and with which credential. */
export interface Connection {
	deployment: Deployment;
	credentialType: string;
	/** `https://api.laserfiche.com/repository` or `https://server/LFRepositoryAPI`. */
	apiRoot: string;
	version: ApiVersion;
	repositoryId: string;
	skipSsl: boolean;
}

/** Reads a node parameter in any context (execute: per item; poll and load options: the node's). */
export type ParameterReader = (
	name: string,
	fallback?: unknown,
	options?: { extractValue?: boolean },
) => unknown;

export function parameterReader(context: RequestContext, itemIndex?: number): ParameterReader {
	return (name, fallback, options) =>
		itemIndex === undefined
			? (context as IPollFunctions).getNodeParameter(name, fallback, options)
			: (context as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback, options);
}

const REPOSITORY_ID = /^[^\\/?#%\s][^\\/?#%]*$/;

/** Checks the Cloud repository ID a node names (before any request). */
export function checkRepositoryId(node: INode, value: unknown, itemIndex?: number): string {
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (id === '') {
		throw new NodeOperationError(node, 'Repository: no repository chosen', {
			itemIndex,
			description: 'Choose a repository from the list, or enter its ID (such as r-0001abcd).',
		});
	}
	if (!REPOSITORY_ID.test(id)) {
		throw new NodeOperationError(node, `Repository: "${id}" is not a repository ID`, {
			itemIndex,
			description:
				'A repository ID has no slashes, backslashes, ? # or %. Choose the repository from the list.',
		});
	}
	if (/^\.+$/.test(id)) {
		throw new NodeOperationError(node, `Repository: "${id}" is not a repository ID`, {
			itemIndex,
			description:
				'"." and ".." are not repository IDs. Choose the repository from the list, or enter its ID (such as r-0001abcd).',
		});
	}
	return id;
}

async function readCredentials(
	context: RequestContext,
	type: string,
	itemIndex?: number,
): Promise<ICredentialDataDecryptedObject> {
	return await (context as IExecuteFunctions).getCredentials(type, itemIndex ?? 0);
}

/**
 * The connection a node uses: Cloud (always API v2, the repository chosen in the node) or
 * self-hosted (the credential's base URL, repository and API version).
 */
export async function getConnection(
	context: RequestContext,
	itemIndex?: number,
	options: { needRepository?: boolean } = {},
): Promise<Connection> {
	const node = context.getNode();
	const read = parameterReader(context, itemIndex);
	const deployment =
		(read('authentication', 'cloud') as Deployment) === 'selfHosted' ? 'selfHosted' : 'cloud';
	const credentialType = CREDENTIAL_TYPES[deployment];
	const repositoryParameter =
		deployment === 'cloud' && options.needRepository !== false
			? checkRepositoryId(node, read('repositoryId', '', { extractValue: true }), itemIndex)
			: '';
	const credentials = await readCredentials(context, credentialType, itemIndex);
	let problem: Error | undefined;
	let connection: Connection | undefined;
	try {
		connection =
			deployment === 'cloud'
				? {
						deployment,
						credentialType,
						apiRoot: cloudEndpoints(credentials).apiBaseUrl,
						version: 'v2',
						repositoryId: repositoryParameter,
						skipSsl: false,
					}
				: {
						deployment,
						credentialType,
						apiRoot: selfHostedBaseUrl(credentials),
						version: credentials.apiVersion === 'v2' ? 'v2' : 'v1',
						repositoryId: selfHostedRepositoryId(credentials),
						skipSsl: credentials.ignoreSSLIssues === true,
					};
	} catch (error) {
		problem = error as Error;
	}
	if (!connection) {
		throw new NodeOperationError(
			node,
			problem?.message ?? 'The Laserfiche credential is incomplete',
			{
				itemIndex,
				description: (problem as { description?: string } | undefined)?.description,
			},
		);
	}
	return connection;
}

export interface LfRequest {
	method: IHttpRequestMethods;
	/** Path below `/{version}/Repositories/{repositoryId}`. */
	path?: string;
	/** Path below `/{version}` (e.g. `/Repositories`). */
	versionPath?: string;
	/** An absolute URL the service gave (a nextLink): rebased onto the API root (rebaseLink). */
	url?: string;
	qs?: IDataObject;
	body?: IHttpRequestOptions['body'];
	/** A body that can only be sent once (a stream): made afresh for every attempt. */
	bodyFactory?: () => Promise<{ body: IHttpRequestOptions['body']; headers: IDataObject }>;
	headers?: IDataObject;
	encoding?: IHttpRequestOptions['encoding'];
	returnFullResponse?: boolean;
	/** Whether repeating the call after a 5xx or a reset cannot change the outcome. */
	idempotent?: boolean;
	/** Milliseconds to wait for an answer (the node's Timeout option); DEFAULT_TIMEOUT_MS when not set. */
	timeout?: number;
	/** The node's Timeout option, if the user set one: named in a time-out's message (built-in limits are not). */
	timeoutOption?: number;
}

/** How long a request waits for its answer when the node sets no Timeout. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface FullResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

/**
 * A link the service gave (a nextLink), rebased onto the configured API root: its path from
 * `/{version}/` on and its query are kept, its origin (and any prefix before the version) replaced.
 * Behind TLS offload, a load balancer or another DNS name the API Server builds links from the host it
 * sees (e.g. `http://…`), which may not be reachable or trusted from here; the token goes only to the
 * API root the credential names, never to the link's own origin.
 */
export function rebaseLink(
	connection: Pick<Connection, 'apiRoot' | 'version'>,
	link: string,
): string {
	const parsed = new URL(link);
	const marker = `/${connection.version}/`;
	const at = parsed.pathname.toLowerCase().indexOf(marker);
	if (at < 0)
		throw new TypeError(
			`Laserfiche returned a link outside the API (${parsed.pathname}); it is not followed`,
		);
	return `${connection.apiRoot.replace(/\/+$/, '')}${parsed.pathname.slice(at)}${parsed.search}`;
}

/**
 * A transfer link the service gave (a part URL, an export's download link), on the API root's scheme when
 * it names the API root's own host and port: behind TLS offload a server that sees plain http builds
 * `http://{its host}` links, which the TLS port does not answer. Links to any other host (S3 on Cloud)
 * are left as they are; transfer links carry no Laserfiche credential.
 */
export function transferLink(connection: Pick<Connection, 'apiRoot'>, link: string): string {
	const root = new URL(connection.apiRoot);
	const parsed = new URL(link);
	if (parsed.protocol === root.protocol || parsed.host !== root.host) return link;
	parsed.protocol = root.protocol;
	return parsed.toString();
}

function repositoryUrl(connection: Connection, request: LfRequest): string {
	if (request.url !== undefined) return rebaseLink(connection, request.url);
	if (request.versionPath !== undefined)
		return `${connection.apiRoot}/${connection.version}${request.versionPath}`;
	return `${connection.apiRoot}/${connection.version}/Repositories/${encodeURIComponent(connection.repositoryId)}${request.path ?? ''}`;
}

/**
 * One authenticated call. 429s are retried (honouring Retry-After), 5xx/resets when idempotent; a 401
 * makes n8n refresh the token and repeat the call once, and for a streamed body (which n8n cannot
 * repeat) we repeat it here with a fresh stream.
 */
export async function lfRequest(
	context: RequestContext,
	connection: Connection,
	request: LfRequest,
): Promise<unknown> {
	const url = repositoryUrl(connection, request);
	const idempotent =
		request.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method);
	const attempt = async (): Promise<unknown> => {
		const fresh = request.bodyFactory ? await request.bodyFactory() : undefined;
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			qs: request.qs,
			arrayFormat: 'repeat',
			headers: {
				Accept: 'application/json',
				...(fresh?.headers ?? {}),
				...(request.headers ?? {}),
			},
			body: fresh ? fresh.body : request.body,
			encoding: request.encoding,
			returnFullResponse: request.returnFullResponse,
			skipSslCertificateValidation: connection.skipSsl,
			timeout: request.timeout ?? DEFAULT_TIMEOUT_MS,
			...(fresh ? { disableFollowRedirect: true } : {}),
		};
		if (request.encoding === undefined) options.json = true;
		// An answer cut in the middle of its body is a broken connection (retried when idempotent).
		return await context.helpers.httpRequestWithAuthentication
			.call(context, connection.credentialType, options)
			.catch(async (error: unknown) => await Promise.reject(brokenAnswer(error)));
	};
	let repeatedAfterRefresh = false;
	const call = async (): Promise<unknown> =>
		await attempt().catch(async (error: unknown) => {
			if (request.bodyFactory && !repeatedAfterRefresh && statusOf(error) === 401) {
				repeatedAfterRefresh = true;
				return await attempt();
			}
			return await Promise.reject(error);
		});
	return await withRetry(call, { idempotent }).catch(
		async (error: unknown) =>
			await Promise.reject(
				signInProblem(context, error) ??
					networkFailure(context.getNode(), error, {
						service: 'Laserfiche',
						timeout: request.timeoutOption,
						repeatable: idempotent,
						address: "the credential's server address (or region)",
					}) ??
					error,
			),
	);
}

/**
 * A failed sign-in (the credential's preAuthentication) carries our own message and description but no
 * HTTP response: it is passed on as a NodeOperationError, which keeps both on the Error output, with
 * the token endpoint's error document (ProblemDetails or OAuth error JSON, as the sign-in kept it) as
 * `context.serviceDocument`, which the Error output item puts in `details`.
 */
function signInProblem(context: RequestContext, error: unknown): NodeOperationError | undefined {
	if (
		!(error instanceof NodeApiError) ||
		statusOf(error) !== undefined ||
		networkCodeOf(error) !== undefined
	)
		return undefined;
	if (!(error.cause instanceof UserError) || !error.description) return undefined;
	const problem = new NodeOperationError(context.getNode(), error.message, {
		description: error.description,
	});
	const document = (error.cause as { serviceDocument?: unknown }).serviceDocument;
	if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
		problem.context.serviceDocument = { ...(document as IDataObject) };
	}
	return problem;
}

/** An OData collection, page after page (Prefer: maxpagesize; @odata.nextLink followed, rebased onto the API root). */
export async function lfCollection<T = IDataObject>(
	context: RequestContext,
	connection: Connection,
	request: LfRequest,
	options: ListOptions & { pageSize?: number } = {},
): Promise<T[]> {
	const pageSize = Math.max(
		1,
		Math.min(options.pageSize ?? 200, options.limit ?? Number.MAX_SAFE_INTEGER),
	);
	return await collectPages<T>(
		async (next) => {
			const page = (await lfRequest(context, connection, {
				...request,
				...(next ? { url: next, path: undefined, qs: undefined } : {}),
				headers: { ...(request.headers ?? {}), Prefer: `maxpagesize=${pageSize}` },
			})) as IDataObject | IDataObject[] | '' | undefined;
			if (Array.isArray(page)) return { entries: page as T[] };
			if (!page || typeof page !== 'object') return { entries: [] };
			const nextLink = page['@odata.nextLink'];
			return {
				entries: (Array.isArray(page.value) ? page.value : []) as T[],
				next: typeof nextLink === 'string' && nextLink !== '' ? nextLink : undefined,
			};
		},
		{ limit: options.limit, keepGoing: options.keepGoing },
	);
}

/** An import or export carries the whole file: without a Timeout option it may take up to 10 minutes. */
export const TRANSFER_TIMEOUT_MS = 600_000;

/** A request body without its undefined and empty members. */
export function omitUndefined(value: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * The calls a repository adapter (v1.ts, v2.ts) makes: every request waits the node's Timeout option
 * (`settings.timeout`) unless it sets its own, and a time-out names the option only when it was set.
 */
export function adapterCalls(
	context: RequestContext,
	connection: Connection,
	settings: RepositorySettings,
) {
	const { timeout } = settings;
	const withTimeout = (request: LfRequest): LfRequest => ({
		...request,
		timeout: request.timeout ?? timeout,
		timeoutOption: timeout,
	});
	return {
		timeout,
		call: async (request: LfRequest) => await lfRequest(context, connection, withTimeout(request)),
		collection: async <T = IDataObject>(
			request: LfRequest,
			options?: Parameters<typeof lfCollection>[3],
		) => await lfCollection<T>(context, connection, withTimeout(request), options),
	};
}
