/**
 * Laserfiche emulator: fault injection (429 with and without Retry-After, 5xx, connection reset
 * mid-body, delays, locked entries, expired tokens) through the JS API and the control endpoints,
 * the request log, reset, the contract check itself, and the standalone CLI.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
	apiClient,
	contractViolations,
	contractWatcher,
	expectProblem,
	http,
	selfHostedToken,
	startLaserficheEmulator,
	type LaserficheEmulator,
} from './laserfiche/fixtures/helpers';
import { until } from '../support/wait';

let lf: LaserficheEmulator;
let api: ReturnType<typeof apiClient>;
const watcher = contractWatcher(() => lf);

beforeAll(async () => {
	lf = await startLaserficheEmulator();
	api = apiClient(lf, 'selfHosted', await selfHostedToken(lf));
});
afterAll(async () => {
	await lf?.stop();
});
beforeEach(() => {
	lf.faults.clear();
	watcher.reset();
});
afterEach(() => watcher.check());

describe('faults', () => {
	it('answers 429 with Retry-After, then 429 without, then normally', async () => {
		lf.faults.add({ kind: 'status', status: 429, retryAfter: 2, pathPattern: /\/Entries\/1$/ });
		lf.faults.add({ kind: 'status', status: 429, pathPattern: '/Entries/1' });
		const first = await api('GET', '/Entries/1');
		expectProblem(first, 429, 'Rate limit is reached.');
		expect(first.headers.get('retry-after')).toBe('2');
		const second = await api('GET', '/Entries/1');
		expectProblem(second, 429);
		expect(second.headers.get('retry-after')).toBeNull();
		expect((await api('GET', '/Entries/1')).status).toBe(200);
	});

	it('answers 500, 502 and 503 a given number of times, only for the given method and path', async () => {
		lf.faults.add({
			kind: 'status',
			status: 503,
			times: 2,
			method: 'POST',
			pathPattern: /\/SimpleSearches$/,
		});
		lf.faults.add({ kind: 'status', status: 500, pathPattern: /\/TagDefinitions$/ });
		lf.faults.add({ kind: 'status', status: 502, pathPattern: '/LinkDefinitions' });
		expect((await api('GET', '/Entries/1')).status).toBe(200);
		const search = { json: { searchCommand: '{LF:Name="Welcome"}' } };
		expectProblem(await api('POST', '/SimpleSearches', search), 503);
		expectProblem(await api('POST', '/SimpleSearches', search), 503);
		expect((await api('POST', '/SimpleSearches', search)).status).toBe(200);
		expectProblem(await api('GET', '/TagDefinitions'), 500);
		expectProblem(await api('GET', '/LinkDefinitions'), 502);
		expect((await api('GET', '/TagDefinitions')).status).toBe(200);
	});

	it('fails token requests too (the token endpoints are ordinary paths)', async () => {
		lf.faults.add({ kind: 'status', status: 503, pathPattern: /\/Token$/ });
		const before = lf.state.tokenRequests.selfHosted;
		await expect(selfHostedToken(lf)).rejects.toThrow(/503/);
		expect(lf.state.tokenRequests.selfHosted).toBe(before);
		await expect(selfHostedToken(lf)).resolves.toEqual(expect.any(String));
	});

	it('resets the connection part-way through a response body', async () => {
		const welcome = (
			await api(
				'GET',
				`/Entries/ByPath?fullPath=${encodeURIComponent('\\Invoices\\2026\\INV-2026-0001 Acme Corp')}`,
			)
		).body.entry;
		const link = (await api('POST', `/Entries/${welcome.id}/Export`, { json: { part: 'Edoc' } }))
			.body.value;
		lf.faults.add({ kind: 'reset', afterBytes: 100, pathPattern: '/storage/exports/' });
		const res = await fetch(link);
		expect(res.status).toBe(200);
		await expect(res.arrayBuffer()).rejects.toThrow();
		const again = await fetch(link);
		expect(Buffer.from(await again.arrayBuffer()).length).toBe(welcome.electronicDocumentSize);

		lf.faults.add({ kind: 'reset', afterBytes: 20, pathPattern: /\/Folder\/Children$/ });
		await expect(api('GET', '/Entries/1/Folder/Children')).rejects.toThrow();
		// The cut request is not a complete exchange: leave it out of the contract check.
		lf.state.requests.splice(lf.state.requests.length - 1, 1);
	});

	it('resets the connection part-way through a request body', async () => {
		const urls = await api('POST', '/Entries/CreateMultipartUploadUrls', {
			json: { numberOfParts: 1, fileName: 'x.bin' },
		});
		lf.faults.add({ kind: 'reset', phase: 'request', afterBytes: 64 * 1024, method: 'PUT' });
		await expect(
			fetch(urls.body.urls[0], { method: 'PUT', body: Buffer.alloc(1024 * 1024) }),
		).rejects.toThrow();
		const ok = await fetch(urls.body.urls[0], { method: 'PUT', body: Buffer.alloc(1024) });
		expect(ok.status).toBe(200);
	});

	it('delays a response', async () => {
		lf.faults.add({ kind: 'delay', ms: 300, pathPattern: /\/Entries\/1$/ });
		const t0 = Date.now();
		expect((await api('GET', '/Entries/1')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
	});

	it('holds a delayed answer until releaseDelays(), and drops a request whose client gives up meanwhile', async () => {
		const pauses = (lf.faults as unknown as { _pauses: Set<unknown> })._pauses;
		lf.faults.add({ kind: 'delay', ms: 60_000, pathPattern: /\/Entries\/1$/ });
		const held = api('GET', '/Entries/1');
		await until(() => pauses.size === 1, 'the answer held');
		lf.faults.releaseDelays();
		expect((await held).status).toBe(200);

		lf.faults.add({
			kind: 'delay',
			ms: 60_000,
			method: 'POST',
			pathPattern: /\/Folder\/Children$/,
		});
		const gaveUp = new AbortController();
		const abandoned = fetch(`${api.root}/Entries/1/Folder/Children`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${await selfHostedToken(lf)}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ name: 'Abandoned', entryType: 'Folder' }),
			signal: gaveUp.signal,
		});
		await until(() => pauses.size === 1, 'the create held');
		gaveUp.abort();
		await expect(abandoned).rejects.toThrow();
		await until(() => pauses.size === 0, 'the held create dropped when its client went');
		const names = (await api('GET', '/Entries/1/Folder/Children')).body.value.map(
			(entry: { name: string }) => entry.name,
		);
		expect(names).not.toContain('Abandoned');
	});

	it('locks an entry: writes and exports answer 423, reads still work', async () => {
		const acme = (
			await api(
				'GET',
				`/Entries/ByPath?fullPath=${encodeURIComponent('\\Invoices\\2026\\INV-2026-0001 Acme Corp')}`,
			)
		).body.entry;
		lf.faults.add({ kind: 'locked', entryId: acme.id, times: 4 });
		expect((await api('GET', `/Entries/${acme.id}/Fields`)).status).toBe(200);
		expectProblem(
			await api('PUT', `/Entries/${acme.id}/Tags`, { json: { tags: [] } }),
			423,
			'Entry is locked.',
		);
		expectProblem(await api('PUT', `/Entries/${acme.id}/Fields`, { json: { fields: [] } }), 423);
		expectProblem(await api('DELETE', `/Entries/${acme.id}`, { json: {} }), 423);
		expectProblem(await api('POST', `/Entries/${acme.id}/Export`, { json: { part: 'Edoc' } }), 423);
		expect(
			(await api('PUT', `/Entries/${acme.id}/Tags`, { json: { tags: ['Approved'] } })).status,
		).toBe(200);
	});

	it('validates fault descriptions', () => {
		expect(() => lf.faults.add({ kind: 'explode' } as never)).toThrow(/unknown fault kind/);
		expect(() => lf.faults.add({ kind: 'status', status: 200 })).toThrow();
		expect(() => lf.faults.add({ kind: 'locked' } as never)).toThrow();
	});
});

describe('control endpoints', () => {
	const control = (path: string, init: Parameters<typeof http>[1] = {}) =>
		http(`${lf.baseUrl}/__emulator${path}`, init);

	it('adds, lists and clears faults over HTTP, and expires tokens', async () => {
		const added = await control('/faults', {
			method: 'POST',
			json: {
				kind: 'status',
				status: 503,
				retryAfter: 1,
				pathPattern: { regex: '/entries/1$', flags: 'i' },
			},
		});
		expect(added.status).toBe(201);
		expect(added.body).toEqual({ id: expect.any(Number) });
		expect((await control('/faults')).body.value).toEqual([
			expect.objectContaining({ kind: 'status', status: 503, times: 1 }),
		]);
		const res = await api('GET', '/Entries/1');
		expectProblem(res, 503);
		expect(res.headers.get('retry-after')).toBe('1');
		await control('/faults', {
			method: 'POST',
			json: [
				{ kind: 'delay', ms: 1 },
				{ kind: 'locked', entryId: 5, times: -1 },
			],
		});
		expect((await control('/faults')).body.value).toHaveLength(2);
		expect((await control('/faults', { method: 'DELETE' })).status).toBe(204);
		expect((await control('/faults')).body.value).toEqual([]);
		expectProblem(await control('/faults', { method: 'POST', json: { kind: 'nope' } }), 400);

		expect((await control('/expire-tokens', { method: 'POST' })).status).toBe(204);
		expectProblem(await api('GET', '/Entries/1'), 401);
		api = apiClient(lf, 'selfHosted', await selfHostedToken(lf));
	});

	it('records requests (method, url, headers, parsed body, status, response) and resets to the seed', async () => {
		await control('/requests', { method: 'DELETE' });
		const created = await api('POST', '/Entries/1/Folder/Children', {
			json: { name: 'Logged Folder', entryType: 'Folder' },
		});
		const log = (await control('/requests')).body.value;
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({
			method: 'POST',
			url: `/LFRepositoryAPI/v2/Repositories/${lf.selfHosted.repositoryId}/Entries/1/Folder/Children`,
			body: { name: 'Logged Folder', entryType: 'Folder' },
			status: 201,
			response: { status: 201, body: { id: created.body.id, name: 'Logged Folder' } },
		});
		expect(log[0].headers.authorization).toMatch(/^Bearer /);
		await selfHostedToken(lf);
		const tokenLog = lf.state.requests[lf.state.requests.length - 1];
		expect(tokenLog.body).toMatchObject({
			grant_type: 'password',
			username: lf.selfHosted.username,
		});
		expect(lf.state.tokenRequests.selfHosted).toBeGreaterThan(0);

		expect((await control('/reset', { method: 'POST' })).status).toBe(204);
		expect(lf.state.requests).toHaveLength(0);
		expect(lf.state.tokenRequests).toEqual({ cloud: 0, selfHosted: 0 });
		// Tokens survive a reset; the repository is back to the seed.
		const names = (await api('GET', '/Entries/1/Folder/Children')).body.value.map(
			(e: { name: string }) => e.name,
		);
		expect(names).not.toContain('Logged Folder');
		expect(names).toContain('Invoices');
		const state = await control('/state');
		expect(state.body.repositories.selfHosted[0]).toMatchObject({
			id: lf.selfHosted.repositoryId,
			entries: 24,
		});
		const info = await control('/info');
		expect(info.body.selfHosted).toEqual(lf.selfHosted);
	});

	it('puts x-requestid on every response and ProblemDetails on every API error', async () => {
		const ok = await api('GET', '/Entries/1');
		expect(ok.headers.get('x-requestid')).toMatch(/^[0-9a-f]{32}$/);
		expectProblem(await api('GET', '/Entries/0'), 404);
		expectProblem(
			await api('POST', '/Entries/1/Folder/Children', {
				body: '{oops',
				headers: { 'content-type': 'application/json' },
			}),
			400,
		);
	});
});

describe('contract check', () => {
	it('is not vacuous: an undocumented route or a wrong response body is reported', async () => {
		const from = lf.state.requests.length;
		await api('GET', '/Entries/1/NotARoute');
		const violations = contractViolations(lf, from);
		expect(violations).toHaveLength(1);
		expect(violations[0]).toMatch(/no documented path matches/);
		// A recorded 200 whose body lacks what the spec says is caught too.
		const forged = {
			...lf.state.requests[from],
			url: lf.state.requests[from].url.replace('/NotARoute', ''),
			status: 200,
			response: {
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: { id: 'one' },
			},
		};
		lf.state.requests.push(forged as never);
		expect(contractViolations(lf, from + 1).join('\n')).toMatch(
			/response\.body\.id: expected integer/,
		);
		lf.state.requests.splice(from);
	});
});

describe('cli', () => {
	it('prints one JSON line with the connection details, serves, and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [join(__dirname, 'laserfiche', 'cli.js')], {
			env: { ...process.env, LASERFICHE_EMULATOR_PORT: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const lines = createInterface({ input: child.stdout });
			const first = await new Promise<string>((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error('no output from the CLI within 30 s')),
					30_000,
				);
				lines.once('line', (line) => {
					clearTimeout(timer);
					resolve(line);
				});
				child.once('exit', (code) => reject(new Error(`CLI exited early (${code})`)));
			});
			const info = JSON.parse(first);
			expect(Object.keys(info)).toEqual(['service', 'cloud', 'selfHosted']);
			expect(info.service).toBe('laserfiche');
			expect(Object.keys(info.cloud)).toEqual([
				'tokenUrl',
				'apiBaseUrl',
				'servicePrincipalKey',
				'accessKey',
				'repositoryId',
			]);
			expect(info.cloud.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/Token$/);
			expect(info.cloud.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/repository$/);
			expect(JSON.parse(Buffer.from(info.cloud.accessKey, 'base64').toString()).jwk.kty).toBe('EC');
			expect(Object.keys(info.selfHosted)).toEqual([
				'baseUrl',
				'repositoryId',
				'username',
				'password',
			]);
			const token = await http(
				`${info.selfHosted.baseUrl}/v1/Repositories/${info.selfHosted.repositoryId}/Token`,
				{
					method: 'POST',
					form: {
						grant_type: 'password',
						username: info.selfHosted.username,
						password: info.selfHosted.password,
					},
				},
			);
			expect(token.status).toBe(200);
			const exit = new Promise<number | null>((resolve) =>
				child.once('exit', (code) => resolve(code)),
			);
			child.kill('SIGTERM');
			expect(await exit).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});
});
