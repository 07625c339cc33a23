'use strict';
/**
 * OData collection options of the Repository API: $select, $orderby ("Prop asc,Prop2 desc", max 5),
 * $top, $skip, $count, and page size from `Prefer: maxpagesize=N` or `Prefer: odata.maxpagesize=N`.
 * When a page is cut, `@odata.nextLink` is an absolute URL carrying an opaque `$skiptoken`.
 */
const { HttpError, intParam, boolParam } = require('./http-util');

function odataError(detail) {
	return new HttpError(400, 'Invalid OData query option.', { detail });
}

/** Reads the page size from a Prefer header; both spellings are accepted. */
function parsePrefer(header) {
	if (!header) return undefined;
	for (const part of String(header).split(/[,;]/)) {
		const m = /^\s*(?:odata\.)?maxpagesize\s*=\s*"?(\d+)"?\s*$/i.exec(part);
		if (m) {
			const n = Number(m[1]);
			if (n > 0) return n;
		}
	}
	return undefined;
}

function parseOData(ctx) {
	const q = ctx.query;
	const select = q.get('$select');
	const orderby = q.get('$orderby');
	const out = {
		select: select
			? select
					.split(',')
					.map((s) => s.trim().toLowerCase())
					.filter(Boolean)
			: undefined,
		orderby: [],
		top: intParam(q.get('$top'), '$top', { min: 0 }),
		skip: intParam(q.get('$skip'), '$skip', { min: 0 }),
		count: boolParam(q.get('$count'), '$count') || false,
		maxPageSize: parsePrefer(ctx.req.headers.prefer),
		skipToken: undefined,
	};
	if (orderby) {
		const parts = orderby
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (parts.length > 5) throw odataError('The maximum number of $orderby expressions is 5.');
		for (const part of parts) {
			const m = /^([A-Za-z][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/i.exec(part);
			if (!m) throw odataError(`The $orderby expression '${part}' is invalid.`);
			out.orderby.push({ prop: m[1], desc: (m[2] || 'asc').toLowerCase() === 'desc' });
		}
	}
	const token = q.get('$skiptoken');
	if (token) {
		try {
			const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
			if (!Number.isInteger(decoded.s) || decoded.s < 0) throw new Error('bad');
			out.skipToken = decoded;
		} catch {
			throw odataError('The $skiptoken is invalid.');
		}
	}
	return out;
}

function findKey(obj, prop) {
	const lower = prop.toLowerCase();
	return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

function compare(a, b) {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
	return String(a).localeCompare(String(b), 'en', { sensitivity: 'base', numeric: true });
}

/**
 * Builds one page of a collection.
 * @param {object} ctx
 * @param {object[]} rendered  items already rendered to JSON objects (all selectable properties present)
 * @param {{ defaultPageSize: number, rowNumbers?: boolean, groupKey?: (item: object) => number, project?: (item: object) => object, always?: string[], knownProps?: string[], allowPaging?: boolean, maxResults?: number }} opts
 * @returns {{ body: object, truncated: boolean }}
 */
function pageOf(ctx, rendered, opts) {
	const o = parseOData(ctx);
	let items = rendered;
	const known = opts.knownProps || (items[0] ? Object.keys(items[0]) : []);
	for (const { prop } of o.orderby) {
		if (known.length && !known.some((k) => k.toLowerCase() === prop.toLowerCase()))
			throw odataError(`The property '${prop}' cannot be used in $orderby.`);
	}
	if (o.orderby.length || opts.groupKey) {
		items = [...items].sort((x, y) => {
			if (opts.groupKey) {
				const g = opts.groupKey(x) - opts.groupKey(y);
				if (g !== 0) return g;
			}
			for (const { prop, desc } of o.orderby) {
				const kx = findKey(x, prop);
				const ky = findKey(y, prop);
				const c = compare(kx ? x[kx] : undefined, ky ? y[ky] : undefined);
				if (c !== 0) return desc ? -c : c;
			}
			return 0;
		});
	}
	if (o.select && (opts.knownProps || items[0])) {
		for (const s of o.select) {
			if (!known.some((k) => k.toLowerCase() === s))
				throw odataError(`The property '${s}' cannot be used in $select.`);
		}
	}
	let truncated = false;
	if (opts.maxResults !== undefined && items.length > opts.maxResults) {
		items = items.slice(0, opts.maxResults);
		truncated = true;
	}
	if (opts.rowNumbers) items = items.map((item, i) => ({ ...item, rowNumber: i + 1 }));
	const total = items.length;

	let start;
	let limit;
	if (o.skipToken) {
		start = o.skipToken.s;
		limit = Number.isInteger(o.skipToken.t) ? o.skipToken.t : undefined;
	} else {
		start = o.skip || 0;
		limit = o.top;
	}
	const windowEnd = limit === undefined ? total : Math.min(total, start + limit);
	const pageSize = opts.allowPaging === false ? Infinity : o.maxPageSize || opts.defaultPageSize;
	const pageEnd = Math.min(windowEnd, start + pageSize);
	let value = start < windowEnd ? items.slice(start, pageEnd) : [];

	if (o.select) {
		const always = opts.always || [];
		value = value.map((item) => {
			const out = {};
			for (const key of Object.keys(item))
				if (always.includes(key) || o.select.includes(key.toLowerCase())) out[key] = item[key];
			return out;
		});
	} else if (opts.project) {
		value = value.map(opts.project);
	}

	const body = {};
	if (pageEnd < windowEnd) {
		const next = new URL(ctx.absoluteUrl);
		// The link's origin is the emulator's linkOrigin option (server.js).
		if (ctx.linkOrigin) {
			const origin = new URL(ctx.linkOrigin);
			next.protocol = origin.protocol;
			next.host = origin.host;
		}
		next.searchParams.delete('$skip');
		next.searchParams.delete('$top');
		next.searchParams.delete('$skiptoken');
		const token = { s: pageEnd };
		if (limit !== undefined) token.t = windowEnd - pageEnd;
		next.searchParams.set('$skiptoken', Buffer.from(JSON.stringify(token)).toString('base64url'));
		body['@odata.nextLink'] = next.toString();
	}
	if (o.count) body['@odata.count'] = total;
	body.value = value;
	if (o.maxPageSize) ctx.res.setHeader('preference-applied', `odata.maxpagesize=${o.maxPageSize}`);
	return { body, truncated };
}

module.exports = { pageOf, parsePrefer, parseOData };
