/**
 * The Cloud client-credentials JWT: signed ES256 with the access key's P-256 private key (node:crypto, no
 * JWT library), carrying the service principal key; the token endpoint takes it as the Bearer credential.
 */
import { createPrivateKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import type { AccessKey } from './access-key';
import { ACCESS_KEY_HELP } from './access-key';
import { SignInError } from './sign-in-errors';

/** Seconds the client-credentials JWT is valid: it is used at once, so a short life is enough. */
const CLIENT_JWT_LIFETIME_SECONDS = 300;

/** Laserfiche checks this audience whatever the regional domain (.com, .ca, .eu). */
const CLIENT_JWT_AUDIENCE = 'laserfiche.com';

function base64Url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

/** The ES256-signed client-credentials JWT (header kid; claims client_id, client_secret, aud, iat, nbf, exp). */
export function createClientJwt(
	accessKey: AccessKey,
	servicePrincipalKey: string,
	nowSeconds = Math.ceil(Date.now() / 1000 - 1),
	lifetimeSeconds = CLIENT_JWT_LIFETIME_SECONDS,
): string {
	let privateKey: KeyObject | undefined;
	try {
		privateKey = createPrivateKey({ key: { ...accessKey.jwk }, format: 'jwk' });
	} catch {
		privateKey = undefined;
	}
	if (!privateKey) {
		throw new SignInError(
			'The access key\'s "jwk" is not a valid P-256 private key',
			`Its x, y and d values do not form a key on the P-256 curve. ${ACCESS_KEY_HELP}`,
		);
	}
	const header = base64Url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: accessKey.jwk.kid }));
	const payload = base64Url(
		JSON.stringify({
			client_id: accessKey.clientId,
			client_secret: servicePrincipalKey,
			aud: CLIENT_JWT_AUDIENCE,
			iat: nowSeconds,
			nbf: nowSeconds,
			exp: nowSeconds + lifetimeSeconds,
		}),
	);
	const signingInput = `${header}.${payload}`;
	// JOSE wants the raw R||S signature (IEEE P1363), not node's default DER.
	const signature = sign('sha256', Buffer.from(signingInput), {
		key: privateKey,
		dsaEncoding: 'ieee-p1363',
	});
	return `${signingInput}.${base64Url(signature)}`;
}
