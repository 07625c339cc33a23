/**
 * Sign-in failures and their wording. Every failure becomes a `SignInError` (a `UserError`) carrying our own
 * message (never the HTTP error, which would show its status text instead and would carry the request and its
 * secrets): the Test button shows it as is. When the token endpoint answered with an error document
 * (ProblemDetails, OAuth error JSON), the error carries that document alone as `serviceDocument`, for the
 * Error output's `details`.
 */
import type { IDataObject } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { RETRY_POLICY, isTransientNetworkCode } from '../../../shared/retry';
import type { TokenAnswer } from './token-request';
import { TOKEN_RETRY, bodyObject, tokenOf } from './token-request';

/** A sign-in problem: our message and description, and the token endpoint's error document if any. */
export class SignInError extends UserError {
	/** The token endpoint's answer (its error document, as parsed), never the request. */
	readonly serviceDocument?: IDataObject;

	constructor(message: string, description?: string, serviceDocument?: IDataObject) {
		super(message, { description });
		if (serviceDocument && Object.keys(serviceDocument).length > 0)
			this.serviceDocument = serviceDocument;
	}
}

const TLS_PROBLEM = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i;

const NETWORK_PROBLEMS: Array<[RegExp, string]> = [
	[/^ECONNREFUSED$/, 'the connection was refused'],
	[/^(ENOTFOUND|EAI_AGAIN)$/, 'the host name was not found'],
	[
		/^(ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|ERR_SOCKET_CONNECTION_TIMEOUT)$/,
		'it did not answer in time',
	],
	[/^(ECONNRESET|EPIPE|ERR_BAD_RESPONSE)$/, 'the connection was cut'],
	[/^(EHOSTUNREACH|ENETUNREACH)$/, 'the host is unreachable'],
	[TLS_PROBLEM, 'its TLS certificate is not trusted'],
];

/** " Tried N times." when the request was retried. */
function tried(answer: TokenAnswer): string {
	return answer.retries > 0 ? ` Tried ${answer.retries + 1} times.` : '';
}

/**
 * The network failure in words. n8n replaces any error message that contains a code such as
 * ECONNREFUSED by a generic text, so the code only goes into the description.
 */
export function unreachable(
	what: string,
	url: string,
	answer: TokenAnswer,
	sslHint: boolean,
): SignInError {
	const code = answer.failure?.code ?? '';
	const words =
		NETWORK_PROBLEMS.find(([pattern]) => pattern.test(code))?.[1] ?? 'it did not answer';
	const hint =
		TLS_PROBLEM.test(code) && sslHint
			? 'Install a certificate n8n trusts on the server, or turn on "Ignore SSL Issues (Insecure)".'
			: isTransientNetworkCode(code, TOKEN_RETRY)
				? 'It may be overloaded, or a proxy cut the connection: try again later, and check that n8n can reach it (firewall, proxy).'
				: 'Check the URL, that the server is running and that n8n can reach it (DNS, firewall, proxy).';
	return new SignInError(
		`Could not reach ${what} at ${url}: ${words}`,
		`${hint}${code ? ` Network error code: ${code}.` : ''}${tried(answer)}`,
	);
}

/**
 * The token endpoint's error document (ProblemDetails or OAuth error JSON), if it sent one. It goes with
 * the failures our message cannot explain on its own (429, 5xx, an unexpected status, the API Server's
 * 403), for the Error output's `details`; the problems we recognise (wrong key or password, unknown
 * repository, app not allowed, scope refused) are explained by their own message and advice.
 */
export function errorDocument(body: IDataObject): IDataObject | undefined {
	return Object.keys(body).length > 0 ? body : undefined;
}

/** The error document's own words (OAuth error_description, ProblemDetails title...), or ''. */
export function titleOf(body: IDataObject): string {
	for (const key of ['error_description', 'title', 'detail', 'error', 'message']) {
		if (typeof body[key] === 'string' && body[key] !== '') return body[key] as string;
	}
	return '';
}

/** A sign-in still answered 429 after the bounded retries, or asked to wait longer than we do. */
export function rateLimited(what: string, answer: TokenAnswer, body: IDataObject): SignInError {
	const wait =
		answer.retryAfterMs !== undefined
			? `It asked to wait ${Math.ceil(answer.retryAfterMs / 1000)} s (Retry-After), longer than the ${RETRY_POLICY.maxRetryAfterMs / 1000} s a sign-in waits.`
			: `It still answered 429 after ${answer.retries} retries.`;
	return new SignInError(
		`${what} is limiting token requests (HTTP 429, too many requests)`,
		`${wait} Wait a little and run the workflow again, or run fewer executions at the same time.`,
		errorDocument(body),
	);
}

/** A 5xx of the token endpoint, after the bounded retries. */
export function serverFailed(
	what: string,
	status: number,
	answer: TokenAnswer,
	body: IDataObject,
	check: string,
): SignInError {
	const title = titleOf(body);
	return new SignInError(
		`${what} could not issue a token (HTTP ${status})`,
		`${title ? `It answered "${title}".` : 'It failed on its side.'}${tried(answer)} Try again later. ${check}`,
		errorDocument(body),
	);
}

/**
 * A token endpoint's answer: its status, its body as an object, whether it failed and then its error
 * document. A 429 is thrown at once (rateLimited).
 */
export function readTokenAnswer(
	service: string,
	answer: TokenAnswer,
): { status: number; body: IDataObject; failed: boolean; document?: IDataObject } {
	const status = answer.statusCode ?? 0;
	const body = bodyObject(answer.body);
	const failed = status < 200 || status > 299;
	if (status === 429) throw rateLimited(service, answer, body);
	return { status, body, failed, document: failed ? errorDocument(body) : undefined };
}

/** The access token of a successful answer; an answer without one fails with the given message. */
export function accessTokenIn(body: IDataObject, message: string, description: string): string {
	const accessToken = tokenOf(body);
	if (!accessToken) throw new SignInError(message, description);
	return accessToken;
}
