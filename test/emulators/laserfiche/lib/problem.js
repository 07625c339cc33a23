'use strict';
/**
 * ProblemDetails (RFC 7807) the way the Laserfiche Repository API writes them:
 * { type, title, status, detail, instance, operationId, errorSource, errorCode, traceId }
 * with the operation ID repeated in the `x-requestid` header. Body-less answers (HEAD) carry the
 * title, URL-encoded, in `x-apiserver-error` instead.
 */
const TYPES = {
	400: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
	401: 'https://tools.ietf.org/html/rfc7235#section-3.1',
	403: 'https://tools.ietf.org/html/rfc7231#section-6.5.3',
	404: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
	405: 'https://tools.ietf.org/html/rfc7231#section-6.5.5',
	409: 'https://tools.ietf.org/html/rfc7231#section-6.5.8',
	413: 'https://tools.ietf.org/html/rfc7231#section-6.5.11',
	415: 'https://tools.ietf.org/html/rfc7231#section-6.5.13',
	416: 'https://tools.ietf.org/html/rfc7233#section-4.4',
	423: 'https://tools.ietf.org/html/rfc4918#section-11.3',
	429: 'https://tools.ietf.org/html/rfc6585#section-4',
	500: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
	502: 'https://tools.ietf.org/html/rfc7231#section-6.6.3',
	503: 'https://tools.ietf.org/html/rfc7231#section-6.6.4',
};

/** Laserfiche-style numeric error codes the emulator uses (see README.md for the list). */
const ERROR_CODES = {
	badRequest: 9000,
	authFailed: 9010,
	accessDenied: 9012,
	entryNotFound: 9013,
	nameConflict: 9014,
	repositoryNotFound: 9015,
	objectNotFound: 9016,
	entryLocked: 9021,
	tooLarge: 9030,
	requiredFieldMissing: 9039,
	invalidFieldValue: 9041,
	invalidSearch: 9050,
	rateLimited: 9100,
	internal: 9999,
};

function problemBody(ctx, status, title, opts = {}) {
	const body = {
		type: opts.type || TYPES[status] || TYPES[500],
		title,
		status,
		detail: opts.detail !== undefined ? opts.detail : title,
		instance: ctx.instance || ctx.pathname,
		operationId: ctx.requestId,
		errorSource: opts.errorSource || 'Api',
		errorCode: opts.errorCode !== undefined ? opts.errorCode : defaultCode(status),
		traceId: ctx.traceId,
	};
	if (opts.extra) Object.assign(body, opts.extra);
	return body;
}

function defaultCode(status) {
	switch (status) {
		case 401:
			return ERROR_CODES.authFailed;
		case 403:
			return ERROR_CODES.accessDenied;
		case 404:
			return ERROR_CODES.objectNotFound;
		case 409:
			return ERROR_CODES.nameConflict;
		case 413:
			return ERROR_CODES.tooLarge;
		case 423:
			return ERROR_CODES.entryLocked;
		case 429:
			return ERROR_CODES.rateLimited;
		default:
			return status >= 500 ? ERROR_CODES.internal : ERROR_CODES.badRequest;
	}
}

/** Writes a ProblemDetails response (or, for HEAD, the x-apiserver-error header only). */
function sendProblem(ctx, status, title, opts = {}) {
	const res = ctx.res;
	if (res.headersSent) {
		res.destroy();
		return;
	}
	const headers = { ...(opts.headers || {}) };
	if (ctx.req.method === 'HEAD') {
		headers['x-apiserver-error'] = encodeURIComponent(title);
		headers['content-length'] = 0;
		res.writeHead(status, headers);
		ctx.loggedResponse = { 'x-apiserver-error': title };
		res.end();
		return;
	}
	const body = problemBody(ctx, status, title, opts);
	const text = JSON.stringify(body);
	headers['content-type'] = 'application/json; charset=utf-8';
	headers['content-length'] = Buffer.byteLength(text);
	res.writeHead(status, headers);
	ctx.loggedResponse = body;
	res.end(text);
}

module.exports = { sendProblem, problemBody, ERROR_CODES, TYPES };
