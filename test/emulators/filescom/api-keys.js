'use strict';
/**
 * API keys: `GET|PATCH|DELETE /api_key` (the key making the request) and `/api_keys` CRUD
 * (aliases `/user/api_keys`, `/users/{user_id}/api_keys`). The key value is returned only in the
 * creation response. `permission_set: none` disables a key; `expires_at` is enforced at authentication.
 */
const { apiError, errors } = require('./errors');
const { PERMISSION_SETS } = require('./auth');
const { paginateById } = require('./paging');
const { toInteger } = require('./request');

function parseExpiresAt(value) {
	if (value === undefined) return undefined;
	if (value === null || value === '') return null;
	const ms = Date.parse(String(value));
	if (Number.isNaN(ms)) throw errors.datetimeParse('expires_at');
	return ms;
}

function parsePermissionSet(value) {
	if (value === undefined) return undefined;
	const set = String(value);
	if (!PERMISSION_SETS.includes(set)) {
		throw apiError(
			'bad-request/request-params-invalid',
			`permission_set must be one of ${PERMISSION_SETS.join(', ')}`,
		);
	}
	return set;
}

/** Applies the updatable fields of a PATCH to a key record. */
function applyUpdate(key, params, { allowDescription }) {
	const expiresAt = parseExpiresAt(params.expires_at);
	const permissionSet = parsePermissionSet(params.permission_set);
	if (params.name !== undefined) {
		if (String(params.name).trim() === '') {
			throw apiError('processing-failure/model-save-error', "Name can't be blank", {
				model_errors: { name: ["Name can't be blank"] },
				model_error_keys: { name: ['blank'] },
				errors: ["Name can't be blank"],
			});
		}
		key.name = String(params.name);
	}
	if (allowDescription && params.description !== undefined)
		key.description = params.description === null ? null : String(params.description);
	if (expiresAt !== undefined) key.expires_at = expiresAt;
	if (permissionSet !== undefined) key.permission_set = permissionSet;
}

function canManage(auth, key) {
	if (auth.admin) return true;
	return auth.user !== null && key.user_id === auth.user.id;
}

function findKey(ctx) {
	const id = toInteger(ctx.routeParams.id);
	const key = Number.isInteger(id) ? ctx.state.accounts.keys.get(id) : undefined;
	if (!key || !canManage(ctx.auth, key)) throw errors.notFound();
	return key;
}

/** Resolves `user_id` (0 = the requesting user) for list/create. */
function targetUserId(ctx, raw) {
	const { auth, state } = ctx;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const id = toInteger(raw);
	if (Number.isNaN(id)) throw apiError('bad-request/user-id-invalid', 'user_id is invalid');
	const resolved = id === 0 ? (auth.user ? auth.user.id : null) : id;
	if (resolved !== null && !state.accounts.users.has(resolved)) {
		throw apiError('not-found/user-not-found', 'User not found');
	}
	if (!auth.admin && resolved !== (auth.user ? auth.user.id : null))
		throw errors.siteAdminRequired();
	return resolved;
}

const current = {
	show(ctx) {
		return { status: 200, body: ctx.state.accounts.keyEntity(ctx.auth.key) };
	},
	update(ctx) {
		applyUpdate(ctx.auth.key, ctx.params, { allowDescription: false });
		return { status: 200, body: ctx.state.accounts.keyEntity(ctx.auth.key) };
	},
	remove(ctx) {
		ctx.state.accounts.deleteKey(ctx.auth.key);
		return { status: 204 };
	},
};

function list(ctx) {
	const { state, auth, params } = ctx;
	const fromRoute = ctx.routeParams.user_id;
	let userId = targetUserId(ctx, fromRoute !== undefined ? fromRoute : params.user_id);
	if (ctx.routeParams.currentUser) userId = auth.user ? auth.user.id : null;
	let keys = Array.from(state.accounts.keys.values());
	if (!auth.admin) keys = keys.filter((k) => auth.user && k.user_id === auth.user.id);
	if (userId !== undefined) keys = keys.filter((k) => k.user_id === userId);
	if (
		params.filter &&
		typeof params.filter === 'object' &&
		params.filter.expires_at !== undefined
	) {
		const at = parseExpiresAt(params.filter.expires_at);
		keys = keys.filter((k) => k.expires_at === at);
	}
	const { page, headers } = paginateById(keys, params);
	return { status: 200, body: page.map((k) => state.accounts.keyEntity(k)), headers };
}

function create(ctx) {
	const { state, auth, params } = ctx;
	if (params.name === undefined || params.name === null || String(params.name).trim() === '') {
		throw apiError('processing-failure/model-save-error', "Name can't be blank", {
			model_errors: { name: ["Name can't be blank"] },
			model_error_keys: { name: ['blank'] },
			errors: ["Name can't be blank"],
		});
	}
	let userId = targetUserId(
		ctx,
		ctx.routeParams.user_id !== undefined ? ctx.routeParams.user_id : params.user_id,
	);
	if (ctx.routeParams.currentUser) userId = auth.user ? auth.user.id : null;
	if (userId === undefined) userId = auth.user ? auth.user.id : null;
	if (userId === null && !auth.admin) throw errors.siteAdminRequired();
	const expiresAt = parseExpiresAt(params.expires_at);
	const permissionSet = parsePermissionSet(params.permission_set) || 'full';
	const key = state.accounts.addKey({
		name: String(params.name),
		description: params.description === undefined ? null : String(params.description),
		user_id: userId,
		permission_set: permissionSet,
		expires_at: expiresAt === undefined ? null : expiresAt,
		path: params.path === undefined ? null : String(params.path),
	});
	return { status: 201, body: state.accounts.keyEntity(key, { withValue: true }) };
}

function show(ctx) {
	return { status: 200, body: ctx.state.accounts.keyEntity(findKey(ctx)) };
}

function update(ctx) {
	const key = findKey(ctx);
	applyUpdate(key, ctx.params, { allowDescription: true });
	return { status: 200, body: ctx.state.accounts.keyEntity(key) };
}

function remove(ctx) {
	ctx.state.accounts.deleteKey(findKey(ctx));
	return { status: 204 };
}

module.exports = { current, list, create, show, update, remove };
