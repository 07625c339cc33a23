'use strict';
/**
 * The export limits of the real service, enforced by default.
 * - v2 synchronous Export: "The export may time out if it takes longer than 60 seconds. This value is
 *   subject to change at anytime. Use the long operation asynchronous export if you run into this
 *   restriction." (repository-api-v2.swagger.json, POST …/Entries/{entryId}/Export; reference
 *   laserfiche-api.md, "Export (sync, ≤60 s)"). How long an export takes is not documented and this emulator
 *   exports at once, so documents larger than `syncExportLimitBytes` stand for the ones that take longer.
 *   How the time-out is answered is not documented either; `syncExportOverLimit` offers:
 *     'problem' (default): 500 ProblemDetails (500 is the spec's listed server error for Export);
 *     'gateway': 504 with an HTML body, what a front such as IIS/ARR or a load balancer answers.
 *   The asynchronous export (ExportAsync, a task) has no such limit.
 * - v1 edoc (GET …/edoc, POST …/GetEdocWithAuditReason): ranges for documents above 50 MB (reference
 *   laserfiche-api.md, v1 "Export": "use ranges for >50 MB (DOCS guide_exporting-documents)"; the v1 spec:
 *   "single range with byte unit", 206). What a larger read does is not documented; `v1LargeExport` offers:
 *     'refuse' (default): 413 ProblemDetails (413 is listed for GetEdocWithAuditReason);
 *     'cut': the answer states the whole length, then the connection closes after the limit;
 *     'serve': it is served (the guide's advice only).
 *   A single range longer than the limit counts the same as an un-ranged read of it.
 */
const { HttpError } = require('./http-util');
const { parseRange } = require('./storage');

/**
 * For a synchronous export of `size` bytes that would take too long: answers 504 ('gateway', returns true)
 * or throws the 500 ProblemDetails ('problem'). False when the export may go ahead.
 */
function refuseSlowSyncExport(ctx, size) {
	const { emu } = ctx;
	const limit = Number(emu.options.syncExportLimitBytes) || 0;
	if (limit <= 0 || !(size > limit)) return false;
	if (emu.options.syncExportOverLimit === 'gateway') {
		const html =
			'<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>';
		ctx.res.writeHead(504, {
			'content-type': 'text/html',
			'content-length': Buffer.byteLength(html),
		});
		ctx.res.end(html);
		return true;
	}
	throw new HttpError(500, 'The operation has timed out.', {
		detail:
			'The export took longer than the time allowed; use the asynchronous export (ExportAsync).',
	});
}

/**
 * For a v1 edoc read of a `size`-byte document with `rangeHeader`: undefined when it may be served whole,
 * else `{ cutAfter }` (bytes to send before the connection closes). Throws for 'refuse'.
 */
function checkV1Export(emu, size, rangeHeader) {
	const limit = Number(emu.options.v1ExportRangeLimitBytes) || 0;
	if (limit <= 0 || emu.options.v1LargeExport === 'serve') return undefined;
	const range = parseRange(rangeHeader, size);
	const length = range && range !== 'unsatisfiable' ? range.end - range.start + 1 : size;
	if (!(length > limit)) return undefined;
	if (emu.options.v1LargeExport === 'cut') return { cutAfter: limit };
	throw new HttpError(413, 'Request Entity Too Large', {
		detail: `The electronic document is ${size} bytes; read documents larger than ${limit} bytes with the Range header.`,
	});
}

module.exports = { refuseSlowSyncExport, checkV1Export };
