/**
 * Retries for transient failures, the same way for every service and every request (a node's calls and a
 * credential's sign-in alike), as RETRY_POLICY says:
 * - 429 (rate limited): the request was not processed, so it is retried whatever the method, after
 *   `Retry-After` (seconds or HTTP date) when the service sends one (bounded by `maxRetryAfterMs`:
 *   a longer wait fails the item instead of stalling the workflow), else after an exponential backoff;
 * - 500/502/503/504 and network failures that may pass (a reset, a time-out, a DNS hiccup): retried only
 *   when the call is idempotent (a GET, a PUT of the same content, a DELETE), because a non-idempotent call
 *   may already have taken effect; a successful answer cut in the middle of its body is a reset (see
 *   brokenAnswer); a refused connection is retried unless the call says otherwise (`retryRefused`);
 * - everything else fails at once.
 */
import { sleep } from 'n8n-workflow';

import { brokenAnswer, networkCodeOf, responseOf, statusOf } from './errors';

/** The one retry policy: which failures are transient, how often they are retried and how long we wait. */
export const RETRY_POLICY = {
	/** Retries after the first attempt. */
	maxRetries: 3,
	/** First backoff without Retry-After; doubles each time. */
	baseDelayMs: 250,
	/** Longest Retry-After honoured; a longer one fails the call. */
	maxRetryAfterMs: 60_000,
	/** Rate limited: the request was not processed, so it is retried whatever the method. */
	rateLimitedStatus: 429,
	/** HTTP statuses of a service that failed for now (retried when the call is idempotent). */
	transientStatuses: new Set([500, 502, 503, 504]) as ReadonlySet<number>,
	/**
	 * Network failures another try may get through (retried when the call is idempotent): the connection cut
	 * or timed out, a DNS hiccup, an answer cut short (ERR_BAD_RESPONSE: a node's calls only see it with the
	 * answer's status, which then decides).
	 */
	transientNetworkCodes: new Set([
		'ECONNRESET',
		'ECONNABORTED',
		'EPIPE',
		'ETIMEDOUT',
		'ESOCKETTIMEDOUT',
		'ERR_SOCKET_CONNECTION_TIMEOUT',
		'EAI_AGAIN',
		'ERR_BAD_RESPONSE',
	]) as ReadonlySet<string>,
	/** A refused connection: transient unless the call sets `retryRefused: false` (see RetryOptions). */
	refusedCode: 'ECONNREFUSED',
} as const;

/** What a call tells the policy about itself. */
export interface RetryOptions {
	/** Whether repeating the call cannot change the outcome (safe to retry after a 5xx or a network failure). */
	idempotent: boolean;
	/**
	 * Whether a refused connection (ECONNREFUSED) is transient; true when not set. A node's calls retry it: the
	 * server may be restarting. A sign-in does not: it is the first request to an address the user typed, so a
	 * refusal nearly always means a wrong URL or port, and retrying would only delay the message.
	 */
	retryRefused?: boolean;
}

/** Whether a network failure with this code may pass on another try (for an idempotent call). */
export function isTransientNetworkCode(
	code: string | undefined,
	options: Pick<RetryOptions, 'retryRefused'>,
): boolean {
	if (code === RETRY_POLICY.refusedCode) return options.retryRefused !== false;
	return code !== undefined && RETRY_POLICY.transientNetworkCodes.has(code);
}

/** Milliseconds a failure's `Retry-After` header asks for (integer seconds or an HTTP date), if it has one. */
export function requestedWaitMs(error: unknown, now = Date.now()): number | undefined {
	const headers = responseOf(error)?.headers ?? {};
	const header = headers['retry-after'] ?? headers['Retry-After'];
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before retrying this failure, or undefined when it must not be retried. */
function retryDelay(error: unknown, attempt: number, options: RetryOptions): number | undefined {
	const backoff = RETRY_POLICY.baseDelayMs * 2 ** attempt;
	if (statusOf(error) === RETRY_POLICY.rateLimitedStatus) {
		const requested = requestedWaitMs(error);
		if (requested === undefined) return backoff;
		return requested <= RETRY_POLICY.maxRetryAfterMs ? requested : undefined;
	}
	if (!options.idempotent) return undefined;
	const failure = brokenAnswer(error);
	const answered = statusOf(failure);
	if (answered !== undefined)
		return RETRY_POLICY.transientStatuses.has(answered) ? backoff : undefined;
	return isTransientNetworkCode(networkCodeOf(failure), options) ? backoff : undefined;
}

/** A call's outcome without try/catch: failures are passed on as they are (toNodeError reads them later). */
export async function settle<T>(
	call: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	return await call.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

/** Runs `call`, retrying transient failures as the policy allows; the last failure is passed on. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		const outcome = await settle(call());
		if (outcome.ok) return outcome.value;
		const delay =
			attempt < RETRY_POLICY.maxRetries ? retryDelay(outcome.error, attempt, options) : undefined;
		if (delay === undefined) return await Promise.reject(outcome.error);
		await sleep(delay);
	}
}
