'use strict';
/**
 * A tiny router: path templates such as `/v2/Repositories/{repositoryId}/Entries/{entryId:int}` are
 * compiled to case-insensitive regular expressions (ASP.NET routes ignore case). Routes are tried in
 * the order they were added, so literal segments (`Entries/ByPath`) must come before parameters.
 */
class Router {
	constructor() {
		this.routes = [];
	}

	/**
	 * @param {string} method  HTTP method (HEAD routes must be added explicitly)
	 * @param {string} template
	 * @param {Function} handler  async (ctx) => void
	 * @param {object} [meta]  anything the server needs (api version, scope, deployment…)
	 */
	add(method, template, handler, meta = {}) {
		const names = [];
		const pattern = template
			.replace(/[.+*?^$()[\]|\\]/g, '\\$&')
			.replace(/\{([A-Za-z]+)(?::(int))?\}/g, (_m, name, type) => {
				names.push(name);
				return type === 'int' ? '(-?\\d+)' : '([^/]+)';
			});
		this.routes.push({
			method: method.toUpperCase(),
			template,
			regex: new RegExp(`^${pattern}/?$`, 'i'),
			names,
			handler,
			meta,
		});
	}

	/** Returns { route, params } for a match, { allowed: [...] } when only the method differs, or undefined. */
	match(method, path) {
		const allowed = new Set();
		for (const route of this.routes) {
			const m = route.regex.exec(path);
			if (!m) continue;
			if (route.method !== method) {
				allowed.add(route.method);
				continue;
			}
			const params = {};
			let bad = false;
			route.names.forEach((name, i) => {
				try {
					params[name] = decodeURIComponent(m[i + 1]);
				} catch {
					bad = true;
				}
			});
			if (bad) continue;
			return { route, params };
		}
		return allowed.size ? { allowed: [...allowed] } : undefined;
	}
}

module.exports = { Router };
