'use strict';
/**
 * Fault injection. Each fault matches by optional `method` and `pathPattern` (a RegExp tested
 * against the request path, or a string that must occur in it) and fires `times` times
 * (default 1; `Infinity` or -1 for ever):
 *   { kind: 'status', status: 429|500|502|503|…, retryAfter?: seconds, title?: string }
 *   { kind: 'reset', afterBytes: n, phase?: 'response'|'request' }  cut the connection after n body bytes
 *   { kind: 'delay', ms: n }                                        answer normally after a pause (ended early
 *                                                                   by releaseDelays(); dropped if the client goes)
 *   { kind: 'locked', entryId: n }                                  423 "Entry is locked." for operations on that entry
 * plus `expireAllTokens()` (every issued access token answers 401 from now on) and `clear()`.
 */
const KINDS = new Set(['status', 'reset', 'delay', 'locked']);

class Faults {
	constructor({ onExpireTokens } = {}) {
		this._faults = [];
		this._nextId = 1;
		this._onExpireTokens = onExpireTokens || (() => {});
		this._pauses = new Set();
	}

	/** Registers a fault; returns its id. Throws on an invalid description. */
	add(spec) {
		if (!spec || typeof spec !== 'object') throw new TypeError('fault must be an object');
		const kind = spec.kind;
		if (!KINDS.has(kind))
			throw new TypeError(`unknown fault kind '${kind}' (status, reset, delay, locked)`);
		let times = spec.times === undefined ? 1 : Number(spec.times);
		if (times < 0 || times === Infinity) times = Infinity;
		if (!(times > 0)) throw new TypeError('times must be a positive number');
		const fault = {
			id: this._nextId++,
			kind,
			times,
			fired: 0,
			method: spec.method ? String(spec.method).toUpperCase() : undefined,
		};
		fault.pathPattern = toPattern(spec.pathPattern);
		if (kind === 'status') {
			const status = Number(spec.status);
			if (!(status >= 400 && status <= 599))
				throw new TypeError('status fault needs an HTTP error status');
			fault.status = status;
			if (spec.retryAfter !== undefined && spec.retryAfter !== null)
				fault.retryAfter = spec.retryAfter;
			if (spec.title) fault.title = String(spec.title);
		} else if (kind === 'reset') {
			fault.afterBytes = Math.max(0, Number(spec.afterBytes) || 0);
			fault.phase = spec.phase === 'request' ? 'request' : 'response';
		} else if (kind === 'delay') {
			fault.ms = Math.max(0, Number(spec.ms) || 0);
		} else if (kind === 'locked') {
			const entryId = Number(spec.entryId);
			if (!Number.isInteger(entryId)) throw new TypeError('locked fault needs an integer entryId');
			fault.entryId = entryId;
		}
		this._faults.push(fault);
		return fault.id;
	}

	/** Lists the active faults (copies, JSON-friendly). */
	list() {
		return this._faults.map((f) => ({
			...f,
			pathPattern: f.pathPattern ? String(f.pathPattern) : undefined,
			times: f.times === Infinity ? -1 : f.times,
		}));
	}

	remove(id) {
		this._faults = this._faults.filter((f) => f.id !== id);
	}

	clear() {
		this._faults = [];
	}

	/**
	 * A delay fault's pause: resolves true after `ms`, or as soon as releaseDelays() is called; false
	 * when the client closes the connection first (it gave up: the request is then not handled).
	 */
	pause(ms, res) {
		return new Promise((resolve) => {
			const end = (handled) => {
				clearTimeout(timer);
				res.off('close', gone);
				this._pauses.delete(release);
				resolve(handled);
			};
			const release = () => end(true);
			const gone = () => end(false);
			const timer = setTimeout(release, ms);
			res.once('close', gone);
			this._pauses.add(release);
		});
	}

	/** Ends every pending delay now: a test holds answers (a long `ms`) and lets them go on cue. */
	releaseDelays() {
		for (const release of [...this._pauses]) release();
	}

	/** Every access token issued so far is treated as expired. */
	expireAllTokens() {
		this._onExpireTokens();
	}

	/** Takes (consumes one use of) the first matching fault of one of `kinds`, or returns undefined. */
	take(kinds, method, path, predicate) {
		for (const f of this._faults) {
			if (!kinds.includes(f.kind)) continue;
			if (f.method && f.method !== method) continue;
			if (f.pathPattern && !matches(f.pathPattern, path)) continue;
			if (predicate && !predicate(f)) continue;
			f.fired++;
			f.times--;
			if (f.times <= 0) this._faults = this._faults.filter((x) => x !== f);
			return f;
		}
		return undefined;
	}
}

function toPattern(p) {
	if (p === undefined || p === null || p === '') return undefined;
	if (p instanceof RegExp) return p;
	if (typeof p === 'object' && p.regex) return new RegExp(p.regex, p.flags || '');
	return String(p);
}

function matches(pattern, path) {
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0;
		return pattern.test(path);
	}
	return path.includes(pattern);
}

module.exports = { Faults };
