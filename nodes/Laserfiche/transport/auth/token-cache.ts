/**
 * Token requests of this process, by credential and by the token they replace: concurrent executions
 * that find the same token missing or expired share one request, and the answer is reused for a few
 * seconds (by executions that read the credential before n8n stored the new token). Nothing else is
 * kept; the token itself lives in the credential, as n8n stores it.
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

const TOKEN_REUSE_MS = 10_000;

/** The credential fields a token depends on, by kind of sign-in: another value of any of them is another token. */
const TOKEN_FIELDS = {
	cloud: [
		'tokenUrl',
		'apiBaseUrl',
		'customEndpoints',
		'accessKeySecret',
		'servicePrincipalSecretKey',
		'scope',
	],
	selfHosted: ['baseUrl', 'repositoryId', 'username', 'password', 'ignoreSSLIssues'],
} as const;

type SignInKind = keyof typeof TOKEN_FIELDS;

const tokenRequests = new Map<string, { at: number; answer: Promise<{ accessToken: string }> }>();

/** The cache key of a credential's token request: a digest of its sign-in fields and the token it replaces. */
function tokenCacheKey(kind: SignInKind, credentials: ICredentialDataDecryptedObject): string {
	const parts = [
		kind,
		...TOKEN_FIELDS[kind].map((field) => credentials[field]),
		credentials.accessToken ?? '',
	];
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The answer of a request under way or just made for the same credential and token, else `request()`'s. */
async function sharedTokenRequest(
	kind: SignInKind,
	credentials: ICredentialDataDecryptedObject,
	request: () => Promise<{ accessToken: string }>,
): Promise<{ accessToken: string }> {
	const key = tokenCacheKey(kind, credentials);
	const now = Date.now();
	for (const [k, v] of tokenRequests) if (now - v.at > TOKEN_REUSE_MS) tokenRequests.delete(k);
	const known = tokenRequests.get(key);
	if (known) return await known.answer;
	const answer = request();
	tokenRequests.set(key, { at: now, answer });
	answer.catch(() => tokenRequests.delete(key));
	return await answer;
}

/**
 * A credential's preAuthentication: a new access token from `request`, one request for concurrent
 * executions with the same credential and token.
 */
export function sharedSignIn(
	kind: SignInKind,
	request: (
		helper: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	) => Promise<{ accessToken: string }>,
): (
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
) => Promise<{ accessToken: string }> {
	return async (helper, credentials) =>
		await sharedTokenRequest(kind, credentials, async () => await request(helper, credentials));
}
