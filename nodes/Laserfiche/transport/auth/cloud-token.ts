/**
 * The Cloud sign-in (preAuthentication of laserficheCloudApi): the client-credentials JWT signed with the
 * access key, exchanged at the token URL (`https://signin.{domain}/oauth/Token`, client-credentials grant)
 * for an access token; each refusal of the sign-in service named by what it means.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { parseAccessKey } from './access-key';
import { createClientJwt } from './client-jwt';
import { cloudEndpoints } from './endpoints';
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

const SERVICE = 'The Laserfiche Cloud sign-in service';

/** Scopes in a space-delimited list. */
function scopeList(scope: unknown): string[] {
	return typeof scope === 'string' ? scope.split(/\s+/).filter((s) => s !== '') : [];
}

async function requestCloudToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string }> {
	const servicePrincipalKey =
		typeof credentials.servicePrincipalSecretKey === 'string'
			? credentials.servicePrincipalSecretKey.trim()
			: '';
	if (servicePrincipalKey === '') {
		throw new SignInError(
			'The Service Principal Key is empty',
			'In Laserfiche Account Administration open the service principal and click "Create Service Principal Keys"; paste the key here.',
		);
	}
	const accessKey = parseAccessKey(credentials.accessKeySecret, false);
	const { tokenUrl } = cloudEndpoints(credentials);
	const jwt = createClientJwt(accessKey, servicePrincipalKey);
	const requested = scopeList(credentials.scope);
	const form = new URLSearchParams({ grant_type: 'client_credentials' });
	if (requested.length) form.set('scope', requested.join(' '));

	const answer = await sendTokenRequest(helper, {
		method: 'POST',
		url: tokenUrl,
		headers: { Authorization: `Bearer ${jwt}` },
		body: form,
	});
	if (answer.failure)
		throw unreachable('the Laserfiche Cloud sign-in service', tokenUrl, answer, false);
	const { status, body, failed, document } = readTokenAnswer(SERVICE, answer);
	const error =
		typeof body.error === 'string' ? body.error : typeof body.type === 'string' ? body.type : '';
	// An OAuth error code names the problem; a ProblemDetails type is a URL, which says nothing more.
	const code = /^[a-z][a-z0-9+.-]*:/i.test(error) ? '' : error;
	if (status === 401 || error === 'invalid_client') {
		throw new SignInError(
			'Laserfiche Cloud rejected the Service Principal Key (invalid_client)',
			"The key is wrong, expired (keys expire after 90 days by default) or rotated, or it belongs to another service principal than the one this access key's app runs as. Create a new key in Account Administration and paste it here.",
			document,
		);
	}
	if (error === 'unauthorized_client' || status === 403) {
		throw new SignInError(
			`Laserfiche Cloud does not let this app use a service principal (${code || `HTTP ${status}`})`,
			'In the Developer Console the app must be a Service app with a Service Account (the service principal) selected.',
			document,
		);
	}
	if (error === 'invalid_scope') {
		throw new SignInError(
			`Laserfiche Cloud refused the requested scope "${requested.join(' ')}"`,
			'Use repository.ReadWrite (or repository.Read / repository.Write) and approve it for the app in the Developer Console.',
			document,
		);
	}
	if (status >= 500) {
		throw serverFailed(
			SERVICE,
			status,
			answer,
			body,
			`If it keeps failing, check the Token URL (${tokenUrl}).`,
		);
	}
	if (failed) {
		throw new SignInError(
			`Laserfiche Cloud refused the token request (HTTP ${status}${code ? `, ${code}` : ''})`,
			titleOf(body) || `Check the Token URL (${tokenUrl}).`,
			document,
		);
	}
	const accessToken = accessTokenIn(
		body,
		`The Laserfiche Cloud sign-in service at ${tokenUrl} answered without an access token`,
		'Check the Token URL.',
	);
	if (requested.length) {
		const granted = scopeList(body.scope);
		if (!granted.some((scope) => scope.toLowerCase().startsWith('repository'))) {
			throw new SignInError(
				`Laserfiche Cloud granted none of the requested scopes (${requested.join(' ')})`,
				'The repository API v2 needs repository.Read and repository.Write: set Scope to repository.ReadWrite and check that the app may use it in the Developer Console.',
			);
		}
	}
	return { accessToken };
}

/** preAuthentication of laserficheCloudApi: a new access token, one request for concurrent executions. */
export const signInCloud = sharedSignIn('cloud', requestCloudToken);
