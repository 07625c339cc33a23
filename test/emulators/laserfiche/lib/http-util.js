'use strict';
/**
 * Small HTTP helpers shared by every handler: reading bounded bodies, sending JSON, and the
 * case-insensitive property access ASP.NET model binding gives Laserfiche's JSON bodies.
 */
const { randomBytes } = require('node:crypto');

class HttpError extends Error {
	/**
	 * An error that the server turns into a ProblemDetails response.
	 * @param {number} status
	 * @param {string} title
	 * @param {{ detail?: string, errorCode?: number, errorSource?: string, type?: string, headers?: object, extra?: object }} [opts]
	 */
	constructor(status, title, opts = {}) {
		super(title);
		this.status = status;
		this.title = title;
		this.opts = opts;
	}
}

/** Reads the whole request body into memory, refusing bodies larger than `limit` bytes (JSON and forms only). */
async function readBody(req, limit = 4 * 1024 * 1024) {
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size > limit) {
			// keep draining so the client can read our answer, but stop storing
			chunks.length = 0;
			continue;
		}
		chunks.push(chunk);
	}
	if (size > limit) throw new HttpError(413, 'Request is too large.');
	return Buffer.concat(chunks);
}

/** Discards whatever is left of a request body. */
function drain(req) {
	return new Promise((resolve) => {
		if (req.readableEnded || req.complete) return resolve();
		req.on('end', resolve);
		req.on('error', resolve);
		req.on('close', resolve);
		req.resume();
	});
}

function mediaType(req) {
	return String(req.headers['content-type'] || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

/** Parses a JSON body. An empty body yields `undefined`; invalid JSON is a 400 like ASP.NET's. */
async function readJson(ctx, { required = false } = {}) {
	const buf = await readBody(ctx.req);
	if (buf.length === 0) {
		ctx.loggedBody = undefined;
		if (required) throw new HttpError(400, 'A non-empty request body is required.');
		return undefined;
	}
	const type = mediaType(ctx.req);
	if (type && !/json/.test(type)) {
		throw new HttpError(415, 'Unsupported Media Type', {
			detail: `Content type '${type}' is not supported; use application/json.`,
		});
	}
	try {
		const value = JSON.parse(buf.toString('utf8'));
		ctx.loggedBody = value;
		return value;
	} catch (err) {
		ctx.loggedBody = buf.toString('utf8').slice(0, 2000);
		throw new HttpError(400, 'One or more validation errors occurred.', {
			detail: `The request body is not valid JSON: ${err.message}`,
		});
	}
}

async function readForm(ctx) {
	const buf = await readBody(ctx.req, 256 * 1024);
	const params = new URLSearchParams(buf.toString('utf8'));
	const form = {};
	for (const [k, v] of params) form[k] = v;
	ctx.loggedBody = form;
	return form;
}

/** Case-insensitive property lookup (ASP.NET binds JSON properties regardless of case). */
function prop(obj, name) {
	if (!obj || typeof obj !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
	const lower = name.toLowerCase();
	for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
	return undefined;
}

function sendJson(ctx, status, body, headers = {}) {
	const res = ctx.res;
	const text = body === undefined ? '' : JSON.stringify(body);
	const h = { ...headers };
	if (body !== undefined) {
		h['content-type'] = h['content-type'] || 'application/json; charset=utf-8';
	}
	h['content-length'] = Buffer.byteLength(text);
	res.writeHead(status, h);
	ctx.loggedResponse = body;
	res.end(ctx.req.method === 'HEAD' ? undefined : text);
}

function sendEmpty(ctx, status, headers = {}) {
	ctx.res.writeHead(status, { 'content-length': 0, ...headers });
	ctx.res.end();
}

function hex(bytes) {
	return randomBytes(bytes).toString('hex');
}

function isoNow() {
	return new Date().toISOString();
}

function boolParam(value, name) {
	if (value === null || value === undefined || value === '') return undefined;
	const v = String(value).toLowerCase();
	if (v === 'true') return true;
	if (v === 'false') return false;
	throw new HttpError(400, 'One or more validation errors occurred.', {
		detail: `The value '${value}' is not valid for ${name}.`,
	});
}

function intParam(value, name, { min = -2147483648, max = 2147483647 } = {}) {
	if (value === null || value === undefined || value === '') return undefined;
	if (!/^-?\d+$/.test(String(value)) || Number(value) < min || Number(value) > max) {
		throw new HttpError(400, 'One or more validation errors occurred.', {
			detail: `The value '${value}' is not valid for ${name}.`,
		});
	}
	return Number(value);
}

module.exports = {
	HttpError,
	readBody,
	readJson,
	readForm,
	drain,
	mediaType,
	prop,
	sendJson,
	sendEmpty,
	hex,
	isoNow,
	boolParam,
	intParam,
};
