'use strict';
/**
 * Access tokens issued by the emulator (Cloud OAuth and self-hosted password grant), their lifetime,
 * "expire every token now", and the OAuth scope rules of the Repository API:
 * v2 routes need repository.Read / repository.Write (403 otherwise); a Cloud token without any scope
 * has full access to v1 only; self-hosted tokens carry no scopes and reach everything.
 */
const { randomBytes } = require('node:crypto');

const SCOPE_RE = /^repository(\/[^\s]+)?\.(Read|Write|ReadWrite)$/;

class TokenStore {
	/** @param {() => number} [clock] the emulator's clock (ms since the epoch; tests move it forward) */
	constructor(clock = () => Date.now()) {
		this._tokens = new Map();
		this._clock = clock;
	}

	/**
	 * @param {{ kind: 'cloud'|'selfHosted', lifetimeSeconds: number, principal: { id: string, name: string }, repositoryId?: string, scopes?: string[]|null, value?: string }} info
	 */
	issue(info) {
		const value = info.value || randomBytes(32).toString('base64url');
		const now = this._clock();
		const record = {
			value,
			kind: info.kind,
			principal: info.principal,
			repositoryId: info.repositoryId,
			scopes: info.scopes === undefined ? null : info.scopes,
			issuedAt: now,
			expiresAt: now + info.lifetimeSeconds * 1000,
			revoked: false,
		};
		this._tokens.set(value, record);
		return record;
	}

	/** Returns the live token record for a bearer value, or undefined if unknown, revoked or expired. */
	lookup(value) {
		const record = this._tokens.get(value);
		if (!record) return undefined;
		if (record.revoked || this._clock() >= record.expiresAt) return undefined;
		return record;
	}

	expireAll() {
		for (const record of this._tokens.values()) record.revoked = true;
	}

	clear() {
		this._tokens.clear();
	}

	get size() {
		return this._tokens.size;
	}
}

/** Keeps the scopes the service knows; unknown ones are dropped silently, like Laserfiche Cloud. */
function filterScopes(requested) {
	if (requested === undefined || requested === null) return null;
	return String(requested)
		.split(/\s+/)
		.filter((s) => SCOPE_RE.test(s));
}

/**
 * Whether `token` may run an operation needing `needed` ('Read' | 'Write' | 'None') on `resourcePath`
 * (the path after the version, e.g. `Repositories/r-1/Entries/5`).
 */
function allows(token, apiVersion, needed, resourcePath) {
	if (needed === 'None') return true;
	if (token.kind === 'selfHosted') return true;
	if (token.scopes === null || token.scopes.length === 0) return apiVersion === 'v1';
	const lowerPath = resourcePath.toLowerCase();
	return token.scopes.some((scope) => {
		const m = SCOPE_RE.exec(scope);
		if (!m) return false;
		const rights = m[2];
		if (rights !== 'ReadWrite' && rights !== needed) return false;
		if (!m[1]) return true;
		const prefix = m[1].slice(1).toLowerCase();
		return lowerPath === prefix || lowerPath.startsWith(prefix + '/');
	});
}

module.exports = { TokenStore, filterScopes, allows };
