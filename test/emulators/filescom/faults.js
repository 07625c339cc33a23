'use strict';
/**
 * Fault injection for the Files.com emulator. Every fault matches on an optional `method` and an
 * optional `pathPattern` and fires `times` times (default 1; -1 or Infinity = for ever).
 *
 * `pathPattern` is a RegExp tested against the request URL (path + query), or a string prefix of it.
 * A string that does not start with "/api/", "/__files/" or "/__emulator/" is also tried below
 * "/api/rest/v1" ("/folders" matches "/api/rest/v1/folders/..."). Over the control endpoint,
 * `pathRegex: "<source>"` (with optional `pathRegexFlags`) builds a RegExp.
 *
 * Kinds:
 *   { kind: 'status', status: 429|500|502|503|504|..., retryAfter?: seconds|HTTP-date, html?: boolean,
 *     type?: catalogue type, message?: string, data?: object }
 *       429 -> rate-limited/too-many-requests error document (+ Retry-After when given);
 *       `type` -> that catalogue error document with this status (e.g. lockout-region-mismatch + data.host);
 *       5xx -> the HTML page an edge proxy sends (default), or with html:false a JSON body;
 *       other 4xx -> the catalogue document for `type` (option) or a plain error document.
 *   { kind: 'reset', afterBytes: n, phase?: 'request'|'response' }
 *       destroys the connection after n bytes of the response body (default for GET/POST/...), or
 *       after n bytes of the request body have arrived (default for PUT part uploads).
 *   { kind: 'delay', ms }                 answers normally after the pause (ended early by releaseDelays());
 *                                         a request whose client closes the connection meanwhile is dropped.
 *   { kind: 'failPart', partNumber }      the PUT of that part to its upload_uri fails (S3-style 500).
 *   { kind: 'expireDownloads' }           matching download_uri fetches answer 403 "Request has expired".
 */
const { byType } = require('./errors');

const KINDS = new Set(['status', 'reset', 'delay', 'failPart', 'expireDownloads']);

function toPattern(value) {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof RegExp) return value;
	return String(value);
}

function patternMatches(pattern, url) {
	if (pattern === undefined) return true;
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0;
		return pattern.test(url);
	}
	if (url.startsWith(pattern)) return true;
	if (!/^\/(api|__files|__emulator)\//.test(pattern)) {
		const below = `/api/rest/v1${pattern.startsWith('/') ? '' : '/'}${pattern}`;
		return url.startsWith(below);
	}
	return false;
}

class Faults {
	constructor() {
		this._faults = [];
		this._nextId = 1;
		this._pauses = new Set();
	}

	/** Registers a fault and returns its id. Throws a TypeError on an invalid description. */
	add(spec) {
		if (!spec || typeof spec !== 'object') throw new TypeError('fault must be an object');
		const { kind } = spec;
		if (!KINDS.has(kind)) {
			throw new TypeError(
				`unknown fault kind '${kind}' (status, reset, delay, failPart, expireDownloads)`,
			);
		}
		let times = spec.times === undefined || spec.times === null ? 1 : Number(spec.times);
		if (times < 0 || times === Infinity) times = Infinity;
		if (!(times > 0)) throw new TypeError('times must be a positive number, or -1 for ever');
		let pathPattern = toPattern(spec.pathPattern);
		if (pathPattern === undefined && spec.pathRegex)
			pathPattern = new RegExp(spec.pathRegex, spec.pathRegexFlags || '');
		const fault = {
			id: this._nextId++,
			kind,
			times,
			fired: 0,
			method: spec.method ? String(spec.method).toUpperCase() : undefined,
			pathPattern,
		};
		if (kind === 'status') {
			const status = Number(spec.status);
			if (!(status >= 400 && status <= 599))
				throw new TypeError('status fault needs an HTTP error status (400-599)');
			fault.status = status;
			if (spec.retryAfter !== undefined && spec.retryAfter !== null)
				fault.retryAfter = spec.retryAfter;
			fault.html = spec.html === undefined ? status >= 500 : Boolean(spec.html);
			if (spec.type) {
				if (!byType.has(String(spec.type)))
					throw new TypeError(`error type '${spec.type}' is not in the Files.com error catalogue`);
				fault.type = String(spec.type);
			}
			if (spec.message) fault.message = String(spec.message);
			if (spec.data && typeof spec.data === 'object') fault.data = spec.data;
		} else if (kind === 'reset') {
			fault.afterBytes = Math.max(0, Number(spec.afterBytes) || 0);
			if (spec.phase === 'request' || spec.phase === 'response') fault.phase = spec.phase;
		} else if (kind === 'delay') {
			fault.ms = Math.max(0, Number(spec.ms) || 0);
		} else if (kind === 'failPart') {
			const partNumber = Number(spec.partNumber);
			if (!Number.isInteger(partNumber) || partNumber < 1)
				throw new TypeError('failPart needs a partNumber >= 1');
			fault.partNumber = partNumber;
			fault.status = Number(spec.status) || 500;
		}
		this._faults.push(fault);
		return fault.id;
	}

	/** The active faults, JSON-friendly. */
	list() {
		return this._faults.map((f) => ({
			...f,
			pathPattern: f.pathPattern === undefined ? undefined : String(f.pathPattern),
			times: f.times === Infinity ? -1 : f.times,
		}));
	}

	remove(id) {
		this._faults = this._faults.filter((f) => f.id !== Number(id));
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

	/**
	 * Finds the first matching fault of one of `kinds` and consumes one firing of it.
	 * @param {{method: string, url: string, kinds: string[], partNumber?: number}} query
	 */
	take({ method, url, kinds, partNumber }) {
		for (const fault of this._faults) {
			if (!kinds.includes(fault.kind)) continue;
			if (fault.method && fault.method !== method) continue;
			if (!patternMatches(fault.pathPattern, url)) continue;
			if (fault.kind === 'failPart' && fault.partNumber !== partNumber) continue;
			fault.fired += 1;
			fault.times -= 1;
			if (fault.times <= 0) this._faults = this._faults.filter((f) => f !== fault);
			return fault;
		}
		return undefined;
	}
}

module.exports = { Faults, patternMatches };
