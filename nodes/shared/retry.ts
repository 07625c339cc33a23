/**
 * Retries for transient failures, the same way for every service:
 * - 429 (rate limited): the request was not processed, so it is retried whatever the method, after
 *   `Retry-After` (seconds or HTTP date) when the service sends one (bounded by `maxRetryAfterMs`:
 *   a longer wait fails the item instead of stalling the workflow), else after an exponential backoff;
 * - 500/502/503/504 and connection resets or time-outs: retried only when the call is idempotent
 *   (a GET, a PUT of the same content, a DELETE), because a non-idempotent call may already have
 *   taken effect; a successful answer cut in the middle of its body is a reset (see brokenAnswer);
 * - everything else fails at once.
 */
import { sleep } from 'n8n-workflow';

import { brokenAnswer, networkCodeOf, responseOf, statusOf } from './errors';

export interface RetryPolicy {
	/** Whether repeating the call cannot change the outcome (safe to retry after a 5xx or a reset). */
	idempotent: boolean;
	/** Retries after the first attempt. */
	maxRetries?: number;
	/** First backoff without Retry-After; doubles each time. */
	baseDelayMs?: number;
	/** Longest Retry-After honoured; a longer one fails the call. */
	maxRetryAfterMs?: number;
}

/** HTTP statuses of a service that failed for now (retried when the call is idempotent). */
export const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ECONNREFUSED',
	'EAI_AGAIN',
]);

export const DEFAULT_RETRY = { maxRetries: 3, baseDelayMs: 250, maxRetryAfterMs: 60_000 };

/** Milliseconds a `Retry-After` header asks for (integer seconds or an HTTP date), if any. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before retrying this failure, or undefined when it must not be retried. */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy): number | undefined {
	const { baseDelayMs, maxRetryAfterMs } = { ...DEFAULT_RETRY, ...policy };
	const backoff = baseDelayMs * 2 ** attempt;
	const status = statusOf(error);
	if (status === 429) {
		const headers = responseOf(error)?.headers ?? {};
		const requested = retryAfterMs(headers['retry-after'] ?? headers['Retry-After']);
		if (requested === undefined) return backoff;
		return requested <= maxRetryAfterMs ? requested : undefined;
	}
	if (!policy.idempotent) return undefined;
	const failure = brokenAnswer(error);
	const answered = statusOf(failure);
	if (answered !== undefined) return TRANSIENT_STATUSES.has(answered) ? backoff : undefined;
	const code = networkCodeOf(failure);
	return code !== undefined && TRANSIENT_NETWORK_CODES.has(code) ? backoff : undefined;
}

/** A call's outcome without try/catch: failures are passed on as they are (toNodeError reads them later). */
export async function settle<T>(call: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	return await call.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

/** Runs `call`, retrying transient failures as the policy allows; the last failure is passed on. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
	const { maxRetries } = { ...DEFAULT_RETRY, ...policy };
	for (let attempt = 0; ; attempt++) {
		const outcome = await settle(call());
		if (outcome.ok) return outcome.value;
		const delay = attempt < maxRetries ? retryDelay(outcome.error, attempt, policy) : undefined;
		if (delay === undefined) return await Promise.reject(outcome.error);
		await sleep(delay);
	}
}
