/**
 * The Cloud access key: the base-64 string the Developer Console downloads, which decodes to
 * `{customerId, clientId, domain, jwk}` (the service app, its region and its P-256 private key).
 */
import type { IDataObject } from 'n8n-workflow';

import { SignInError } from './sign-in-errors';

/** The decoded access key. */
export interface AccessKey {
	customerId?: string;
	clientId: string;
	domain: string;
	jwk: {
		kty: string;
		crv: string;
		kid: string;
		x: string;
		y: string;
		d: string;
	};
}

/** Where to find the access key, for every message about it. */
export const ACCESS_KEY_HELP =
	'In the Laserfiche Developer Console open the service app, tab Authentication, "Create key" next to Access Keys, and copy the key downloaded as a base-64 string.';

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The key's JSON, or a SignInError naming why it is not base-64 JSON. */
function decode(value: unknown): IDataObject {
	const text = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
	if (text === '') {
		throw new SignInError('The Base-64 Encoded Access Key is empty', ACCESS_KEY_HELP);
	}
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
		throw new SignInError(
			'The Base-64 Encoded Access Key is not base-64 text',
			`It contains characters base-64 does not use, or it is cut short. ${ACCESS_KEY_HELP}`,
		);
	}
	const decoded = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
		.toString('utf8')
		.replace(/^\uFEFF/, '');
	let parsed: unknown;
	try {
		parsed = JSON.parse(decoded);
	} catch {
		parsed = undefined;
	}
	if (!isObject(parsed)) {
		throw new SignInError(
			'The Base-64 Encoded Access Key does not decode to JSON',
			`A Laserfiche access key decodes to a JSON object with customerId, clientId, domain and jwk. ${ACCESS_KEY_HELP}`,
		);
	}
	return parsed;
}

/** The key's `jwk`, checked: an EC P-256 private key with its key ID. */
function checkedJwk(jwk: unknown): AccessKey['jwk'] {
	if (!isObject(jwk)) {
		throw new SignInError(
			'The Base-64 Encoded Access Key has no "jwk" (its private key)',
			`The decoded key must contain a "jwk" object. ${ACCESS_KEY_HELP}`,
		);
	}
	if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
		throw new SignInError(
			`The access key's "jwk" is not an EC P-256 key (kty "${String(jwk.kty)}", crv "${String(jwk.crv)}")`,
			`Laserfiche signs with ES256, which needs an EC key on the P-256 curve. ${ACCESS_KEY_HELP}`,
		);
	}
	for (const member of ['x', 'y', 'd']) {
		if (typeof jwk[member] !== 'string' || jwk[member] === '') {
			throw new SignInError(
				`The access key's "jwk" has no "${member}"${member === 'd' ? ' (it is not a private key)' : ''}`,
				ACCESS_KEY_HELP,
			);
		}
	}
	if (typeof jwk.kid !== 'string' || jwk.kid === '') {
		throw new SignInError('The access key\'s "jwk" has no "kid" (key ID)', ACCESS_KEY_HELP);
	}
	return {
		kty: 'EC',
		crv: 'P-256',
		kid: jwk.kid,
		x: jwk.x as string,
		y: jwk.y as string,
		d: jwk.d as string,
	};
}

/**
 * Decodes and checks the access key, naming precisely what is wrong with a malformed one (empty,
 * not base-64, not JSON, no `jwk`, not an EC P-256 private key, no `kid`, no `clientId`).
 * @param needDomain whether the key must name its domain (it must unless both URLs are overridden)
 */
export function parseAccessKey(value: unknown, needDomain = true): AccessKey {
	const key = decode(value);
	const jwk = checkedJwk(key.jwk);
	if (typeof key.clientId !== 'string' || key.clientId === '') {
		throw new SignInError('The Base-64 Encoded Access Key has no "clientId"', ACCESS_KEY_HELP);
	}
	const domain = typeof key.domain === 'string' ? key.domain.trim().toLowerCase() : '';
	if (needDomain && !DOMAIN.test(domain)) {
		throw new SignInError(
			'The Base-64 Encoded Access Key has no valid "domain" (such as laserfiche.com)',
			`The domain decides the sign-in and API hosts. ${ACCESS_KEY_HELP} Or turn on "Custom Endpoints" and enter both URLs.`,
		);
	}
	return {
		customerId: typeof key.customerId === 'string' ? key.customerId : undefined,
		clientId: key.clientId,
		domain,
		jwk,
	};
}
