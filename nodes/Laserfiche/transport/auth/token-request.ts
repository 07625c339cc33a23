/**
 * The HTTP of a sign-in: one token request, answered with its status, headers and body whatever the status
 * (or with the network failure), retried as the shared policy says (nodes/shared/retry.ts).
 */
import type { IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import type { RetryOptions } from '../../../shared/retry';
import { RETRY_POLICY, requestedWaitMs, settle, withRetry } from '../../../shared/retry';

/** A token request's last answer, or its network failure. */
export interface TokenAnswer {
	statusCode?: number;
	headers?: IDataObject;
	body?: unknown;
	failure?: { code?: string; message?: string };
	/** Retries made before this answer. */
	retries: number;
	/** For a 429 not retried because it asked to wait too long: the wait it asked for. */
	retryAfterMs?: number;
}

type Attempt = Omit<TokenAnswer, 'retries' | 'retryAfterMs'>;

/**
 * Token requests create nothing, so they are retried like any idempotent call, but not when the
 * connection is refused (a wrong URL or port, most likely: see RetryOptions.retryRefused).
 */
export const TOKEN_RETRY: RetryOptions = { idempotent: true, retryRefused: false };

/** Milliseconds a token request waits for its answer. */
const TOKEN_TIMEOUT_MS = 30_000;

/**
 * An attempt without a 2xx answer, as the shared retry reads a failure: the answer's status and headers,
 * or the network code alone (which decides, and which the sign-in message names, whatever status a cut
 * answer had).
 */
class UnsuccessfulAttempt extends Error {
	readonly response?: { status: number; headers: IDataObject };

	readonly code?: string;

	constructor(readonly attempt: Attempt) {
		super('The token request did not succeed');
		if (attempt.failure) this.code = attempt.failure.code;
		else this.response = { status: attempt.statusCode ?? 0, headers: attempt.headers ?? {} };
	}
}

/** One token request, answering with the status, headers and body whatever the status, or the network failure. */
async function sendTokenRequestOnce(
	helper: IHttpRequestHelper,
	options: IHttpRequestOptions,
): Promise<Attempt> {
	let answer: Attempt;
	try {
		const response = (await helper.helpers.httpRequest({
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: true,
			timeout: TOKEN_TIMEOUT_MS,
		})) as { statusCode: number; headers?: IDataObject; body: unknown };
		answer = {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
		};
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause;
		answer = {
			failure: {
				code: (error as { code?: string }).code ?? cause?.code,
				message: (error as Error).message,
			},
		};
	}
	return answer;
}

/**
 * Sends a token request, retrying transient failures (TOKEN_RETRY): 429 after its Retry-After (bounded) or
 * a backoff, 500/502/503/504 and cut or timed-out connections after a backoff. Answers with the last status
 * and body whatever the status, or the last network failure.
 */
export async function sendTokenRequest(
	helper: IHttpRequestHelper,
	options: IHttpRequestOptions,
): Promise<TokenAnswer> {
	let attempts = 0;
	const attempt = async (): Promise<Attempt> => {
		attempts++;
		const answer = await sendTokenRequestOnce(helper, options);
		const status = answer.statusCode ?? 0;
		return !answer.failure && status >= 200 && status <= 299
			? answer
			: await Promise.reject(new UnsuccessfulAttempt(answer));
	};
	const outcome = await settle(withRetry(attempt, TOKEN_RETRY));
	if (outcome.ok) return { ...outcome.value, retries: attempts - 1 };
	const last = outcome.error as UnsuccessfulAttempt;
	const requested =
		last.response?.status === RETRY_POLICY.rateLimitedStatus ? requestedWaitMs(last) : undefined;
	return {
		...last.attempt,
		retries: attempts - 1,
		retryAfterMs:
			requested !== undefined && requested > RETRY_POLICY.maxRetryAfterMs ? requested : undefined,
	};
}

/** The token endpoint's answer as an object (parsed when it came as JSON text or bytes), else {}. */
export function bodyObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			const parsed = JSON.parse(body.toString()) as unknown;
			if (parsed && typeof parsed === 'object') return parsed as IDataObject;
		} catch {
			return {};
		}
	}
	return {};
}

/** The access token of a successful answer, if it has one. */
export function tokenOf(body: IDataObject): string | undefined {
	return typeof body.access_token === 'string' && body.access_token !== ''
		? body.access_token
		: undefined;
}
