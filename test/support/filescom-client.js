'use strict';
/**
 * A minimal Files.com REST client for suites that act as a Files.com user against the emulator (the
 * instant trigger's e2e, scale and harness tests): one call, and an upload in one part
 * (begin_upload → PUT → action=end), plus a bounded wait on a condition.
 */
const API = '/api/rest/v1';

/** One call below /api/rest/v1 with the API key; answers {status, body} (body parsed, or undefined). */
async function filesComCall({ baseUrl, apiKey }, method, path, body) {
	const res = await fetch(`${baseUrl}${API}${path}`, {
		method,
		headers: { 'X-FilesAPI-Key': apiKey, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Uploads `content` to `path` in one part. `beforeEnd()` runs just before `action=end` (which completes
 * the upload, and makes Files.com deliver its webhooks). Throws unless each step succeeds.
 */
async function uploadText(site, path, content, { mkdirParents = true, beforeEnd } = {}) {
	const begin = await filesComCall(site, 'POST', `/file_actions/begin_upload/${path}`, {
		mkdir_parents: mkdirParents,
	});
	if (begin.status !== 200)
		throw new Error(`begin_upload ${path}: ${begin.status} ${JSON.stringify(begin.body)}`);
	const put = await fetch(begin.body[0].upload_uri, { method: 'PUT', body: content });
	if (put.status !== 200) throw new Error(`part PUT ${path}: ${put.status}`);
	if (beforeEnd) beforeEnd();
	const end = await filesComCall(site, 'POST', `/files/${path}`, {
		action: 'end',
		ref: begin.body[0].ref,
		etags: [{ part: '1', etag: put.headers.get('etag') }],
	});
	if (end.status !== 200 && end.status !== 201)
		throw new Error(`action=end ${path}: ${end.status}`);
}

/** Polls `probe` every `everyMs` until it returns something other than undefined; bounded by timeoutMs. */
async function until(what, probe, { timeoutMs = 60000, everyMs = 100 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000}s`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

module.exports = { filesComCall, uploadText, until };
