/**
 * Transfers to and from pre-signed storage links (S3 and the like), the same way for both nodes: never with a
 * service's credentials (plain httpRequest), retried per retry.ts, an answer cut after its status line taken
 * as a broken connection (brokenAnswer).
 * - PUT of an upload part: the storage answers the part's ETag; when that is a plain MD5 it must be the MD5 of
 *   the bytes sent, and a part that arrived changed is sent again (a few times), then given up.
 * - GET of a download, stored into n8n's binary data with its size checked against the expected size.
 * What a failure means in words stays with each service's transport (the outcomes below say what happened).
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { Readable } from './binary';
import { brokenAnswer } from './errors';
import { settle, withRetry } from './retry';

type Helpers = IExecuteFunctions['helpers'];
/** Any n8n context that can send plain requests (execute, poll, load options). */
type HttpContext = { helpers: Pick<Helpers, 'httpRequest'> };

/** A header of an answer, whatever its case; undefined when absent or empty. */
export function headerOf(headers: IDataObject, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return first === undefined || first === null || first === '' ? undefined : String(first);
	}
	return undefined;
}

/** One request to a pre-signed link, full answer, retried as `idempotent` allows. */
async function presignedRequest(
	context: HttpContext,
	request: IHttpRequestOptions,
	idempotent: boolean,
): Promise<IN8nHttpFullResponse> {
	const send = async (): Promise<IN8nHttpFullResponse> => {
		const answer = await settle(
			context.helpers.httpRequest({
				...request,
				returnFullResponse: true,
			}) as Promise<IN8nHttpFullResponse>,
		);
		if (answer.ok) return answer.value;
		throw brokenAnswer(answer.error);
	};
	return await withRetry(send, { idempotent });
}

/** How a service's storage ETag carries the part's MD5. */
interface ETagRule {
	/** Whether a weak ETag (`W/"…"`) carries it too. */
	weak: boolean;
	/** Whether S3's x-amz-server-side-encryption, when not AES256, means the ETag is not the MD5 (SSE-KMS). */
	encryption: boolean;
}

interface PartPut {
	body: Buffer;
	/**
	 * The request of one send (0-based `send`): url, method, headers, timeout... (body, full response and no
	 * redirects are added). A later send may come with a fresh link.
	 */
	request: (send: number) => Promise<IHttpRequestOptions>;
	/** Whether the storage takes the part again: transient failures are retried, a changed part sent again. */
	repeatable: boolean;
	/** Most sends of a part that arrives changed (1 when not repeatable). */
	sends: number;
	etag: ETagRule;
	/** Whether a send that failed (after its retries) is tried again with a fresh link, e.g. after a 403. */
	sendAgainAfter?: (error: unknown, send: number) => boolean;
}

type PartPutOutcome =
	| { ok: true; etag: string }
	| { ok: false; problem: 'no-etag' }
	| { ok: false; problem: 'changed'; received: string; sent: string }
	| { ok: false; problem: 'failed'; error: unknown };

/** The MD5 a part's ETag carries under the rule, or undefined when the ETag is not one. */
function md5OfETag(etag: string, headers: IDataObject, rule: ETagRule): string | undefined {
	const value = (rule.weak ? etag.replace(/^W\//, '') : etag)
		.replace(/"/g, '')
		.trim()
		.toLowerCase();
	if (!/^[0-9a-f]{32}$/.test(value)) return undefined;
	const encryption = rule.encryption
		? headerOf(headers, 'x-amz-server-side-encryption')
		: undefined;
	return encryption === undefined || encryption === 'AES256' ? value : undefined;
}

/** PUTs one part to its pre-signed link; the ETag is the storage's answer, as it sent it. */
export async function putPart(context: HttpContext, part: PartPut): Promise<PartPutOutcome> {
	const sends = part.repeatable ? Math.max(1, part.sends) : 1;
	let sent: string | undefined;
	for (let send = 0; ; send++) {
		const request = await part.request(send);
		const answer = await settle(
			presignedRequest(
				context,
				{ ...request, body: part.body, disableFollowRedirect: true },
				part.repeatable,
			),
		);
		if (!answer.ok) {
			if (send + 1 < sends && part.sendAgainAfter?.(answer.error, send)) continue;
			return { ok: false, problem: 'failed', error: answer.error };
		}
		const headers = (answer.value.headers ?? {}) as IDataObject;
		const etag = headerOf(headers, 'etag');
		if (etag === undefined) return { ok: false, problem: 'no-etag' };
		const received = md5OfETag(etag, headers, part.etag);
		if (received === undefined) return { ok: true, etag };
		sent ??= createHash('md5').update(part.body).digest('hex');
		if (received === sent) return { ok: true, etag };
		if (send + 1 >= sends) return { ok: false, problem: 'changed', received, sent };
	}
}

/** GETs a pre-signed download link as a stream (retried: a download is safe to repeat). */
export async function getDownload(
	context: HttpContext,
	request: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	return await presignedRequest(context, { ...request, method: 'GET', encoding: 'stream' }, true);
}

type StoredDownload =
	| { ok: true; binary: IBinaryData }
	| { ok: false; error: unknown }
	| { ok: false; received: number; expected: number };

/** Stores a downloaded stream into n8n's binary data; short (or long) when its size is not the expected one. */
export async function storeDownload(
	context: { helpers: Pick<Helpers, 'prepareBinaryData'> },
	body: Readable | Buffer,
	fileName: string,
	mimeType: string,
	expected: number | undefined,
): Promise<StoredDownload> {
	const stored = await settle(
		context.helpers.prepareBinaryData(body as Buffer, fileName, mimeType),
	);
	if (!stored.ok) return stored;
	const received = typeof stored.value.bytes === 'number' ? stored.value.bytes : undefined;
	if (expected === undefined || received === undefined || received === expected)
		return { ok: true, binary: stored.value };
	return { ok: false, received, expected };
}
