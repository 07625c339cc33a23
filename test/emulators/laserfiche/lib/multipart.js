'use strict';
/**
 * A streaming multipart/form-data parser. File parts (those with a filename) go straight to temp
 * files on disk through the blob store; text parts are kept in memory (bounded). The whole request
 * is counted against `totalLimit`: past it we stop storing, drain the rest, and report 413.
 */
const fs = require('node:fs');
const { once } = require('node:events');
const { HttpError } = require('./http-util');

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function boundaryOf(contentType) {
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(String(contentType || ''));
	return m ? m[1] || m[2] : undefined;
}

function parseHeaders(block) {
	const headers = {};
	for (const line of block.split('\r\n')) {
		const idx = line.indexOf(':');
		if (idx <= 0) continue;
		headers[line.slice(0, idx).trim().toLowerCase()] = line.slice(idx + 1).trim();
	}
	return headers;
}

function dispositionParams(value) {
	const params = {};
	const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let m;
	while ((m = re.exec(value || ''))) {
		const key = m[1].toLowerCase();
		const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
		if (key === 'filename*') {
			const ext = /^([^']*)'[^']*'(.*)$/.exec(raw);
			try {
				params.filename = decodeURIComponent(ext ? ext[2] : raw);
			} catch {
				params.filename = raw;
			}
		} else if (
			!(key === 'filename' && params.filename !== undefined && value.includes('filename*'))
		) {
			params[key] = raw;
		}
	}
	return params;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {{ store: import('./storage').BlobStore, totalLimit: number, maxFieldBytes?: number }} opts
 * @returns {Promise<{ fields: Record<string,string>, files: Array<{ name: string, filename: string, contentType: string, size: number, tmp: object }>, bytes: number }>}
 */
async function parseMultipart(req, { store, totalLimit, maxFieldBytes = 4 * 1024 * 1024 }) {
	const boundary = boundaryOf(req.headers['content-type']);
	if (!boundary)
		throw new HttpError(400, 'Invalid or bad request.', {
			detail: 'The multipart boundary is missing from the Content-Type header.',
		});
	const dashBoundary = Buffer.from(`--${boundary}`);
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const fields = {};
	const files = [];
	let buf = Buffer.alloc(0);
	let state = 'preamble';
	let part = null;
	let total = 0;
	let tooLarge = false;
	let failure = null;

	async function write(data) {
		if (!data.length) return;
		part.size += data.length;
		if (part.stream) {
			if (!part.stream.write(data)) await once(part.stream, 'drain');
		} else {
			if (part.size > maxFieldBytes)
				throw new HttpError(413, 'Request is too large.', {
					detail: `The form field '${part.name}' is too large.`,
				});
			part.chunks.push(Buffer.from(data));
		}
	}

	async function finishPart() {
		if (part.stream) {
			await new Promise((resolve, reject) =>
				part.stream.end((err) => (err ? reject(err) : resolve())),
			);
			files.push({
				name: part.name,
				filename: part.filename,
				contentType: part.contentType,
				size: part.size,
				tmp: part.tmp,
			});
		} else {
			fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
		}
		part = null;
	}

	async function step() {
		for (;;) {
			if (state === 'preamble') {
				const idx = buf.indexOf(dashBoundary);
				if (idx < 0) {
					if (buf.length > dashBoundary.length)
						buf = buf.subarray(buf.length - dashBoundary.length);
					return;
				}
				buf = buf.subarray(idx + dashBoundary.length);
				state = 'afterBoundary';
			}
			if (state === 'afterBoundary') {
				if (buf.length < 2) return;
				if (buf[0] === 0x2d && buf[1] === 0x2d) {
					state = 'end';
					buf = Buffer.alloc(0);
					return;
				}
				const idx = buf.indexOf(CRLF);
				if (idx < 0) {
					if (buf.length > 256)
						throw new HttpError(400, 'Invalid or bad request.', {
							detail: 'Malformed multipart body.',
						});
					return;
				}
				buf = buf.subarray(idx + 2);
				state = 'headers';
			}
			if (state === 'headers') {
				const idx = buf.indexOf(HEADER_END);
				if (idx < 0) {
					if (buf.length > 16384)
						throw new HttpError(400, 'Invalid or bad request.', {
							detail: 'Multipart part headers are too large.',
						});
					return;
				}
				const headers = parseHeaders(buf.subarray(0, idx).toString('utf8'));
				buf = buf.subarray(idx + 4);
				const disp = headers['content-disposition'] || '';
				const params = dispositionParams(disp);
				part = {
					name: params.name || '',
					filename: params.filename,
					contentType:
						headers['content-type'] ||
						(params.filename !== undefined ? 'application/octet-stream' : 'text/plain'),
					size: 0,
					chunks: [],
				};
				if (params.filename !== undefined) {
					part.tmp = store.tempFile();
					part.stream = fs.createWriteStream(part.tmp.path);
					part.stream.on('error', (err) => {
						failure = failure || err;
					});
				}
				state = 'body';
			}
			if (state === 'body') {
				const idx = buf.indexOf(delimiter);
				if (idx < 0) {
					const keep = delimiter.length - 1;
					if (buf.length > keep) {
						const out = buf.subarray(0, buf.length - keep);
						buf = buf.subarray(buf.length - keep);
						await write(out);
					}
					return;
				}
				const out = buf.subarray(0, idx);
				buf = buf.subarray(idx + delimiter.length);
				await write(out);
				await finishPart();
				state = 'afterBoundary';
			}
			if (state === 'end') return;
		}
	}

	for await (const chunk of req) {
		total += chunk.length;
		if (failure || tooLarge) continue;
		if (total > totalLimit) {
			tooLarge = true;
			continue;
		}
		buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
		try {
			await step();
		} catch (err) {
			failure = err;
		}
	}

	if (!failure && !tooLarge && state !== 'end') {
		failure = new HttpError(400, 'Invalid or bad request.', {
			detail: 'The multipart body ended before its closing boundary.',
		});
	}
	if (failure || tooLarge) {
		if (part && part.stream) {
			part.stream.destroy();
			await part.tmp.discard();
		}
		for (const f of files) await f.tmp.discard();
		if (tooLarge)
			throw new HttpError(413, 'Request is too large.', {
				detail: `The request body exceeds the limit of ${totalLimit} bytes.`,
			});
		throw failure;
	}
	return { fields, files, bytes: total };
}

module.exports = { parseMultipart, boundaryOf };
