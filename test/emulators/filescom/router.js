'use strict';
/**
 * The REST API route table (everything below /api/rest/v1). Routes are matched against the raw,
 * still percent-encoded URL path, so a `{path}` parameter may be encoded as a whole (`a%2Fb`) or per
 * segment (`a/b`); it is decoded and normalized once matched.
 */
const apiKeys = require('./api-keys');
const users = require('./users');
const folders = require('./folders');
const files = require('./files');
const paths = require('./paths');

const API_PREFIX = '/api/rest/v1';

/** [method, pattern, handler, {pathParam?: boolean, extra?: object}] */
const ROUTES = [
	['GET', '/api_key', apiKeys.current.show],
	['PATCH', '/api_key', apiKeys.current.update],
	['DELETE', '/api_key', apiKeys.current.remove],
	['GET', '/api_keys', apiKeys.list],
	['POST', '/api_keys', apiKeys.create],
	['GET', '/api_keys/:id', apiKeys.show],
	['PATCH', '/api_keys/:id', apiKeys.update],
	['DELETE', '/api_keys/:id', apiKeys.remove],
	['GET', '/user/api_keys', apiKeys.list, { extra: { currentUser: true } }],
	['POST', '/user/api_keys', apiKeys.create, { extra: { currentUser: true } }],
	['GET', '/users/:user_id/api_keys', apiKeys.list],
	['POST', '/users/:user_id/api_keys', apiKeys.create],
	['GET', '/users', users.list],
	['GET', '/users/:id', users.show],
	['GET', '/folders/*', folders.listFolder],
	['POST', '/folders/*', folders.createFolder],
	['GET', '/files/*', files.download],
	['PATCH', '/files/*', files.update],
	['DELETE', '/files/*', files.remove],
	['POST', '/files/*', files.post],
	['GET', '/file_actions/metadata/*', files.metadata],
	['POST', '/file_actions/begin_upload/*', (ctx) => ctx.state.uploads.beginUpload(ctx)],
	['POST', '/file_actions/copy/*', files.copy],
	['POST', '/file_actions/move/*', files.move],
	['GET', '/file_migrations/:id', files.showMigration],
	['POST', '/behaviors/webhook/test', (ctx) => ctx.state.behaviors.test(ctx)],
	['GET', '/behaviors/folders/*', (ctx) => ctx.state.behaviors.listForPath(ctx)],
	['GET', '/behaviors', (ctx) => ctx.state.behaviors.list(ctx)],
	['POST', '/behaviors', (ctx) => ctx.state.behaviors.create(ctx)],
	['GET', '/behaviors/:id', (ctx) => ctx.state.behaviors.show(ctx)],
	['PATCH', '/behaviors/:id', (ctx) => ctx.state.behaviors.update(ctx)],
	['DELETE', '/behaviors/:id', (ctx) => ctx.state.behaviors.remove(ctx)],
];

function compile([method, pattern, handler, options = {}]) {
	const isPath = pattern.endsWith('/*');
	const base = isPath ? pattern.slice(0, -2) : pattern;
	const names = [];
	const source = base
		.split('/')
		.map((part) => {
			if (part.startsWith(':')) {
				names.push(part.slice(1));
				return '([^/]+?)';
			}
			return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('/');
	const regex = isPath
		? new RegExp(`^${source}(?:/(.*))?$`)
		: new RegExp(`^${source}(?:\\.json)?/?$`);
	return { method, pattern, regex, names, handler, isPath, extra: options.extra || {} };
}

const COMPILED = ROUTES.map(compile);

/**
 * @param {string} method
 * @param {string} rawPath URL path below /api/rest/v1, still encoded
 * @returns {{handler: Function, routeParams: object, operation: string, pathParam?: string} | {methodNotAllowed: true} | undefined}
 */
function match(method, rawPath) {
	let pathMatched = false;
	for (const route of COMPILED) {
		const m = route.regex.exec(rawPath);
		if (!m) continue;
		pathMatched = true;
		if (route.method !== method) continue;
		const routeParams = { ...route.extra };
		route.names.forEach((name, i) => {
			routeParams[name] = paths.percentDecode(m[i + 1]);
		});
		const result = {
			handler: route.handler,
			routeParams,
			operation: `${route.method} ${route.pattern}`,
		};
		if (route.isPath) result.pathParam = paths.decodePathParam(m[route.names.length + 1] || '');
		return result;
	}
	return pathMatched ? { methodNotAllowed: true } : undefined;
}

module.exports = { match, API_PREFIX, ROUTES };
