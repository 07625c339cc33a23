'use strict';
/**
 * Cursor pagination as Files.com does it: `per_page` (default 1,000, at most 10,000) and opaque
 * cursors like `c2:next:<base64>` / `c2:prev:<base64>`. A non-final page carries the next cursor in
 * `X-Files-Cursor`, pages after the first also carry `X-Files-Cursor-Prev`: exactly what the recordings show
 * (sdk-go/file/fixtures/TestClient_ListFor.yaml and TestClient_DownloadFolder.yaml, interactions 11-12: page 1
 * has `X-Files-Cursor` and no `-Next`, page 2 only `X-Files-Cursor-Prev`) and the header every official SDK
 * reads (files.com JS SDK lib/Api.js `_autoPaginate`: `headers['x-files-cursor']`; Files-com/files-sdk-go
 * `res.Header.Get("X-Files-Cursor")` in every `<resource>/list.go`). No recording has `X-Files-Cursor-Next`.
 *
 * The docs (every list's `cursor` parameter in swagger_doc.json and the SDKs' docs/models/*.md) say instead
 * "cursors are provided in the response headers `X-Files-Cursor-Next` and `X-Files-Cursor-Prev`". Since the
 * two disagree, option `cursorHeaders` (styleCursorHeaders below) offers each:
 *   'recorded'   (default) `X-Files-Cursor` only, as recorded;
 *   'documented' `X-Files-Cursor-Next` only, as documented;
 *   'both'       both headers.
 *
 * Cursors are keyset cursors (they hold the sort key of the last/first row shown), so a page stays
 * correct when entries are added or removed between requests, and seeking is a binary search.
 */
const { apiError } = require('./errors');
const { toInteger } = require('./request');

const DEFAULT_PER_PAGE = 1000;
const MAX_PER_PAGE = 10000;

function perPageOf(params) {
	const n = toInteger(params.per_page);
	if (n === undefined) return DEFAULT_PER_PAGE;
	if (Number.isNaN(n) || n < 1)
		throw apiError('bad-request/request-params-invalid', 'per_page must be a positive integer');
	return Math.min(n, MAX_PER_PAGE);
}

function encodeCursor(direction, payload) {
	return `c2:${direction}:${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
}

function decodeCursor(cursor) {
	const m = /^c2:(next|prev):([A-Za-z0-9_-]+={0,2})$/.exec(String(cursor));
	if (!m) throw apiError('bad-request/invalid-cursor', 'Invalid cursor');
	try {
		const payload = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8'));
		if (!payload || !Array.isArray(payload.t)) throw new Error('bad payload');
		return { direction: m[1], payload };
	} catch {
		throw apiError('bad-request/invalid-cursor', 'Invalid cursor');
	}
}

/**
 * @param {unknown[]} items sorted items
 * @param {object} params request params (cursor, per_page)
 * @param {{tupleOf: (item) => unknown[], compare: (a: unknown[], b: unknown[]) => number, tag: string}} order
 * @returns {{page: unknown[], headers: Record<string, string>}}
 */
function paginate(items, params, order) {
	const perPage = perPageOf(params);
	let start = 0;
	let end;
	let fromCursor = false;
	if (params.cursor) {
		const { direction, payload } = decodeCursor(params.cursor);
		if (payload.s !== order.tag) {
			throw apiError(
				'bad-request/invalid-cursor-type-for-sort',
				'The cursor was made for a different sort order',
			);
		}
		fromCursor = true;
		// First index whose tuple is greater than the cursor tuple.
		let lo = 0;
		let hi = items.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const c = order.compare(order.tupleOf(items[mid]), payload.t);
			if (direction === 'next' ? c <= 0 : c < 0) lo = mid + 1;
			else hi = mid;
		}
		if (direction === 'next') {
			start = lo;
		} else {
			end = lo;
			start = Math.max(0, end - perPage);
		}
	}
	if (end === undefined) end = Math.min(items.length, start + perPage);
	const page = items.slice(start, end);
	const headers = {};
	if (end < items.length && page.length > 0) {
		const next = encodeCursor('next', { t: order.tupleOf(page[page.length - 1]), s: order.tag });
		headers['X-Files-Cursor'] = next;
	}
	if (fromCursor && start > 0 && page.length > 0) {
		headers['X-Files-Cursor-Prev'] = encodeCursor('prev', {
			t: order.tupleOf(page[0]),
			s: order.tag,
		});
	}
	return { page, headers };
}

const CURSOR_STYLES = ['recorded', 'documented', 'both'];

/** Rewrites a list answer's `X-Files-Cursor` for the `cursorHeaders` option (see the top of this file). */
function styleCursorHeaders(headers, style = 'recorded') {
	if (!headers || headers['X-Files-Cursor'] === undefined || style === 'recorded') return headers;
	const next = headers['X-Files-Cursor'];
	const out = { ...headers, 'X-Files-Cursor-Next': next };
	if (style === 'documented') delete out['X-Files-Cursor'];
	return out;
}

/** Compares tuples element by element (numbers and strings; null sorts first). */
function compareTuples(a, b) {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const x = a[i] ?? null;
		const y = b[i] ?? null;
		if (x === y) continue;
		if (x === null) return -1;
		if (y === null) return 1;
		if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
		const sx = String(x);
		const sy = String(y);
		if (sx !== sy) return sx < sy ? -1 : 1;
	}
	return 0;
}

/** Paging for simple id-ordered resources (API keys, users). */
function paginateById(items, params) {
	const sorted = [...items].sort((a, b) => a.id - b.id);
	return paginate(sorted, params, {
		tupleOf: (item) => [item.id],
		compare: compareTuples,
		tag: 'id:asc',
	});
}

module.exports = {
	paginate,
	styleCursorHeaders,
	CURSOR_STYLES,
	paginateById,
	compareTuples,
	perPageOf,
	encodeCursor,
	decodeCursor,
	DEFAULT_PER_PAGE,
	MAX_PER_PAGE,
};
