'use strict';
/** `GET /users` (list: site admins only) and `GET /users/{id}` (admins: anyone; others: themselves). */
const { apiError, errors } = require('./errors');
const { paginate, compareTuples } = require('./paging');
const { toInteger } = require('./request');

function list(ctx) {
	const { state, auth, params } = ctx;
	if (!auth.admin) throw errors.siteAdminRequired();
	let users = Array.from(state.accounts.users.values());
	if (params.ids !== undefined && params.ids !== '') {
		const ids = new Set(
			String(params.ids)
				.split(',')
				.map((s) => Number(s.trim())),
		);
		users = users.filter((u) => ids.has(u.id));
	}
	if (params.search !== undefined && params.search !== '') {
		const term = String(params.search).toLowerCase();
		users = users.filter((u) =>
			[u.username, u.name, u.email].some((v) => v && String(v).toLowerCase().includes(term)),
		);
	}
	const filter = params.filter && typeof params.filter === 'object' ? params.filter : {};
	const prefix =
		params.filter_prefix && typeof params.filter_prefix === 'object' ? params.filter_prefix : {};
	for (const [field, value] of Object.entries(filter)) {
		if (field === 'not_site_admin')
			users = users.filter((u) => !u.site_admin === (String(value) === 'true'));
		else if (field === 'site_admin')
			users = users.filter((u) => u.site_admin === (String(value) === 'true'));
		else if (['username', 'name', 'email', 'company'].includes(field))
			users = users.filter((u) => String(u[field] ?? '') === String(value));
		else throw apiError('bad-request/invalid-filter-field', `Invalid filter field: ${field}`);
	}
	for (const [field, value] of Object.entries(prefix)) {
		if (!['username', 'name', 'email', 'company'].includes(field)) {
			throw apiError('bad-request/invalid-filter-field', `Invalid filter field: ${field}`);
		}
		users = users.filter((u) =>
			String(u[field] ?? '')
				.toLowerCase()
				.startsWith(String(value).toLowerCase()),
		);
	}
	// Default order {"not_site_admin": "asc", "username": "asc"}: admins first, then by username.
	const tupleOf = (u) => [u.site_admin ? 0 : 1, String(u.username).toLowerCase(), u.id];
	users.sort((a, b) => compareTuples(tupleOf(a), tupleOf(b)));
	const { page, headers } = paginate(users, params, {
		tupleOf,
		compare: compareTuples,
		tag: 'username:asc',
	});
	return { status: 200, body: page.map((u) => state.accounts.userEntity(u)), headers };
}

function show(ctx) {
	const { state, auth } = ctx;
	const id = toInteger(ctx.routeParams.id);
	const user = Number.isInteger(id) ? state.accounts.users.get(id) : undefined;
	if (!auth.admin && !(auth.user && user && auth.user.id === user.id)) {
		if (!user) throw errors.notFound();
		throw errors.siteAdminRequired();
	}
	if (!user) throw errors.notFound();
	return { status: 200, body: state.accounts.userEntity(user) };
}

module.exports = { list, show };
