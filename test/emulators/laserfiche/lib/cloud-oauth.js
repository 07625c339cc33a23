'use strict';
/**
 * Laserfiche Cloud OAuth 2.0 client-credentials flow (POST {signin}/oauth/Token).
 *
 * The access key handed to users is base-64 of {customerId, clientId, domain, jwk}, where jwk is an
 * EC P-256 private key. The client signs a JWT (ES256, header kid) with claims client_id,
 * client_secret (= service principal key), aud "laserfiche.com", iat, nbf and exp, and sends it as
 * `Authorization: Bearer <JWT>` with `grant_type=client_credentials[&scope=…]`. We verify it with
 * the registered public key (node:crypto) and answer with an access token, or with the documented
 * 401 document that mixes OAuth and ProblemDetails members.
 */
const crypto = require('node:crypto');
const { readForm, mediaType, sendJson, hex, drain } = require('./http-util');
const { filterScopes } = require('./tokens');

const AUDIENCE = 'laserfiche.com';

function b64url(buf) {
	return Buffer.from(buf).toString('base64url');
}

function randomAlnum(n) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(n);
	let s = '';
	for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length];
	return s;
}

/** Creates (or adopts) the Cloud service app: key pair, ids, service principal key and access key. */
function createCloudIdentity(options = {}) {
	let privateJwk;
	if (options.jwk) {
		privateJwk = typeof options.jwk === 'string' ? JSON.parse(options.jwk) : { ...options.jwk };
		if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || !privateJwk.d)
			throw new Error('jwk must be an EC P-256 private JWK');
	} else {
		const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
		privateJwk = privateKey.export({ format: 'jwk' });
	}
	const kid = privateJwk.kid || `_pk_${randomAlnum(32)}`;
	const jwk = {
		kty: 'EC',
		crv: 'P-256',
		use: 'sig',
		kid,
		x: privateJwk.x,
		y: privateJwk.y,
		d: privateJwk.d,
		iat: Math.floor(Date.now() / 1000),
	};
	const publicKey = crypto.createPublicKey({
		key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
		format: 'jwk',
	});
	const customerId = options.customerId || String(1000000000 + crypto.randomInt(0, 999999999));
	const clientId = options.clientId || randomAlnum(24);
	const domain = options.domain || 'laserfiche.emulator';
	const servicePrincipalKey = options.servicePrincipalKey || randomAlnum(20);
	const accessKeyJson = { customerId, clientId, domain, jwk };
	const accessKey = Buffer.from(JSON.stringify(accessKeyJson), 'utf8').toString('base64');
	return {
		customerId,
		clientId,
		domain,
		servicePrincipalKey,
		servicePrincipalName: options.servicePrincipalName || 'Emulator Service Principal',
		trusteeId: options.trusteeId || '1001',
		jwk,
		kid,
		publicKey,
		accessKey,
	};
}

/** Signs the emulator's own access tokens (JWTs with csid, trid, name and aud = regional domain). */
function createSigner() {
	const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const kid = `emulator-${hex(8)}`;
	return {
		sign(claims) {
			const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
			const payload = b64url(JSON.stringify(claims));
			const sig = crypto.sign('sha256', Buffer.from(`${header}.${payload}`), {
				key: privateKey,
				dsaEncoding: 'ieee-p1363',
			});
			return `${header}.${payload}.${b64url(sig)}`;
		},
	};
}

function decodeJwt(token) {
	const parts = String(token).split('.');
	if (parts.length !== 3) return undefined;
	try {
		const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		const signature = Buffer.from(parts[2], 'base64url');
		if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object')
			return undefined;
		return { header, payload, signature, signingInput: `${parts[0]}.${parts[1]}` };
	} catch {
		return undefined;
	}
}

class OAuthError extends Error {
	constructor(status, error, description) {
		super(description);
		this.status = status;
		this.error = error;
		this.description = description;
	}
}

const INVALID_CLIENT = 'The client_id is invalid or authentication failed.';

/**
 * Verifies a client-credentials JWT against the registered apps. Returns { app, jwtScope } or throws OAuthError.
 * @param {string} jwt
 * @param {Map<string, object>} apps  clientId → identity (see createCloudIdentity)
 * @param {number} skewSeconds
 */
function verifyClientJwt(jwt, apps, skewSeconds) {
	const decoded = decodeJwt(jwt);
	if (!decoded)
		throw new OAuthError(400, 'invalid_request', 'The client credentials are malformed.');
	const { header, payload, signature, signingInput } = decoded;
	if (header.alg !== 'ES256') throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	const app = apps.get(String(payload.client_id));
	if (!app) throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	if (header.kid !== app.kid) throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	const ok =
		signature.length === 64 &&
		crypto.verify(
			'sha256',
			Buffer.from(signingInput),
			{ key: app.publicKey, dsaEncoding: 'ieee-p1363' },
			signature,
		);
	if (!ok) throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	const aud = payload.aud;
	if (!(aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE))))
		throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	const now = Math.floor(Date.now() / 1000);
	for (const claim of ['iat', 'nbf', 'exp']) {
		if (payload[claim] !== undefined && typeof payload[claim] !== 'number')
			throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	}
	if (payload.exp !== undefined && payload.exp + skewSeconds <= now)
		throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	if (payload.nbf !== undefined && payload.nbf - skewSeconds > now)
		throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	if (payload.iat !== undefined && payload.iat - skewSeconds > now)
		throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	const secrets = Array.isArray(app.servicePrincipalKeys)
		? app.servicePrincipalKeys
		: [app.servicePrincipalKey];
	if (typeof payload.client_secret !== 'string' || !secrets.includes(payload.client_secret)) {
		throw new OAuthError(401, 'invalid_client', INVALID_CLIENT);
	}
	return { app, jwtScope: typeof payload.scope === 'string' ? payload.scope : undefined };
}

/** Handler for POST /oauth/Token. */
function createTokenHandler(emu) {
	const signer = createSigner();
	return async function cloudToken(ctx) {
		emu.state.tokenRequests.cloud++;
		ctx.instance = '/Token';
		try {
			if (mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
				await drain(ctx.req);
				throw new OAuthError(
					400,
					'invalid_request',
					'The request must be application/x-www-form-urlencoded.',
				);
			}
			const form = await readForm(ctx);
			if (!form.grant_type)
				throw new OAuthError(400, 'invalid_request', 'The grant_type parameter is missing.');
			if (form.grant_type !== 'client_credentials') {
				throw new OAuthError(
					400,
					'unsupported_grant_type',
					'The authorization grant type is not supported by the authorization server.',
				);
			}
			const auth = String(ctx.req.headers.authorization || '');
			let jwt;
			const bearer = /^Bearer\s+(.+)$/i.exec(auth);
			const basic = /^Basic\s+(.+)$/i.exec(auth);
			if (bearer) jwt = bearer[1].trim();
			else if (basic) {
				const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
				const idx = decoded.indexOf(':');
				jwt = idx >= 0 ? decoded.slice(idx + 1) : '';
			} else {
				throw new OAuthError(400, 'invalid_request', 'The client credentials are missing.');
			}
			const { app, jwtScope } = verifyClientJwt(
				jwt,
				emu.cloudApps,
				emu.options.cloudJwtClockSkewSeconds,
			);
			const requested = form.scope !== undefined ? form.scope : basic ? jwtScope : undefined;
			const scopes = filterScopes(requested);
			const lifetime = emu.options.cloudTokenLifetimeSeconds;
			const now = Math.floor(Date.now() / 1000);
			const claims = {
				iss: `https://signin.${app.domain}/oauth`,
				aud: app.domain,
				csid: app.customerId,
				trid: app.trusteeId,
				name: app.servicePrincipalName,
				client_id: app.clientId,
				jti: hex(16),
				iat: now,
				nbf: now,
				exp: now + lifetime,
			};
			if (scopes && scopes.length) claims.scope = scopes.join(' ');
			const value = signer.sign(claims);
			emu.tokens.issue({
				kind: 'cloud',
				value,
				lifetimeSeconds: lifetime,
				principal: { id: app.trusteeId, name: app.servicePrincipalName, clientId: app.clientId },
				scopes,
			});
			emu.state.tokensIssued.cloud++;
			const body = { access_token: value, expires_in: lifetime, token_type: 'bearer' };
			if (scopes && scopes.length) body.scope = scopes.join(' ');
			sendJson(ctx, 200, body, {
				'cache-control': 'no-store',
				pragma: 'no-cache',
				'x-requestid': ctx.requestId,
			});
		} catch (err) {
			if (!(err instanceof OAuthError)) throw err;
			const body = {
				error: err.error,
				error_description: err.description,
				type: err.error,
				title: err.description,
				status: err.status,
				instance: ctx.instance,
				operationId: ctx.requestId,
				traceId: ctx.traceId,
			};
			const headers = { 'x-requestid': ctx.requestId, 'cache-control': 'no-store' };
			if (err.status === 401) headers['www-authenticate'] = `Bearer error="${err.error}"`;
			sendJson(ctx, err.status, body, headers);
		}
	};
}

module.exports = { createCloudIdentity, createTokenHandler, verifyClientJwt, decodeJwt, AUDIENCE };
