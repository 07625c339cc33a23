'use strict';
/**
 * `GET /folders/{path}` (list, with cursor paging, sort_by, search, type, modified_at_datetime) and
 * `POST /folders/{path}` (create, with mkdir_parents).
 */
const paths = require('./paths');
const { apiError, errors } = require('./errors');
const { paginate, compareTuples } = require('./paging');
const { fileEntity } = require('./storage');
const { toBoolean } = require('./request');

const SORT_FIELDS = {
	path: (node) => node.key,
	size: (node) => (node.type === 'file' ? node.size : 0),
	modified_at_datetime: (node) => node.mtime,
	provided_modified_at: (node) => node.provided_mtime ?? 0,
};

function sortSpecOf(params) {
	const sortBy = params.sort_by;
	if (sortBy === undefined || sortBy === null || sortBy === '')
		return { field: 'path', direction: 'asc' };
	if (typeof sortBy !== 'object' || Array.isArray(sortBy)) {
		throw apiError(
			'bad-request/invalid-sort-field',
			'sort_by must be given as sort_by[field]=asc|desc',
		);
	}
	const fields = Object.keys(sortBy);
	if (fields.length > 1)
		throw apiError(
			'bad-request/multiple-sort-params-not-allowed',
			'Only one sort field may be given',
		);
	if (fields.length === 0) return { field: 'path', direction: 'asc' };
	const field = fields[0];
	if (!SORT_FIELDS[field]) {
		throw apiError(
			'bad-request/invalid-sort-field',
			`Invalid sort field: ${field}. Valid fields are path, size, modified_at_datetime, provided_modified_at`,
		);
	}
	const direction = String(sortBy[field]).toLowerCase();
	if (direction !== 'asc' && direction !== 'desc') {
		throw apiError(
			'bad-request/invalid-sort-field',
			`Invalid sort direction: ${sortBy[field]}. Use asc or desc`,
		);
	}
	return { field, direction };
}

/** Folders always come before files, whatever the sort; ties break on the name. */
function orderFor(spec) {
	const value = SORT_FIELDS[spec.field];
	const sign = spec.direction === 'desc' ? -1 : 1;
	const tupleOf = (node) => [node.type === 'directory' ? 0 : 1, value(node), node.key, node.name];
	const compare = (a, b) => {
		if (a[0] !== b[0]) return a[0] - b[0];
		const byValue = compareTuples([a[1]], [b[1]]);
		if (byValue !== 0) return byValue * sign;
		return compareTuples(a.slice(2), b.slice(2));
	};
	return {
		tupleOf,
		compare,
		nodeCompare: (x, y) => compare(tupleOf(x), tupleOf(y)),
		tag: `${spec.field}:${spec.direction}`,
	};
}

function parseDateParam(name, value) {
	const ms = Date.parse(String(value));
	if (Number.isNaN(ms)) throw errors.datetimeParse(name);
	return ms;
}

function listFolder(ctx) {
	const { state, params, auth } = ctx;
	const normalized = ctx.pathParam;
	if (toBoolean(params.search_all) && normalized !== '') {
		throw apiError(
			'bad-request/search-all-on-child-path',
			'search_all may only be used on the root folder',
		);
	}
	const access = state.accounts.access(auth, normalized);
	if (access === 'none') throw errors.pathNotFound();
	const dir = state.tree.lookup(normalized);
	if (!dir) throw errors.pathNotFound();
	if (dir.type !== 'directory') {
		// Listing a file path lists that single file, as the real API does for `folders/<file>`.
		return { status: 200, body: [fileEntity(state.tree, dir)] };
	}
	const spec = sortSpecOf(params);
	const order = orderFor(spec);
	let items = state.tree.sortedChildren(dir, spec, order.nodeCompare);

	if (access === 'ancestor') {
		const parentPath = state.tree.pathOf(dir);
		items = items.filter((child) => {
			const childPath = parentPath === '' ? child.name : `${parentPath}/${child.name}`;
			return state.accounts.access(auth, childPath) !== 'none';
		});
	}
	const type = params.type === undefined || params.type === '' ? undefined : String(params.type);
	if (type !== undefined && type !== 'file' && type !== 'folder') {
		throw apiError('bad-request/invalid-filter-param-value', 'type must be file or folder');
	}
	if (type)
		items = items.filter((n) => (type === 'file' ? n.type === 'file' : n.type === 'directory'));
	if (params.modified_at_datetime !== undefined && params.modified_at_datetime !== '') {
		if (!type) {
			throw apiError(
				'bad-request/invalid-filter-alias-combination',
				'modified_at_datetime can be used only in combination with the type filter',
			);
		}
		const since = parseDateParam('modified_at_datetime', params.modified_at_datetime);
		items = items.filter((n) => n.mtime > since);
	}
	if (params.search !== undefined && String(params.search) !== '') {
		const raw = String(params.search);
		const term = paths.comparisonKey(raw.slice(raw.lastIndexOf('/') + 1));
		if (term !== '') items = items.filter((n) => n.key.includes(term));
		items = items.slice(0, 1000);
	}
	const { page, headers } = paginate(items, params, order);
	const parentPath = state.tree.pathOf(dir);
	const withPriorityColor = toBoolean(params.with_priority_color);
	const body = page.map((node) => fileEntity(state.tree, node, { parentPath, withPriorityColor }));
	return { status: 200, body, headers };
}

function parseProvidedMtime(value) {
	if (value === undefined || value === null || value === '') return null;
	const ms = Date.parse(String(value));
	// Files.com rejects Go's zero time (year 1) as well as unparsable values.
	if (Number.isNaN(ms) || new Date(ms).getUTCFullYear() < 1900)
		throw errors.datetimeParse('provided_mtime');
	return ms;
}

function createFolder(ctx) {
	const { state, params, auth } = ctx;
	const normalized = ctx.pathParam;
	if (normalized === '') throw errors.destinationExists();
	if (paths.hasTrailingWhitespace(normalized)) {
		throw apiError(
			'bad-request/path-cannot-have-trailing-whitespace',
			'Path cannot have trailing whitespace',
		);
	}
	const access = state.accounts.access(auth, normalized);
	if (access === 'none') throw errors.pathNotFound();
	if (access === 'ancestor') throw errors.destinationExists();
	const providedMtime = parseProvidedMtime(params.provided_mtime);
	if (state.tree.lookup(normalized)) throw errors.destinationExists();
	const parentPath = paths.parentOf(normalized);
	let parent = state.tree.lookup(parentPath);
	const actor = state.actorOf(auth);
	if (!parent) {
		if (!toBoolean(params.mkdir_parents)) throw errors.destinationParentMissing();
		const made = state.tree.mkdirp(parentPath, actor);
		if (!made.node)
			throw apiError('bad-request/folder-must-not-be-a-file', 'A parent of this path is a file');
		parent = made.node;
	} else if (parent.type !== 'directory') {
		throw apiError('bad-request/folder-must-not-be-a-file', 'A parent of this path is a file');
	}
	const node = state.tree.createFolder(parent, paths.baseName(normalized), actor);
	if (providedMtime !== null) node.provided_mtime = providedMtime;
	state.fileEvent(ctx, 'create', node, state.tree.pathOf(node));
	return { status: 201, body: fileEntity(state.tree, node) };
}

module.exports = { listFolder, createFolder, sortSpecOf, orderFor, parseProvidedMtime };
