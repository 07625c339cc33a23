'use strict';
/**
 * Control endpoints for tests and demos, outside every API path (never subject to faults or auth):
 *   GET    /__emulator/info            connection details (the CLI's JSON line)
 *   GET    /__emulator/state           token counters and repository sizes
 *   GET    /__emulator/requests        recorded requests;  DELETE clears the log
 *   GET    /__emulator/faults          active faults;      POST adds one (JSON; pathPattern may be
 *                                      a string or {"regex": "...", "flags": "i"});  DELETE clears
 *   DELETE /__emulator/faults/{id}     removes one fault
 *   POST   /__emulator/expire-tokens   every issued token answers 401 from now on
 *   POST   /__emulator/reset           faults, request log, counters, tasks and repository contents back to the seed
 */
const { readJson, sendJson, sendEmpty, HttpError } = require('./http-util');

function registerControl(router, emu) {
	const meta = { kind: 'control' };
	router.add('GET', '/__emulator/info', async (ctx) => sendJson(ctx, 200, emu.info()), meta);
	router.add(
		'GET',
		'/__emulator/state',
		async (ctx) =>
			sendJson(ctx, 200, {
				tokenRequests: { ...emu.state.tokenRequests },
				tokensIssued: { ...emu.state.tokensIssued },
				requestCount: emu.state.requests.length,
				repositories: Object.fromEntries(
					Object.entries(emu.repositories).map(([deployment, repos]) => [
						deployment,
						repos.map((r) => ({ id: r.id, name: r.name, entries: r.entries.size })),
					]),
				),
			}),
		meta,
	);
	router.add(
		'GET',
		'/__emulator/requests',
		async (ctx) => sendJson(ctx, 200, { value: emu.state.requests }),
		meta,
	);
	router.add(
		'DELETE',
		'/__emulator/requests',
		async (ctx) => {
			emu.state.requests.length = 0;
			sendEmpty(ctx, 204);
		},
		meta,
	);
	router.add(
		'GET',
		'/__emulator/faults',
		async (ctx) => sendJson(ctx, 200, { value: emu.faults.list() }),
		meta,
	);
	router.add(
		'POST',
		'/__emulator/faults',
		async (ctx) => {
			const body = await readJson(ctx, { required: true });
			const specs = Array.isArray(body) ? body : [body];
			const ids = [];
			for (const spec of specs) {
				try {
					ids.push(emu.faults.add(spec));
				} catch (err) {
					throw new HttpError(400, 'Invalid fault.', { detail: err.message });
				}
			}
			sendJson(ctx, 201, Array.isArray(body) ? { ids } : { id: ids[0] });
		},
		meta,
	);
	router.add(
		'DELETE',
		'/__emulator/faults',
		async (ctx) => {
			emu.faults.clear();
			sendEmpty(ctx, 204);
		},
		meta,
	);
	router.add(
		'DELETE',
		'/__emulator/faults/{id:int}',
		async (ctx) => {
			emu.faults.remove(Number(ctx.params.id));
			sendEmpty(ctx, 204);
		},
		meta,
	);
	router.add(
		'POST',
		'/__emulator/expire-tokens',
		async (ctx) => {
			emu.faults.expireAllTokens();
			sendEmpty(ctx, 204);
		},
		meta,
	);
	router.add(
		'POST',
		'/__emulator/reset',
		async (ctx) => {
			await emu.reset();
			sendEmpty(ctx, 204);
		},
		meta,
	);
}

module.exports = { registerControl };
