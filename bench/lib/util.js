'use strict';
/** Small helpers shared by the benchmark runner and its tasks (hashing, plain HTTP). */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');

const MIB = 1024 * 1024;

/** md5 of a stream (or any async iterable of Buffers), and its size. */
async function digestOf(source) {
	const md5 = crypto.createHash('md5');
	let size = 0;
	for await (const chunk of source) {
		md5.update(chunk);
		size += chunk.length;
	}
	return { size, md5: md5.digest('hex') };
}

async function digestFile(file) {
	return await digestOf(fs.createReadStream(file, { highWaterMark: MIB }));
}

/**
 * One HTTP request with a plain Node agent; resolves `{ status, headers, body }` (body as a Buffer).
 * `agent` should be a keep-alive agent for loops.
 */
function request(url, { method = 'GET', headers = {}, body, agent } = {}) {
	const target = new URL(url);
	const lib = target.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const req = lib.request(target, { method, headers, agent }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		if (body !== undefined) req.end(body);
		else req.end();
	});
}

async function requestJson(url, options = {}) {
	const headers = { Accept: 'application/json', ...(options.headers || {}) };
	let body;
	if (options.json !== undefined) {
		body = Buffer.from(JSON.stringify(options.json));
		headers['Content-Type'] = 'application/json';
		headers['Content-Length'] = body.length;
	}
	const response = await request(url, { ...options, headers, body });
	const text = response.body.toString('utf8');
	let parsed;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = text;
	}
	if (response.status >= 400) {
		const error = new Error(
			`${options.method || 'GET'} ${url} answered HTTP ${response.status}: ${text.slice(0, 300)}`,
		);
		error.status = response.status;
		throw error;
	}
	return { ...response, json: parsed };
}

module.exports = { MIB, digestOf, digestFile, request, requestJson };
