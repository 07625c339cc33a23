'use strict';
/**
 * The HTTP front door: builds each request's context (request/trace ids, absolute URL), records it in
 * `state.requests`, applies injected faults, authenticates and authorises API calls (bearer token of
 * the right deployment, repository, OAuth scope, entry locks) and turns thrown errors into
 * ProblemDetails.
 *
 * URL layout
 *   Cloud        POST /oauth/Token                      → OAuth client-credentials token
 *                /repository/v2/Repositories/…          → Repository API v2 (and /repository/v1/… for v1)
 *   Self-hosted  POST /LFRepositoryAPI/v1/Repositories/{id}/Token → password token
 *                /LFRepositoryAPI/v1/… and /LFRepositoryAPI/v2/…  → Repository API v1 and v2
 *   Transfers    PUT /storage/uploads/{uploadId}/{part}?…  (pre-signed part upload, answers ETag)
 *                GET /storage/exports/{id}/{fileName}      (export download link)
 *   Control      /__emulator/…  (see control.js)
 */
const http = require('node:http');
const { Router } = require('./router');
const { sendProblem } = require('./problem');
const { HttpError, hex, drain } = require('./http-util');
const { allows } = require('./tokens');
const { createTokenHandler } = require('./cloud-oauth');
const { createSelfHostedTokenHandler } = require('./selfhosted-auth');
const { linkOrigin } = require('./link-origin');
const { unknownRepository } = require('./unknown-repository');
const { registerV2 } = require('./routes-v2');
const { registerV1 } = require('./routes-v1');
const { registerStorage } = require('./routes-storage');
const { registerControl } = require('./control');

const PREFIXES = { cloud: '/repository', selfHosted: '/LFRepositoryAPI' };
/** The request log keeps at most this many entries and roughly this many bytes of bodies (oldest dropped). */
const MAX_LOG = 10000;
const MAX_LOG_BYTES = 64 * 1024 * 1024;
/** Larger bodies are logged as { truncated: true, bytes }. */
const MAX_LOGGED_BODY = 512 * 1024;

function buildRouter(emu) {
	const router = new Router();
	registerControl(router, emu);
	router.add('POST', '/oauth/Token', createTokenHandler(emu), { kind: 'cloudToken' });
	router.add(
		'POST',
		`${PREFIXES.selfHosted}/v1/Repositories/{repoId}/Token`,
		createSelfHostedTokenHandler(emu),
		{ kind: 'selfHostedToken', deployment: 'selfHosted' },
	);
	registerStorage(router, emu);
	for (const [deployment, prefix] of Object.entries(PREFIXES)) {
		const add =
			(api) =>
			(method, template, handler, meta = {}) =>
				router.add(method, `${prefix}${template}`, handler, {
					kind: 'api',
					api,
					deployment,
					...meta,
				});
		registerV2(add('v2'), emu);
		registerV1(add('v1'), emu);
	}
	return router;
}

function createServer(emu) {
	const router = buildRouter(emu);
	const server = http.createServer((req, res) => {
		handle(emu, router, req, res).catch((err) => {
			emu.log(`laserfiche emulator: unexpected error: ${err && err.stack}`);
			if (!res.headersSent)
				sendProblem(contextStub(req, res), 500, 'An unexpected error occurred.', {
					detail: String(err && err.message),
				});
			else res.destroy();
		});
	});
	server.keepAliveTimeout = 5000;
	return server;
}

function contextStub(req, res) {
	return {
		req,
		res,
		requestId: hex(16),
		traceId: `00-${hex(16)}-${hex(8)}-00`,
		pathname: (req.url || '/').split('?')[0],
	};
}

async function handle(emu, router, req, res) {
	const host = req.headers.host || `${emu.host}:${emu.port}`;
	const url = new URL(req.url || '/', `http://${host}`);
	const ctx = {
		emu,
		req,
		res,
		method: req.method.toUpperCase(),
		pathname: url.pathname,
		query: url.searchParams,
		origin: `http://${host}`,
		linkOrigin: linkOrigin(emu.options.linkOrigin, req, host),
		absoluteUrl: url.toString(),
		requestId: hex(16),
		traceId: `00-${hex(16)}-${hex(8)}-00`,
		params: {},
		loggedBody: undefined,
		loggedResponse: undefined,
	};
	res.setHeader('x-requestid', ctx.requestId);
	const isControl = url.pathname.startsWith('/__emulator');
	if (!isControl) record(emu, ctx);

	if (!isControl) {
		const delay = emu.faults.take(['delay'], ctx.method, ctx.pathname);
		if (delay && !(await emu.faults.pause(delay.ms, ctx.res))) return;
		const reset = emu.faults.take(['reset'], ctx.method, ctx.pathname);
		if (reset) armReset(ctx, reset);
		const statusFault = emu.faults.take(['status'], ctx.method, ctx.pathname);
		if (statusFault) {
			const headers = {};
			if (statusFault.retryAfter !== undefined)
				headers['retry-after'] = String(statusFault.retryAfter);
			sendProblem(
				ctx,
				statusFault.status,
				statusFault.title || defaultFaultTitle(statusFault.status),
				{ headers, errorSource: 'Api' },
			);
			return;
		}
	}

	const found = router.match(ctx.method, ctx.pathname);
	try {
		if (!found)
			throw new HttpError(404, 'Not Found', {
				detail: `No API route matches ${ctx.method} ${ctx.pathname}.`,
			});
		if (!found.route) {
			throw new HttpError(405, 'Method Not Allowed', {
				detail: `${ctx.method} is not supported here.`,
				headers: { allow: found.allowed.join(', ') },
			});
		}
		ctx.params = found.params;
		ctx.route = found.route;
		const meta = found.route.meta;
		ctx.deployment = meta.deployment;
		ctx.apiVersion = meta.api;
		if (meta.kind === 'api') await authorize(ctx, meta);
		await found.route.handler(ctx);
	} catch (err) {
		if (err instanceof HttpError) {
			// Read what is left of the request body first (bounded), so that a client still sending an
			// upload reads this answer (401, 413...) instead of a broken pipe.
			await drainWithin(ctx.req, 30000);
			sendProblem(ctx, err.status, err.title, err.opts);
		} else {
			emu.log(`laserfiche emulator: ${ctx.method} ${ctx.pathname} failed: ${err && err.stack}`);
			sendProblem(ctx, 500, 'An unexpected error occurred.', {
				detail: String(err && err.message),
			});
		}
	}
}

/** Discards the rest of a request body, giving up after `ms`. */
async function drainWithin(req, ms) {
	let timer;
	await Promise.race([drain(req), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}

function defaultFaultTitle(status) {
	switch (status) {
		case 429:
			return 'Rate limit is reached.';
		case 500:
			return 'An unexpected error occurred.';
		case 502:
			return 'Bad Gateway';
		case 503:
			return 'Service Unavailable';
		default:
			return http.STATUS_CODES[status] || 'Error';
	}
}

/** Bearer token → deployment → repository → scope → lock. */
async function authorize(ctx, meta) {
	const emu = ctx.emu;
	const auth = String(ctx.req.headers.authorization || '');
	const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
	const token = m ? emu.tokens.lookup(m[1]) : undefined;
	const anonymousOk =
		meta.anonymousSelfHosted &&
		ctx.deployment === 'selfHosted' &&
		emu.options.enableGetRepositoryListApi;
	if (!token || token.kind !== ctx.deployment) {
		if (anonymousOk) return;
		throw new HttpError(401, 'Access token is invalid or expired.', {
			detail: m ? 'The access token is invalid or has expired.' : 'An access token is required.',
			headers: { 'www-authenticate': 'Bearer' },
		});
	}
	ctx.token = token;
	ctx.owner = { token: token.value, principal: `${token.kind}:${token.principal.id}` };
	ctx.user = token.principal.name;
	const repoParam =
		ctx.params.repositoryId !== undefined ? ctx.params.repositoryId : ctx.params.repoId;
	if (repoParam !== undefined) {
		const repo = emu.findRepository(ctx.deployment, repoParam);
		if (
			!repo ||
			(token.repositoryId && token.repositoryId.toLowerCase() !== repo.id.toLowerCase())
		) {
			throw unknownRepository(emu, repoParam);
		}
		ctx.repo = repo;
	}
	const resource = ctx.pathname.replace(/^\/[^/]+\/v[12]\//i, '');
	if (!allows(token, meta.api, meta.scope || 'Read', resource)) {
		throw new HttpError(403, 'Access denied for the operation.', {
			detail: `The access token does not have the ${meta.scope === 'Write' ? 'repository.Write' : 'repository.Read'} scope this operation requires.`,
		});
	}
	if (meta.lockable && ctx.params.entryId !== undefined) {
		const entryId = Number(ctx.params.entryId);
		const lock = emu.faults.take(
			['locked'],
			ctx.method,
			ctx.pathname,
			(f) => f.entryId === entryId,
		);
		if (lock)
			throw new HttpError(423, 'Entry is locked.', {
				detail: `The entry ${entryId} is locked by another user.`,
				errorCode: 9021,
			});
	}
}

/** Adds the request to `state.requests`; status and response are filled in when the response ends. */
function record(emu, ctx) {
	const { req, res } = ctx;
	const item = {
		time: new Date().toISOString(),
		method: ctx.method,
		url: req.url,
		path: ctx.pathname,
		headers: { ...req.headers },
		body: undefined,
		status: undefined,
		response: undefined,
		requestId: ctx.requestId,
	};
	emu.state.requests.push(item);
	if (emu.state.requests.length > MAX_LOG)
		emu.state.requests.splice(0, emu.state.requests.length - MAX_LOG);
	const done = () => {
		if (item.status !== undefined) return;
		// 0: the connection closed before any answer was sent (a cut request, a client that gave up).
		const answered = res.headersSent;
		item.status = answered ? res.statusCode : 0;
		const body = sizeCapped(ctx.loggedBody);
		const response = sizeCapped(ctx.loggedResponse);
		item.body = body.value;
		item.response = answered
			? { status: res.statusCode, headers: { ...res.getHeaders() }, body: response.value }
			: undefined;
		trimLog(emu, item, body.bytes + response.bytes);
	};
	res.on('finish', done);
	res.on('close', done);
}

function sizeCapped(value) {
	if (value === undefined) return { value: undefined, bytes: 0 };
	try {
		const text = JSON.stringify(value);
		const bytes = text ? text.length : 0;
		if (bytes > MAX_LOGGED_BODY) return { value: { truncated: true, bytes }, bytes: 64 };
		return { value, bytes };
	} catch {
		return { value: undefined, bytes: 0 };
	}
}

const logSizes = new WeakMap();

function trimLog(emu, item, bytes) {
	const log = emu.state.requests;
	logSizes.set(item, bytes);
	emu.logBytes = (emu.logBytes || 0) + bytes;
	if (emu.logBytes <= MAX_LOG_BYTES) return;
	// Over budget: recount (the log may have been cleared or spliced from outside), then drop the oldest.
	emu.logBytes = log.reduce((n, it) => n + (logSizes.get(it) || 0), 0);
	while (emu.logBytes > MAX_LOG_BYTES && log.length > 1) {
		const dropped = log.shift();
		emu.logBytes -= logSizes.get(dropped) || 0;
	}
}

/** Cuts the connection after `afterBytes` bytes of the response (or request) body. */
function armReset(ctx, fault) {
	const { req, res } = ctx;
	if (fault.phase === 'request') {
		let seen = 0;
		const onData = (chunk) => {
			seen += chunk.length;
			if (seen > fault.afterBytes) req.socket.destroy();
		};
		req.on('data', onData);
		return;
	}
	let written = 0;
	const origWrite = res.write.bind(res);
	const origEnd = res.end.bind(res);
	const cut = (chunk, encoding) => {
		const buf =
			chunk === undefined || chunk === null
				? Buffer.alloc(0)
				: Buffer.isBuffer(chunk)
					? chunk
					: Buffer.from(chunk, encoding);
		const room = fault.afterBytes - written;
		if (buf.length <= room) {
			written += buf.length;
			return { buf, cut: false };
		}
		written = fault.afterBytes;
		return { buf: buf.subarray(0, Math.max(0, room)), cut: true };
	};
	res.write = (chunk, encoding, cb) => {
		const r = cut(chunk, typeof encoding === 'string' ? encoding : undefined);
		if (r.cut) {
			if (r.buf.length) origWrite(r.buf);
			setImmediate(() => res.socket && res.socket.destroy());
			return false;
		}
		return origWrite(chunk, encoding, cb);
	};
	res.end = (chunk, encoding, cb) => {
		if (typeof chunk === 'function') return origEnd(chunk);
		const r = cut(chunk, typeof encoding === 'string' ? encoding : undefined);
		if (r.cut || written >= fault.afterBytes) {
			if (!res.headersSent) res.flushHeaders();
			if (r.buf.length) origWrite(r.buf);
			setImmediate(() => res.socket && res.socket.destroy());
			return res;
		}
		return origEnd(chunk, encoding, cb);
	};
}

module.exports = { createServer, PREFIXES };
