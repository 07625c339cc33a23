/**
 * Every HTTP call the Files.com nodes make.
 *
 * - REST calls go to `${siteUrl}/api/rest/v1/...` through `httpRequestWithAuthentication` (the credential adds
 *   `X-FilesAPI-Key`), as JSON, retried per nodes/shared/retry.ts: GETs (and other idempotent calls) after a
 *   transient 5xx or a reset, any call after a 429 (Retry-After honoured).
 * - Pre-signed part upload and download URLs (S3 and the like) are fetched with plain `httpRequest`, never with
 *   the API key (Files.com's SDKs strip their auth headers for any other host).
 * - HTTP failures keep the error n8n threw, so nodes/shared/errors.ts finds the Files.com error document
 *   `{error, http-code, instance, title, type}` and rebuilds a clean NodeApiError from it. Failures without any
 *   answer (time-out, reset, refused) become a NodeOperationError that says so in words.
 * - Integrity: upload parts are checked against the storage ETag (MD5), downloads against Files.com's checksum,
 *   and stored sizes against the input's.
 */
import type {
	IBinaryData,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { Readable } from '../../shared/binary';
import { mapWithConcurrency, splitIntoReusedParts } from '../../shared/binary';
import type { ErrorDocumentFormat } from '../../shared/errors';
import {
	brokenAnswer,
	isNetworkFailure,
	networkFailure as sharedNetworkFailure,
	statusOf,
	storageErrorText,
} from '../../shared/errors';
import { settle, withRetry } from '../../shared/retry';
import { displayPath, encodePath } from '../helpers/paths';

export type FilesComContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;
type BinaryContext = IExecuteFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'filesComApi';
export const API_ROOT = '/api/rest/v1';
export const DEFAULT_SITE_URL = 'https://app.files.com';
/**
 * Entries per list request: the documented maximum, 10,000. Every request is a billable API call on Files.com,
 * so Return All, recursive walks and the trigger's listings use as few as they can; a Limit asks for no more
 * than it needs.
 */
export const PAGE_SIZE = 10000;
export const MAX_PAGE_SIZE = 10000;

/**
 * The credential's Site URL as an origin: trimmed, `https://` added when no scheme is given, trailing slashes
 * and a pasted `/api/rest/v1` removed. The credential test's request applies the same rules.
 */
export function normalizeSiteUrl(raw: unknown): string {
	let url = typeof raw === 'string' ? raw.trim() : '';
	if (url === '') url = DEFAULT_SITE_URL;
	if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
	url = url.replace(/\/+$/, '');
	url = url.replace(/\/api\/rest\/v1$/i, '');
	return url.replace(/\/+$/, '');
}

/** Hints shown under a Files.com error, for the error types users can act on. */
const HINTS: Record<string, string> = {
	'not-authenticated/invalid-credentials':
		'The API key is invalid or was revoked. Get a new API key from your Files.com administrator or from your Files.com user settings, and update the credential.',
	'not-authorized/api-key-is-disabled':
		'This API key is disabled (its permission set is "none"). Ask your Files.com administrator to enable it, or use another key.',
	'not-authenticated/lockout-region-mismatch':
		"This key belongs to a Files.com site on another host or region. Set the credential's Site URL to your site's own URL (https://YOUR-SUBDOMAIN.files.com).",
	'not-found':
		'The path does not exist, or the API key has no permission to see it. Check the path and the permissions of the key\'s user.',
	'processing-failure/destination-exists':
		'Something already exists at the destination. Turn on "Overwrite", or choose another destination.',
	'processing-failure/destination-parent-does-not-exist':
		'The destination folder does not exist. Turn on "Create Parent Folders", or create it first.',
	'processing-failure/folder-not-empty': 'The folder is not empty. Turn on "Recursive" to delete it with everything in it.',
};

/** How a Files.com error document reads (see nodes/shared/errors.ts). */
export const filesComErrors: ErrorDocumentFormat = {
	service: 'Files.com',
	// `{error, http-code, instance, title, type}`; a JSON answer with `http-code` and a text but no `type` is
	// taken as Files.com's document too (it goes to the Error output unchanged, its HTTP code in the message).
	isDocument: (body) =>
		(typeof body.type === 'string' && ('http-code' in body || 'error' in body)) ||
		('http-code' in body && (typeof body.error === 'string' || typeof body.title === 'string')),
	message: (document) => {
		const text = String(document.title ?? document.error ?? document.type);
		return typeof document.type === 'string' ? text : `${text} (HTTP ${String(document['http-code'])})`;
	},
	description: (document) => {
		const parts: string[] = [];
		if (document.error !== undefined) parts.push(String(document.error));
		parts.push(
			typeof document.type === 'string'
				? `Files.com error "${String(document.title ?? '')}" (type ${document.type}).`
				: `Files.com error "${String(document.title ?? document.error ?? '')}" (HTTP ${String(document['http-code'])}).`,
		);
		const modelErrors = document.model_errors as Record<string, unknown> | undefined;
		if (modelErrors && typeof modelErrors === 'object') {
			const messages = Object.values(modelErrors).flat().map(String);
			if (messages.length > 0) parts.push(`Problems: ${messages.join('; ')}.`);
		}
		const host = (document.data as IDataObject | undefined)?.host;
		if (typeof host === 'string' && host !== '') parts.push(`The key's site is at ${host}.`);
		const hint = HINTS[String(document.type)];
		if (hint) parts.push(hint);
		return parts.join(' ');
	},
};

export interface ApiRequestOptions {
	qs?: IDataObject;
	body?: IDataObject;
	/** Whether the call may be repeated after a transient failure. GETs always may. */
	idempotent?: boolean;
	/** Milliseconds to wait for an answer (the node's Timeout option); undefined: n8n's default. */
	timeout?: number;
}

/** Network failures (shared): the Files.com wording of networkFailure, what to check first being the Site URL. */
export function networkFailure(
	node: INode,
	error: unknown,
	context: { service: string; timeout?: number; repeatable: boolean },
): NodeOperationError | undefined {
	return sharedNetworkFailure(node, error, { ...context, address: 'the Site URL' });
}

/** An MD5 ETag (S3 answers the part's MD5, quoted), or undefined for ETags that are not a plain MD5. */
function md5Of(etag: string | undefined): string | undefined {
	const value = etag?.replace(/"/g, '').trim().toLowerCase();
	return value && /^[0-9a-f]{32}$/.test(value) ? value : undefined;
}

export interface ApiResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

interface Connection {
	baseUrl: string;
	credentials: ICredentialsDecrypted;
}

/**
 * The credential, read once per execution (or poll, or list search) and reused for every request of it:
 * each request passes it to httpRequestWithAuthentication, which then skips reading it again.
 */
const connections = new WeakMap<object, Promise<Connection>>();

/** The credential's fields, checked before any request: the API key is there, the Site URL is a web address. */
function checkedSiteUrl(node: INode, data: IDataObject): string {
	if (String(data.apiKey ?? '').trim() === '') {
		throw new NodeOperationError(node, 'API Key: is empty', {
			description: 'Open the Files.com API credential and paste your Files.com API key into "API Key".',
		});
	}
	const raw = typeof data.siteUrl === 'string' ? data.siteUrl.trim() : '';
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1];
	const fix = 'Set "Site URL" in the Files.com API credential to https://app.files.com, https://YOUR-SUBDOMAIN.files.com or your custom domain.';
	if (scheme && !/^https?$/i.test(scheme)) {
		throw new NodeOperationError(node, `Site URL: "${raw}" is not a web address (${scheme}://)`, { description: fix });
	}
	const siteUrl = normalizeSiteUrl(raw);
	let host = '';
	try {
		host = new URL(siteUrl).hostname;
	} catch {
		host = '';
	}
	if (host === '' || /\s/.test(siteUrl)) {
		throw new NodeOperationError(node, `Site URL: "${raw}" is not a web address`, { description: fix });
	}
	return siteUrl;
}

async function connectionOf(this: FilesComContext): Promise<Connection> {
	let connection = connections.get(this);
	if (!connection) {
		connection = (async () => {
			const data = await this.getCredentials(CREDENTIAL_TYPE);
			const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
			return {
				baseUrl: `${checkedSiteUrl(this.getNode(), data)}${API_ROOT}`,
				credentials: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data },
			};
		})();
		connections.set(this, connection);
		// A failed read is not cached (the next call tries again and reports its own error).
		connection.catch(() => connections.delete(this));
	}
	return await connection;
}

/** One REST call; `endpoint` is below /api/rest/v1 and already encoded (see encodePath). */
export async function apiRequestFull(
	this: FilesComContext,
	method: IHttpRequestMethods,
	endpoint: string,
	options: ApiRequestOptions = {},
): Promise<ApiResponse> {
	const connection = await connectionOf.call(this);
	const request: IHttpRequestOptions = {
		method,
		url: `${connection.baseUrl}${endpoint}`,
		json: true,
		returnFullResponse: true,
		// The REST API answers directly; never follow a redirect with the API key (and skip follow-redirects' overhead).
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (options.qs && Object.keys(options.qs).length > 0) request.qs = options.qs;
	if (options.body !== undefined) request.body = options.body;
	if (options.timeout !== undefined) request.timeout = options.timeout;
	const idempotent = options.idempotent ?? method === 'GET';
	const attempt = async (): Promise<IN8nHttpFullResponse> => {
		const answer = await settle(
			this.helpers.httpRequestWithAuthentication.call(this as IExecuteFunctions, CREDENTIAL_TYPE, request, {
				credentialsDecrypted: connection.credentials,
			}) as Promise<IN8nHttpFullResponse>,
		);
		if (answer.ok) return answer.value;
		throw brokenAnswer(answer.error);
	};
	const outcome = await settle(withRetry(attempt, { idempotent }));
	if (!outcome.ok) {
		throw (
			networkFailure(this.getNode(), outcome.error, { service: 'Files.com', timeout: options.timeout, repeatable: idempotent }) ??
			outcome.error
		);
	}
	const response = outcome.value;
	return { body: response.body, headers: (response.headers ?? {}) as IDataObject, statusCode: response.statusCode };
}

export async function apiRequest(
	this: FilesComContext,
	method: IHttpRequestMethods,
	endpoint: string,
	options: ApiRequestOptions = {},
): Promise<IDataObject> {
	const { body } = await apiRequestFull.call(this, method, endpoint, options);
	return body !== null && typeof body === 'object' ? (body as IDataObject) : {};
}

function header(headers: IDataObject, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return first === undefined || first === null || first === '' ? undefined : String(first);
	}
	return undefined;
}


export interface ListPage {
	entries: IDataObject[];
	next?: string;
}

/**
 * One page of a list endpoint. The next cursor comes in `X-Files-Cursor-Next` (documented) or `X-Files-Cursor`
 * (what the official SDKs read) and goes back as the `cursor` query parameter.
 */
export async function listPage(
	this: FilesComContext,
	endpoint: string,
	qs: IDataObject,
	cursor: string | undefined,
	perPage: number,
	timeout?: number,
): Promise<ListPage> {
	const response = await apiRequestFull.call(this, 'GET', endpoint, {
		qs: { ...qs, per_page: Math.max(1, Math.min(perPage, MAX_PAGE_SIZE)), ...(cursor ? { cursor } : {}) },
		timeout,
	});
	const entries = Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
	let next = header(response.headers, 'x-files-cursor-next') ?? header(response.headers, 'x-files-cursor');
	// A repeated cursor or an empty page ends the listing (never loop on a misbehaving server).
	if (next === cursor || entries.length === 0) next = undefined;
	return { entries, next };
}

export interface FolderListing {
	entries: IDataObject[];
	/** False when the walk stopped early (limit reached or the time budget ran out). */
	complete: boolean;
}

export interface FolderListOptions {
	recursive?: boolean;
	/** Undefined: everything. */
	limit?: number;
	type?: 'all' | 'file' | 'folder';
	/** Stop (with complete = false) when this returns false; checked before each page but the first. */
	keepGoing?: () => boolean;
	timeout?: number;
}

const isFolder = (entry: IDataObject) => entry.type === 'directory';

/** Lists a folder (normal-form path, `` = root), following cursors; `recursive` walks subfolders breadth-first. */
export async function listFolder(
	this: FilesComContext,
	folder: string,
	options: FolderListOptions = {},
): Promise<FolderListing> {
	const { recursive = false, limit, type = 'all', keepGoing, timeout } = options;
	const wanted = (entry: IDataObject) => type === 'all' || (type === 'folder') === isFolder(entry);
	const results: IDataObject[] = [];
	const queue = [folder];
	let pages = 0;
	const qs: IDataObject = !recursive && type !== 'all' ? { type } : {};
	while (queue.length > 0) {
		const current = queue.shift() as string;
		let cursor: string | undefined;
		do {
			if (limit !== undefined && results.length >= limit) return { entries: results, complete: false };
			if (keepGoing && pages > 0 && !keepGoing()) return { entries: results, complete: false };
			pages++;
			const perPage = limit === undefined || recursive ? PAGE_SIZE : Math.min(limit - results.length, PAGE_SIZE);
			const page = await listPage.call(this, `/folders/${encodePath(current)}`, qs, cursor, perPage, timeout);
			for (const entry of page.entries) {
				if (recursive && isFolder(entry) && typeof entry.path === 'string') queue.push(entry.path);
				if (wanted(entry) && (limit === undefined || results.length < limit)) results.push(entry);
			}
			cursor = page.next;
		} while (cursor !== undefined);
	}
	return { entries: results, complete: true };
}

// ---------------------------------------------------------------------------------------------------------
// Asynchronous copy and move
// ---------------------------------------------------------------------------------------------------------

/** Waits (bounded) for a file migration to finish; returns the FileMigration object. */
export async function waitForMigration(
	this: IExecuteFunctions,
	migrationId: number,
	maxWaitMs: number,
	itemIndex: number,
	timeout?: number,
): Promise<IDataObject> {
	const started = Date.now();
	let delay = 250;
	for (;;) {
		const migration = await apiRequest.call(this, 'GET', `/file_migrations/${migrationId}`, { timeout });
		const status = String(migration.status ?? '');
		if (status === 'completed' || status === 'failed') return migration;
		if (Date.now() - started + delay > maxWaitMs) {
			throw new NodeOperationError(
				this.getNode(),
				`Files.com is still working on it (migration ${migrationId} is "${status}") after ${Math.round(maxWaitMs / 1000)} seconds`,
				{
					itemIndex,
					description:
						'The operation goes on in Files.com. Raise "Max Wait (Seconds)", or turn off "Wait for Completion" and check the migration later.',
				},
			);
		}
		await sleep(delay);
		delay = Math.min(delay * 2, 2000);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Pre-signed URLs (part uploads, downloads)
// ---------------------------------------------------------------------------------------------------------

/** One part slot as `begin_upload` describes it (FileUploadPart). */
interface FileUploadPart extends IDataObject {
	part_number: number;
	partsize: number;
	ref: string;
	upload_uri: string;
	http_method?: string;
	headers?: IDataObject;
	expires?: string;
	parallel_parts?: boolean;
	retry_parts?: boolean;
	available_parts?: number;
}

function asParts(body: unknown): FileUploadPart[] {
	const list = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
	return list as FileUploadPart[];
}

/** A part URL is used only while it has a minute left. */
function fresh(part: FileUploadPart | undefined): part is FileUploadPart {
	if (!part) return false;
	const expires = part.expires ? Date.parse(part.expires) : NaN;
	return Number.isNaN(expires) || expires - Date.now() > 60_000;
}

export interface UploadOptions {
	mkdirParents: boolean;
	withRename: boolean;
	/** Most parts in flight at once (when Files.com allows parallel parts). */
	concurrency: number;
	providedMtime?: string;
	itemIndex: number;
	/** Milliseconds to wait for each answer (API calls and part uploads). */
	timeout?: number;
}

/** How many part URLs to ask `begin_upload` for at once. */
const PART_URL_BATCH = 50;
const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * Uploads `content` (exactly `size` bytes) to `target` (normal-form path) the Files.com way: `begin_upload`
 * (part size, part URLs, `ref`), each part PUT to its URL with its Content-Length, then `action=end` with
 * the parts' ETags. Memory stays at about part size × (concurrency + 1). Returns the stored File object.
 */
export async function uploadFile(
	this: IExecuteFunctions,
	target: string,
	content: Readable | Buffer,
	size: number,
	options: UploadOptions,
): Promise<IDataObject> {
	const outcome = await settle(sendFile.call(this, target, content, size, options));
	// Release the input file whatever happened (n8n opened a file handle for it; a failed upload, or a 0-byte
	// file, leaves the stream unread).
	if (!Buffer.isBuffer(content) && !content.destroyed) content.destroy();
	if (outcome.ok) return outcome.value;
	throw outcome.error;
}

async function sendFile(
	this: IExecuteFunctions,
	target: string,
	content: Readable | Buffer,
	size: number,
	options: UploadOptions,
): Promise<IDataObject> {
	const node = this.getNode();
	const { itemIndex, timeout } = options;
	const endpointPath = encodePath(target);
	const beginEndpoint = `/file_actions/begin_upload/${endpointPath}`;

	// 1. Open the upload: Files.com answers the first part slot, the part size and whether parts may go in parallel.
	const opened = asParts(
		(
			await apiRequestFull.call(this, 'POST', beginEndpoint, {
				body: { size, mkdir_parents: options.mkdirParents, ...(options.withRename ? { with_rename: true } : {}) },
				idempotent: false,
				timeout,
			})
		).body,
	);
	const opening = opened[0];
	if (!opening?.ref || !opening.upload_uri) {
		throw new NodeOperationError(node, 'Files.com did not open the upload (no part URL in its answer)', { itemIndex });
	}
	const ref = opening.ref;
	const availableParts = Number(opening.available_parts) > 0 ? Number(opening.available_parts) : 10000;
	let partSize = Number(opening.partsize) > 0 ? Number(opening.partsize) : MIN_PART_SIZE;
	// A file larger than available_parts × partsize gets larger parts (every part but the last is the same size).
	if (Math.ceil(size / partSize) > availableParts) partSize = Math.ceil(size / availableParts);
	const totalParts = Math.max(1, Math.ceil(size / partSize));
	const parallel = opening.parallel_parts !== false;
	const retryParts = opening.retry_parts !== false;
	const concurrency = parallel ? Math.max(1, Math.min(options.concurrency, totalParts)) : 1;

	// 2. Part URLs: asked for in batches (continuing the same `ref`), and again when one is about to expire.
	const slots = new Map<number, FileUploadPart>();
	for (const part of opened) slots.set(Number(part.part_number) || 1, part);
	let slotLock: Promise<unknown> = Promise.resolve();
	const slotFor = async (partNumber: number, renew = false): Promise<FileUploadPart> => {
		if (renew) slots.delete(partNumber);
		const known = slots.get(partNumber);
		if (fresh(known)) return known;
		const turn = slotLock.then(async () => {
			const again = slots.get(partNumber);
			if (fresh(again)) return again;
			const count = Math.min(PART_URL_BATCH, totalParts - partNumber + 1);
			const answer = asParts(
				(
					await apiRequestFull.call(this, 'POST', beginEndpoint, {
						body: { ref, part: partNumber, ...(count > 1 ? { parts: count } : {}) },
						idempotent: true,
						timeout,
					})
				).body,
			);
			for (const part of answer) slots.set(Number(part.part_number), part);
			const slot = slots.get(partNumber);
			if (!slot?.upload_uri) {
				throw new NodeOperationError(node, `Files.com gave no URL for part ${partNumber} of the upload`, { itemIndex });
			}
			return slot;
		});
		slotLock = turn.catch(() => undefined);
		return await turn;
	};

	// 3. Parts, in exact sizes, at most `concurrency` at a time; a 0-byte file is one empty part.
	const putPart = async (data: Buffer, partNumber: number): Promise<{ etag: string; part: number }> => {
		for (let attempt = 0; ; attempt++) {
			const slot = await slotFor(partNumber, attempt > 0);
			const send = async (): Promise<IN8nHttpFullResponse> => {
				const answer = await settle(
					this.helpers.httpRequest({
						method: String(slot.http_method ?? 'PUT').toUpperCase() as IHttpRequestMethods,
						url: slot.upload_uri,
						body: data,
						headers: { ...stringHeaders(slot.headers), 'Content-Length': data.length },
						disableFollowRedirect: true,
						returnFullResponse: true,
						json: false,
						encoding: 'text',
						...(timeout !== undefined ? { timeout } : {}),
					}) as Promise<IN8nHttpFullResponse>,
				);
				if (answer.ok) return answer.value;
				throw brokenAnswer(answer.error);
			};
			const outcome = await settle(withRetry(send, { idempotent: retryParts }));
			if (outcome.ok) {
				const etag = header((outcome.value.headers ?? {}) as IDataObject, 'etag');
				if (!etag) {
					throw new NodeOperationError(node, `Uploading part ${partNumber} of ${totalParts} failed: no ETag in the answer`, {
						itemIndex,
					});
				}
				// The storage service's ETag of a part is its MD5 (S3, server-side encryption AES256): a part that
				// arrived changed is sent again, or fails the upload before anything is stored.
				const received = md5Of(etag);
				const encryption = header((outcome.value.headers ?? {}) as IDataObject, 'x-amz-server-side-encryption');
				const comparable = received !== undefined && (encryption === undefined || encryption === 'AES256');
				if (!comparable || received === partMd5(data)) return { etag: etag.replace(/"/g, ''), part: partNumber };
				if (retryParts && attempt < 2) continue;
				throw new NodeOperationError(
					node,
					`Uploading part ${partNumber} of ${totalParts} of ${displayPath(target)} failed: the part arrived changed (the storage service's MD5 ${received} differs from the data sent, ${partMd5(data)})`,
					{ itemIndex, description: 'Nothing was stored. Run the node again; if it keeps failing, something between n8n and Files.com alters the data.' },
				);
			}
			// An expired or refused part URL is renewed once (when Files.com allows a part to be sent again).
			if (attempt === 0 && retryParts && statusOf(outcome.error) === 403) continue;
			throw new NodeOperationError(
				node,
				`Uploading part ${partNumber} of ${totalParts} of ${displayPath(target)} failed: ${await storageErrorText(outcome.error, timeout)}`,
				{
					itemIndex,
					description: retryParts
						? 'The part was retried and still failed. Run the node again to restart the upload.'
						: 'Files.com does not allow a part to be sent again for this upload. Run the node again to restart it.',
				},
			);
		}
	};
	const { parts, release } = splitIntoReusedParts(content, partSize);
	const source: AsyncIterable<Buffer> | Buffer[] = size === 0 ? [Buffer.alloc(0)] : parts;
	const etags = await mapWithConcurrency(source, concurrency, async (data, index) => {
		const sent = await putPart(data, index + 1);
		release(data);
		return sent;
	});
	if (etags.length !== totalParts) {
		throw new NodeOperationError(
			node,
			`The input file had ${etags.length} part(s) of ${partSize} bytes, expected ${totalParts} for ${size} bytes`,
			{ itemIndex, description: 'The binary data changed size while it was read. Run the node again.' },
		);
	}

	// 4. Complete the upload, then check what Files.com stored.
	const complete = async () =>
		await apiRequest.call(this, 'POST', `/files/${endpointPath}`, {
			timeout,
			body: {
				action: 'end',
				ref,
				etags,
				size,
				mkdir_parents: options.mkdirParents,
				...(options.withRename ? { with_rename: true } : {}),
				...(options.providedMtime ? { provided_mtime: options.providedMtime } : {}),
			},
			idempotent: false,
		});
	let stored: IDataObject;
	const completed = await settle(complete());
	if (completed.ok) {
		stored = completed.value;
	} else {
		if (!isNetworkFailure(completed.error)) throw completed.error;
		// The answer was lost. Completing the same `ref` again cannot store a second file (the ref is used up
		// once the upload is complete): either it completes now, or Files.com no longer knows the upload (404)
		// because the first request did complete it; then the stored file's size is checked.
		const again = await settle(complete());
		if (again.ok) {
			stored = again.value;
		} else {
			if (statusOf(again.error) !== 404) throw again.error;
			const found = await settle(apiRequest.call(this, 'GET', `/file_actions/metadata/${endpointPath}`, { timeout }));
			if (!found.ok || found.value.type !== 'file' || Number(found.value.size) !== size) throw completed.error;
			stored = found.value;
		}
	}
	if (stored.size !== undefined && stored.size !== null && Number(stored.size) !== size) {
		throw new NodeOperationError(
			node,
			`Files.com stored ${String(stored.size)} bytes for ${displayPath(String(stored.path ?? target))}, but the input file has ${size} bytes`,
			{ itemIndex, description: 'The upload was incomplete. Run the node again to upload the file again.' },
		);
	}
	return stored;
}

/** The strongest checksum Files.com gives for a file (they can be null for a while after an upload). */
function expectedChecksum(file: IDataObject): { algorithm: 'sha256' | 'sha1' | 'md5'; value: string } | undefined {
	const lengths = { sha256: 64, sha1: 40, md5: 32 } as const;
	for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
		const value = typeof file[algorithm] === 'string' ? (file[algorithm] as string).trim().toLowerCase() : '';
		if (new RegExp(`^[0-9a-f]{${lengths[algorithm]}}$`).test(value)) return { algorithm, value };
	}
	return undefined;
}

/**
 * Feeds every chunk of a response stream into `hash` as n8n's binary data store reads it. The stream is
 * paused until the store starts reading: its `data` listener alone would not restart a paused stream (n8n's
 * memory and database modes read with one, filesystem mode pipes), so the stream is resumed when that
 * listener is added, and no chunk flows before the store listens.
 */
function hashAlongTheWay(body: Readable, hash: ReturnType<typeof createHash>): void {
	body.on('data', (chunk: Buffer) => hash.update(chunk));
	body.pause();
	const resumeForReader = (event: string | symbol) => {
		if (event !== 'data' && event !== 'readable') return;
		body.off('newListener', resumeForReader);
		// resume() starts the flow on the next tick, after the reader's listener is in place.
		if (event === 'data') body.resume();
	};
	body.on('newListener', resumeForReader);
}

function partMd5(data: Buffer): string {
	return createHash('md5').update(data).digest('hex');
}

function stringHeaders(headers: unknown): IDataObject {
	if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return {};
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(headers as IDataObject)) {
		if (value !== undefined && value !== null) result[key] = String(value);
	}
	return result;
}

/**
 * Downloads a file (normal-form path) into binary data, streamed: `GET /files/{path}` for the File object and
 * its short-lived `download_uri`, then that URI without the API key. An expired link or a broken transfer is
 * tried again (up to three times, with a fresh link). Returns the File object (without the link).
 */
export async function downloadFile(
	this: BinaryContext,
	path: string,
	itemIndex: number,
	timeout?: number,
): Promise<{ file: IDataObject; binary: IBinaryData }> {
	const node = this.getNode();
	const attempts = 3;
	for (let attempt = 1; ; attempt++) {
		const file = await apiRequest.call(this, 'GET', `/files/${encodePath(path)}`, { timeout });
		const { download_uri: downloadUri, ...metadata } = file;
		if (typeof downloadUri !== 'string' || downloadUri === '') {
			throw new NodeOperationError(node, `Files.com gave no download link for ${displayPath(path)}`, {
				itemIndex,
				description: 'Only files can be downloaded. Check that the path names a file, not a folder.',
			});
		}
		const fetch = async (): Promise<IN8nHttpFullResponse> => {
			const answer = await settle(
				this.helpers.httpRequest({
					method: 'GET',
					url: downloadUri,
					encoding: 'stream',
					returnFullResponse: true,
					json: false,
					...(timeout !== undefined ? { timeout } : {}),
				}) as Promise<IN8nHttpFullResponse>,
			);
			if (answer.ok) return answer.value;
			throw brokenAnswer(answer.error);
		};
		const fetched = await settle(withRetry(fetch, { idempotent: true }));
		let failure: string;
		if (fetched.ok) {
			const headers = (fetched.value.headers ?? {}) as IDataObject;
			const fileName = String(metadata.display_name ?? path.split('/').pop() ?? 'file');
			const mimeType = String(metadata.mime_type ?? header(headers, 'content-type') ?? 'application/octet-stream');
			const body = fetched.value.body as Readable;
			// The checksum of what arrives, when Files.com has one to compare with (it fills them in some time after
			// an upload): every chunk also goes through the hash on its way into n8n's binary data. SHA-256 first
			// (hardware-accelerated on most CPUs, about 3 times faster than MD5), then SHA-1, then MD5.
			const checksum = expectedChecksum(metadata);
			const hash = checksum && typeof body?.on === 'function' ? createHash(checksum.algorithm) : undefined;
			if (hash) hashAlongTheWay(body, hash);
			const stored = await settle(this.helpers.prepareBinaryData(body as unknown as Buffer, fileName, mimeType));
			if (stored.ok) {
				const expected = typeof metadata.size === 'number' ? metadata.size : undefined;
				const received = typeof stored.value.bytes === 'number' ? stored.value.bytes : undefined;
				const sizeOk = expected === undefined || received === undefined || expected === received;
				const digest = hash?.digest('hex');
				if (sizeOk && digest === checksum?.value) return { file: metadata, binary: stored.value };
				failure = sizeOk
					? `the content that arrived differs from Files.com's checksum (${String(checksum?.algorithm).toUpperCase()} ${String(digest)}, expected ${String(checksum?.value)})`
					: `received ${received} of ${expected} bytes`;
			} else {
				failure = await storageErrorText(stored.error, timeout);
			}
		} else {
			failure = await storageErrorText(fetched.error, timeout);
		}
		if (attempt >= attempts) {
			throw new NodeOperationError(node, `Downloading ${displayPath(path)} failed: ${failure}`, {
				itemIndex,
				description: `Tried ${attempts} times with a fresh download link. Run the node again later.`,
			});
		}
	}
}
