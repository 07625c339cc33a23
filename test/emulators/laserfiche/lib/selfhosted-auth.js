'use strict';
/**
 * Self-hosted Laserfiche API Server password grant:
 * POST {base}/v1/Repositories/{repoId}/Token, form grant_type=password&username&password.
 * 404 for an unknown repository, 400 for a missing/wrong grant type, 401 for bad credentials,
 * else { access_token, expires_in, token_type: "bearer" } (expires_in 900 by default).
 */
const { readForm, mediaType, sendJson, drain, HttpError } = require('./http-util');
const { ERROR_CODES } = require('./problem');
const { unknownRepository } = require('./unknown-repository');

function createSelfHostedTokenHandler(emu) {
	return async function selfHostedToken(ctx) {
		emu.state.tokenRequests.selfHosted++;
		const repo = emu.findRepository('selfHosted', ctx.params.repoId);
		if (mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
			await drain(ctx.req);
			throw new HttpError(400, 'Invalid or bad request.', {
				detail: 'The request must be application/x-www-form-urlencoded.',
			});
		}
		const form = await readForm(ctx);
		if (!repo) {
			throw unknownRepository(emu, ctx.params.repoId);
		}
		if (!form.grant_type)
			throw new HttpError(400, 'Invalid or bad request.', {
				detail: 'The grant_type field is required.',
			});
		if (form.grant_type !== 'password')
			throw new HttpError(400, 'Invalid or bad request.', {
				detail: "grant_type must be 'password'.",
			});
		if (!form.username || form.password === undefined) {
			throw new HttpError(400, 'Invalid or bad request.', {
				detail: 'username and password are required for the password grant.',
			});
		}
		const user = emu.selfHostedUsers.find(
			(u) =>
				normalizeUser(u.username) === normalizeUser(form.username) && u.password === form.password,
		);
		if (!user) {
			throw new HttpError(401, 'Invalid username or password.', {
				detail: 'The user name or password is incorrect.',
				errorCode: ERROR_CODES.authFailed,
				errorSource: 'Repository',
			});
		}
		const lifetime = emu.options.selfHostedTokenLifetimeSeconds;
		const record = emu.tokens.issue({
			kind: 'selfHosted',
			lifetimeSeconds: lifetime,
			principal: { id: user.username, name: user.username },
			repositoryId: repo.id,
		});
		emu.state.tokensIssued.selfHosted++;
		sendJson(
			ctx,
			200,
			{ access_token: record.value, expires_in: lifetime, token_type: 'bearer' },
			{ 'cache-control': 'no-store' },
		);
	};
}

/** Windows users may be written DOMAIN\user or user@domain; names compare case-insensitively. */
function normalizeUser(name) {
	return String(name).trim().toLowerCase();
}

module.exports = { createSelfHostedTokenHandler };
