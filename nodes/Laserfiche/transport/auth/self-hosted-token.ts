/**
 * The self-hosted sign-in (preAuthentication of laserficheSelfHostedApi): the password grant at
 * `POST {base}/v1/Repositories/{id}/Token`; each refusal of the API Server named by what it means.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { selfHostedBaseUrl, selfHostedRepositoryId } from './endpoints';
import {
	SignInError,
	accessTokenIn,
	readTokenAnswer,
	serverFailed,
	titleOf,
	unreachable,
} from './sign-in-errors';
import { sharedSignIn } from './token-cache';
import { sendTokenRequest } from './token-request';

const SERVICE = 'The Laserfiche API Server';

async function requestSelfHostedToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string }> {
	const baseUrl = selfHostedBaseUrl(credentials);
	const repositoryId = selfHostedRepositoryId(credentials);
	const username = typeof credentials.username === 'string' ? credentials.username.trim() : '';
	if (username === '') {
		throw new SignInError(
			'The Username is empty',
			'Enter a repository, LFDS or Windows user (DOMAIN\\user or user@domain).',
		);
	}
	const password = typeof credentials.password === 'string' ? credentials.password : '';
	const url = `${baseUrl}/v1/Repositories/${encodeURIComponent(repositoryId)}/Token`;
	const answer = await sendTokenRequest(helper, {
		method: 'POST',
		url,
		body: new URLSearchParams({ grant_type: 'password', username, password }),
		skipSslCertificateValidation: credentials.ignoreSSLIssues === true,
	});
	if (answer.failure) throw unreachable('the Laserfiche API Server', baseUrl, answer, true);
	const { status, body, failed, document } = readTokenAnswer(SERVICE, answer);
	if (status === 401) {
		throw new SignInError(
			`The Laserfiche API Server rejected the username or password for repository "${repositoryId}"`,
			'Check Username and Password. Windows users are written DOMAIN\\user or user@domain.',
			document,
		);
	}
	if (status === 404) {
		const aboutRepository =
			/repositor/i.test(String(body.title ?? '')) ||
			body.errorCode === 9015 ||
			/repository\b.*\b(not found|does not exist)/i.test(String(body.detail ?? ''));
		throw new SignInError(
			aboutRepository
				? `The Laserfiche API Server has no repository "${repositoryId}"`
				: `No Laserfiche API Server answers at ${baseUrl} (HTTP 404)`,
			aboutRepository
				? "Check Repository ID: it is the repository's name as the API Server knows it."
				: 'Check Base URL: it usually ends with /LFRepositoryAPI.',
			document,
		);
	}
	if (status === 403) {
		throw new SignInError(
			`The Laserfiche API Server refused to sign in "${username}" to repository "${repositoryId}" (HTTP 403)`,
			titleOf(body) || 'The user may not use the repository through the API.',
			document,
		);
	}
	if (status >= 500) {
		throw serverFailed(
			SERVICE,
			status,
			answer,
			body,
			'If it keeps failing, check Base URL and that the API Server can reach the repository.',
		);
	}
	if (failed) {
		throw new SignInError(
			`The Laserfiche API Server refused the sign-in (HTTP ${status})`,
			titleOf(body) || 'Check Base URL, Repository ID, Username and Password.',
			document,
		);
	}
	const accessToken = accessTokenIn(
		body,
		`The server at ${baseUrl} answered without an access token`,
		'Check Base URL: it usually ends with /LFRepositoryAPI.',
	);
	return { accessToken };
}

/** preAuthentication of laserficheSelfHostedApi: a new access token, one request for concurrent executions. */
export const signInSelfHosted = sharedSignIn('selfHosted', requestSelfHostedToken);
