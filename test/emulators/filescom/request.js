'use strict';
/**
 * Request parsing: query strings and form bodies with Rails-style brackets
 * (`sort_by[path]=asc`, `etags[0][etag]=...`, `paths[]=a`), JSON bodies, and a bounded body reader.
 */
const { apiError } = require('./errors');

const MAX_API_BODY = 8 * 1024 * 1024;

function decodeComponent(s) {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}

function assignBracketed(target, rawKey, value) {
	const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
	if (!m || !m[2]) {
		target[rawKey] = value;
		return;
	}
	const keys = [m[1], ...Array.from(m[2].matchAll(/\[([^\]]*)\]/g), (x) => x[1])];
	let node = target;
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		const last = i === keys.length - 1;
		if (last) {
			if (key === '' && Array.isArray(node)) node.push(value);
			else node[key] = value;
			return;
		}
		const nextKey = keys[i + 1];
		const wantArray = nextKey === '' || /^\d+$/.test(nextKey);
		let child = key === '' && Array.isArray(node) ? undefined : node[key];
		if (key === '' && Array.isArray(node) && i + 2 === keys.length) {
			// Rails: `a[][x]=1&a[][y]=2` fills one hash until a key repeats.
			const lastItem = node[node.length - 1];
			if (
				lastItem &&
				typeof lastItem === 'object' &&
				!Array.isArray(lastItem) &&
				!(nextKey in lastItem)
			)
				child = lastItem;
		}
		if (child === undefined || typeof child !== 'object' || child === null) {
			child = wantArray ? [] : {};
			if (key === '' && Array.isArray(node)) node.push(child);
			else node[key] = child;
		}
		node = child;
	}
}

/** Parses `a=1&b[c]=2` into a nested object. */
function parseQueryString(qs) {
	const out = {};
	if (!qs) return out;
	for (const part of qs.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
		const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
		assignBracketed(out, key, value);
	}
	return out;
}

/** Reads a request body up to `limit` bytes. */
function readBody(req, limit = MAX_API_BODY) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) {
				reject(apiError('bad-request/request-body-too-large', 'Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('request aborted')));
	});
}

/** Parses a JSON or form body according to its Content-Type; returns an object (possibly empty). */
function parseBody(buffer, contentType) {
	if (!buffer || buffer.length === 0) return {};
	const text = buffer.toString('utf8');
	const type = String(contentType || '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return parseQueryString(text);
	const trimmed = text.trim();
	if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			const parsed = JSON.parse(trimmed);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
			throw new Error('not an object');
		} catch {
			throw apiError('bad-request/invalid-body', 'The request body is not valid JSON.');
		}
	}
	if (/^[^=&\s]+=/.test(trimmed)) return parseQueryString(trimmed);
	return {};
}

function toBoolean(value) {
	if (value === true || value === false) return value;
	if (value === undefined || value === null) return false;
	const s = String(value).toLowerCase();
	return s === 'true' || s === '1' || s === 'yes' || s === 'on';
}

function toInteger(value) {
	if (value === undefined || value === null || value === '') return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? Math.trunc(n) : NaN;
}

module.exports = { parseQueryString, readBody, parseBody, toBoolean, toInteger, MAX_API_BODY };
