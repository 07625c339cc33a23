'use strict';
/**
 * The HTTP front: request log, fault injection, the REST API below /api/rest/v1 (see router.js), the
 * unauthenticated upload/download URLs below /__files/, and the control endpoints below /__emulator/.
 *
 * Control endpoints (no authentication; the emulator listens on 127.0.0.1 only):
 *   GET    /__emulator/info                 {service, baseUrl, apiKey, userApiKey, userId, filesBaseUrl}
 *   POST   /__emulator/faults               add a fault (JSON, see faults.js; `pathRegex` for a RegExp) or an array
 *   GET    /__emulator/faults               list the active faults
 *   DELETE /__emulator/faults[/<id>]        clear all faults (or one)
 *   GET    /__emulator/requests             the request log (API key values redacted)
 *   DELETE /__emulator/requests             clear the request log
 *   POST   /__emulator/reset                back to the seeded state ({"seed": false} for an empty site)
 *   POST   /__emulator/seed-folder          {"path": "big", "count": 100000, "prefix"?: "file-"}
 *   POST   /__emulator/files                {"path": "a/b.txt", "text"?: "...", "base64"?: "..."} create a file
 *   POST   /__emulator/api-keys             {"name", "user_id"?, "permission_set"?, "expires_at"?} -> {id, key}
 *   POST   /__emulator/time                 {"advanceMs": 61000} move the emulator's clock forward
 *   GET    /__emulator/webhooks             webhook deliveries and their attempts, once those under way end
 */
const http = require('node:http');
const { FilesApiError, apiError, newInstanceId, byType } = require('./errors');
const { parseQueryString, readBody, parseBody } = require('./request');
const router = require('./router');
const { styleCursorHeaders } = require('./paging');
const { s3Error } = require('./uploads');

const API_HEADERS = {
	'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
	Expires: 'Fri, 01 Jan 1990 00:00:00 GMT',
	Pragma: 'no-cache',
	Server: 'files.com',
	'Referrer-Policy': 'same-origin',
	'X-Content-Type-Options': 'nosniff',
	'X-Download-Options': 'noopen',
	'X-Frame-Options': 'SAMEORIGIN',
	'X-Permitted-Cross-Domain-Policies': 'none',
	'X-Xss-Protection': '1; mode=block',
};

const REASONS = {
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
};
const MAX_LOGGED_RESPONSE = 512 * 1024;

function redactHeaders(headers) {
	const out = {};
	for (const [k, v] of Object.entries(headers)) {
		out[k] = k === 'x-filesapi-key' || k === 'x-filesapi-auth' ? '[redacted]' : v;
	}
	return out;
}

function edgeHtml(status) {
	const reason = REASONS[status] || 'Error';
	return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function drain(req) {
	return new Promise((resolve) => {
		if (req.complete || req.readableEnded) return resolve();
		req.on('end', resolve);
		req.on('close', resolve);
		req.on('error', resolve);
		req.resume();
	});
}

/** Writes a body, optionally cutting the connection after `resetAfterBytes` bytes of it. */
function writeBody(res, buffer, resetAfterBytes) {
	if (resetAfterBytes === undefined || resetAfterBytes >= buffer.length) {
		res.end(buffer);
		return;
	}
	res.write(buffer.subarray(0, resetAfterBytes), () => {
		if (res.socket) res.socket.destroy();
	});
}

function sendJson(res, status, body, headers, log, resetAfterBytes) {
	const instance = headers['X-Request-Id'] || newInstanceId();
	const allHeaders = { ...API_HEADERS, 'X-Request-Id': instance, ...headers };
	log.status = status;
	if (status === 204 || body === undefined) {
		res.writeHead(status, allHeaders);
		res.end();
		return;
	}
	const text = Buffer.from(JSON.stringify(body));
	allHeaders['Content-Type'] = 'application/json';
	allHeaders['Content-Length'] = text.length;
	res.writeHead(status, allHeaders);
	if (text.length <= MAX_LOGGED_RESPONSE) log.responseBody = body;
	else log.responseTruncated = true;
	log.responseHeaders = allHeaders;
	writeBody(res, text, resetAfterBytes);
}

function sendError(res, err, state, log, resetAfterBytes) {
	const instance = newInstanceId();
	const doc = err.document(instance, state.options);
	log.errorType = err.type;
	sendJson(
		res,
		doc['http-code'],
		doc,
		{ 'X-Request-Id': instance, 'X-Files-Error-Class': err.type, ...(err.extra.headers || {}) },
		log,
		resetAfterBytes,
	);
}

function sendFaultStatus(req, res, fault, state, log, isFilesHost) {
	const status = fault.status;
	const headers = {};
	if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
	log.fault = fault.kind;
	if (isFilesHost) {
		const code = status === 503 ? 'SlowDown' : status >= 500 ? 'InternalError' : 'AccessDenied';
		const message =
			status === 503
				? 'Please reduce your request rate.'
				: status >= 500
					? 'We encountered an internal error. Please try again.'
					: 'Access Denied';
		const body = s3Error(code, message);
		res.writeHead(status, {
			'Content-Type': 'application/xml',
			'Content-Length': Buffer.byteLength(body),
			Server: 'AmazonS3',
			...headers,
		});
		res.end(body);
		log.status = status;
		return;
	}
	if (status >= 500 && fault.html) {
		const body = edgeHtml(status);
		res.writeHead(status, {
			'Content-Type': 'text/html',
			'Content-Length': Buffer.byteLength(body),
			Server: 'nginx',
			...headers,
		});
		res.end(body);
		log.status = status;
		return;
	}
	if (status === 429 || fault.type) {
		const type = fault.type || 'rate-limited/too-many-requests';
		const message =
			fault.message ||
			(fault.type ? byType.get(fault.type)?.title || 'Error' : 'Too Many Requests');
		const err = apiError(type, message, { status, headers, data: fault.data });
		sendError(res, err, state, log);
		return;
	}
	const instance = newInstanceId();
	const reason = REASONS[status] || http.STATUS_CODES[status] || 'Error';
	sendJson(
		res,
		status,
		{ error: fault.message || reason, 'http-code': status, instance, title: reason },
		{ 'X-Request-Id': instance, ...headers },
		log,
	);
}

function createRequestHandler(state) {
	return async function handle(req, res) {
		const url = req.url || '/';
		const q = url.indexOf('?');
		const rawPath = q < 0 ? url : url.slice(0, q);
		const query = parseQueryString(q < 0 ? '' : url.slice(q + 1));

		if (rawPath.startsWith('/__emulator/')) {
			try {
				await handleControl(state, req, res, rawPath, query);
			} catch (err) {
				const body = JSON.stringify({ error: err.message });
				res.writeHead(err instanceof TypeError ? 400 : 500, { 'Content-Type': 'application/json' });
				res.end(body);
			}
			return;
		}

		const log = state.logRequest({
			method: req.method,
			url,
			path: rawPath,
			query,
			headers: redactHeaders(req.headers),
			apiKeyPresent: Boolean(req.headers['x-filesapi-key']),
		});
		res.on('finish', () => {
			log.durationMs = Date.now() - log.startedAt;
		});
		res.on('close', () => {
			if (!res.writableFinished && log.status === null) log.status = 0;
		});

		const isFilesHost = rawPath.startsWith('/__files/');
		try {
			const delay = state.faults.take({ method: req.method, url, kinds: ['delay'] });
			if (delay) {
				log.fault = 'delay';
				if (!(await state.faults.pause(delay.ms, res))) return;
			}
			const statusFault = state.faults.take({ method: req.method, url, kinds: ['status'] });
			if (statusFault) {
				await drain(req);
				sendFaultStatus(req, res, statusFault, state, log, isFilesHost);
				return;
			}
			let resetAfterBytes;
			const reset = state.faults.take({ method: req.method, url, kinds: ['reset'] });
			if (reset) {
				log.fault = 'reset';
				const phase = reset.phase || (req.method === 'PUT' ? 'request' : 'response');
				if (phase === 'request') {
					let seen = 0;
					const cut = () => {
						log.error = `connection reset after ${reset.afterBytes} request bytes (fault)`;
						req.socket.destroy();
					};
					if (reset.afterBytes === 0) return cut();
					req.on('data', (chunk) => {
						seen += chunk.length;
						if (seen >= reset.afterBytes) cut();
					});
				} else {
					resetAfterBytes = reset.afterBytes;
				}
			}

			if (isFilesHost) {
				const m = /^\/__files\/(upload|download)\/([0-9a-f]+)$/.exec(rawPath);
				if (m && m[1] === 'upload') {
					await state.uploads.receivePart(req, res, m[2], log);
				} else if (m && m[1] === 'download') {
					await drain(req);
					state.downloads.serve(req, res, m[2], log, resetAfterBytes);
				} else {
					await drain(req);
					const body = s3Error('NoSuchKey', 'The specified key does not exist.');
					res.writeHead(404, {
						'Content-Type': 'application/xml',
						'Content-Length': Buffer.byteLength(body),
					});
					res.end(body);
					log.status = 404;
				}
				return;
			}

			if (!rawPath.startsWith(`${router.API_PREFIX}/`) && rawPath !== router.API_PREFIX) {
				await drain(req);
				throw apiError('not-found', 'Not Found');
			}
			const route = router.match(req.method, rawPath.slice(router.API_PREFIX.length));
			const bodyBuffer = await readBody(req);
			let body = {};
			try {
				body = parseBody(bodyBuffer, req.headers['content-type']);
			} finally {
				log.body = body;
			}
			if (!route) throw apiError('not-found', 'Not Found');
			if (route.methodNotAllowed)
				throw apiError(
					'bad-request/method-not-allowed',
					`${req.method} is not allowed on this resource`,
					{ status: 405 },
				);
			const auth = state.accounts.authenticate(req.headers);
			log.apiKeyId = auth.key.id;
			const params = { ...query, ...body };
			const ctx = {
				state,
				req,
				params,
				query,
				body,
				auth,
				routeParams: route.routeParams,
				pathParam: route.pathParam,
			};
			const result = await route.handler(ctx);
			sendJson(
				res,
				result.status,
				result.body,
				styleCursorHeaders(result.headers || {}, state.options.cursorHeaders),
				log,
				resetAfterBytes,
			);
		} catch (err) {
			if (res.headersSent) {
				res.destroy();
				return;
			}
			if (err instanceof FilesApiError) {
				sendError(res, err, state, log);
				return;
			}
			state.logError(err);
			log.error = err.message;
			const bodyText = edgeHtml(500);
			res.writeHead(500, {
				'Content-Type': 'text/html',
				'Content-Length': Buffer.byteLength(bodyText),
			});
			res.end(bodyText);
			log.status = 500;
		}
	};
}

async function readJson(req) {
	const buffer = await readBody(req, 64 * 1024 * 1024);
	if (buffer.length === 0) return {};
	return JSON.parse(buffer.toString('utf8'));
}

function reply(res, status, body) {
	if (status === 204) {
		res.writeHead(204);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

async function handleControl(state, req, res, rawPath, query) {
	const route = rawPath.replace(/^\/__emulator/, '');
	const m = req.method;
	if (m === 'GET' && route === '/info') return reply(res, 200, state.info());
	if (route === '/faults' || route.startsWith('/faults/')) {
		if (m === 'POST' && route === '/faults') {
			const spec = await readJson(req);
			const ids = (Array.isArray(spec) ? spec : [spec]).map((s) => state.faults.add(s));
			return reply(res, 201, Array.isArray(spec) ? { ids } : { id: ids[0] });
		}
		if (m === 'GET' && route === '/faults') return reply(res, 200, state.faults.list());
		if (m === 'DELETE' && route === '/faults') {
			state.faults.clear();
			return reply(res, 204);
		}
		if (m === 'DELETE') {
			state.faults.remove(route.slice('/faults/'.length));
			return reply(res, 204);
		}
	}
	if (route === '/requests') {
		if (m === 'GET') {
			const since = Number(query.since) || 0;
			return reply(
				res,
				200,
				state.requests.filter((r) => r.id > since),
			);
		}
		if (m === 'DELETE') {
			state.clearRequests();
			return reply(res, 204);
		}
	}
	if (m === 'POST' && route === '/reset') {
		const body = await readJson(req);
		await state.reset({ seed: body.seed !== false });
		return reply(res, 200, state.info());
	}
	if (m === 'POST' && route === '/seed-folder') {
		const body = await readJson(req);
		if (!body.path || !(Number(body.count) >= 0))
			throw new TypeError('seed-folder needs {path, count}');
		const result = state.seedFolder(body.path, Number(body.count), {
			prefix: body.prefix,
			extension: body.extension,
		});
		return reply(res, 201, result);
	}
	if (m === 'POST' && route === '/files') {
		const body = await readJson(req);
		if (!body.path) throw new TypeError('files needs {path, text|base64}');
		const content =
			body.base64 !== undefined ? Buffer.from(body.base64, 'base64') : Buffer.from(body.text || '');
		const node = state.writeFile(body.path, content);
		return reply(res, 201, { path: state.tree.pathOf(node), size: node.size });
	}
	if (m === 'POST' && route === '/api-keys') {
		const body = await readJson(req);
		const key = state.createApiKey(body);
		return reply(res, 201, key);
	}
	if (m === 'GET' && route === '/webhooks') {
		await state.webhooks.settled();
		return reply(res, 200, state.webhooks.deliveries);
	}
	if (m === 'POST' && route === '/time') {
		const body = await readJson(req);
		state.advanceTime(Number(body.advanceMs) || 0);
		return reply(res, 200, { now: new Date(state.now()).toISOString() });
	}
	return reply(res, 404, { error: `unknown control endpoint ${m} ${rawPath}` });
}

module.exports = { createRequestHandler, redactHeaders, edgeHtml, API_HEADERS };
