/**
 * Fault matrix of the Files.com node against the emulator: every operation class (read, list, upload,
 * download, copy, move, delete, metadata, create) under 429 with and without Retry-After, 500/502/503,
 * a connection reset in the middle of the response body, a response slower than the node's timeout,
 * and the API key revoked in the middle of a run.
 *
 * Every case runs three items and checks: three items out across Success and Error (paired with their
 * inputs); how often the faulted request reached the emulator (idempotent calls retried once, a
 * non-idempotent call never repeated after a 5xx, a reset or a time-out; a 429 always retried); that
 * the emulator holds no duplicate (upload, copy, create); and that a failure carries what Files.com
 * answered (its error document, or the HTTP status when the answer was an edge proxy's HTML page).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { HarnessInputItem, NodeRun } from '../harness';
import { readBinary } from '../harness';
import type { FilesComEmulator, OpClassBase } from './helpers';
import {
	expectAccounted,
	filesComChildren,
	filesComNode,
	matching,
	onFilesComRequest,
	runFilesCom,
	startFilesCom,
} from './helpers';

const N = 3;
/**
 * The node option under test for slow answers (milliseconds), as n8n's HTTP Request node names it:
 * generous for every answer but the slow one, which the emulator holds (for at most SLOW_MS) until the
 * client gives up, so it can never arrive before the time-out however slow the machine is.
 */
const TIMEOUT_MS = 2000;
const SLOW_MS = 30_000;

let emu: FilesComEmulator;
const keyIds: number[] = [];

beforeAll(async () => {
	emu = await startFilesCom();
});
afterAll(async () => await emu.stop());

beforeEach(async () => {
	await emu.reset();
	for (let i = 0; i < N; i++) {
		emu.writeFile(`rel/item-${i}.txt`, `item ${i} body`);
		emu.writeFile(`rel/box-${i}/a.txt`, 'a');
		emu.writeFile(`rel/box-${i}/b.txt`, 'b');
	}
	emu.makeFolder('rel/up');
	emu.makeFolder('rel/copies');
	emu.makeFolder('rel/moved');
	keyIds.length = 0;
	for (let i = 0; i < N; i++) keyIds.push(emu.createApiKey({ name: `key ${i}` }).id);
	emu.state.clearRequests();
});

interface OpClass extends OpClassBase {
	/** How the connection is cut (default: after a few bytes of the answer's body). */
	reset?: { phase: 'request' | 'response'; afterBytes: number };
	/** Checks of the emulator's state after the run (no duplicates, effects where items succeeded). */
	verify: (succeeded: number[], failed: number[], run: NodeRun) => Promise<void> | void;
}

const pathInput = (i: number): HarnessInputItem => ({ json: { path: `/rel/item-${i}.txt`, n: i } });
const locator = (value: string) => ({ __rl: true, mode: 'path', value });

const CLASSES: OpClass[] = [
	{
		name: 'read (file:get)',
		timedRetryAfter: true,
		parameters: { resource: 'file', operation: 'get', path: '={{ $json.path }}' },
		input: pathInput,
		key: { method: 'GET', pattern: /\/file_actions\/metadata\/rel\/item-/ },
		idempotent: true,
		oneToOne: true,
		verify: (succeeded, _failed, run) => {
			for (const item of run.success) {
				expect(item.json).toMatchObject({
					path: `rel/item-${(item.pairedItem as { item: number }).item}.txt`,
					size: 11,
					type: 'file',
				});
			}
			expect(succeeded.length).toBeGreaterThan(0);
		},
	},
	{
		name: 'list (folder:list)',
		parameters: {
			resource: 'folder',
			operation: 'list',
			path: '={{ { "__rl": true, "mode": "path", "value": $json.folder } }}',
			returnAll: true,
			recursive: false,
			options: {},
		},
		input: (i) => ({ json: { folder: `/rel/box-${i}` } }),
		key: { method: 'GET', pattern: /\/folders\/rel\/box-/ },
		idempotent: true,
		oneToOne: false,
		verify: (succeeded, _failed, run) => {
			for (const index of succeeded) {
				const names = run.success
					.filter((item) => (item.pairedItem as { item: number }).item === index)
					.map((item) => item.json.path);
				expect(names).toEqual([`rel/box-${index}/a.txt`, `rel/box-${index}/b.txt`]);
			}
		},
	},
	{
		name: 'upload (file:upload)',
		timedRetryAfter: true,
		parameters: {
			resource: 'file',
			operation: 'upload',
			path: locator('/rel/up'),
			binaryPropertyName: 'data',
			options: {},
		},
		input: (i) => ({
			json: { n: i },
			binary: {
				data: { content: `upload ${i} content`, fileName: `item-${i}.txt`, mimeType: 'text/plain' },
			},
		}),
		key: { method: 'POST', pattern: /\/file_actions\/begin_upload\/rel\/up\/item-/ },
		idempotent: false,
		oneToOne: true,
		verify: (succeeded) => {
			// Exactly the files of the items that succeeded: no duplicate ("item-0 (1).txt"), nothing left by a failure.
			expect(filesComChildren(emu, 'rel/up')).toEqual(succeeded.map((i) => `item-${i}.txt`));
			for (const i of succeeded)
				expect(filesComNode(emu, `rel/up/item-${i}.txt`)?.size).toBe(`upload ${i} content`.length);
		},
	},
	{
		name: 'download (file:download)',
		timedRetryAfter: true,
		parameters: {
			resource: 'file',
			operation: 'download',
			path: '={{ $json.path }}',
			binaryPropertyName: 'data',
		},
		input: pathInput,
		key: { method: 'GET', pattern: /^\/__files\/download\// },
		auth: { method: 'GET', pattern: /\/api\/rest\/v1\/files\/rel\/item-/ },
		idempotent: true,
		oneToOne: true,
		verify: async (_succeeded, _failed, run) => {
			for (const item of run.success) {
				expect((await readBinary(item, 'data')).toString()).toBe(
					`item ${(item.pairedItem as { item: number }).item} body`,
				);
			}
		},
	},
	{
		name: 'copy (file:copy)',
		parameters: {
			resource: 'file',
			operation: 'copy',
			path: '={{ $json.path }}',
			destination: '=/rel/copies/item-{{ $json.n }}.txt',
			options: {},
		},
		input: pathInput,
		key: { method: 'POST', pattern: /\/file_actions\/copy\/rel\/item-/ },
		idempotent: false,
		oneToOne: true,
		verify: (succeeded) => {
			const copies = filesComChildren(emu, 'rel/copies');
			for (const i of succeeded) expect(copies).toContain(`item-${i}.txt`);
			expect(copies.every((name) => /^item-\d\.txt$/.test(name))).toBe(true);
		},
	},
	{
		name: 'move (file:move)',
		parameters: {
			resource: 'file',
			operation: 'move',
			path: '={{ $json.path }}',
			destination: '=/rel/moved/item-{{ $json.n }}.txt',
			options: {},
		},
		input: pathInput,
		key: { method: 'POST', pattern: /\/file_actions\/move\/rel\/item-/ },
		idempotent: false,
		oneToOne: true,
		verify: (succeeded) => {
			for (const i of succeeded) {
				expect(filesComNode(emu, `rel/moved/item-${i}.txt`)).not.toBeNull();
				expect(filesComNode(emu, `rel/item-${i}.txt`)).toBeNull();
			}
			// Every file is in exactly one place.
			for (let i = 0; i < N; i++) {
				const places = [
					filesComNode(emu, `rel/moved/item-${i}.txt`),
					filesComNode(emu, `rel/item-${i}.txt`),
				].filter(Boolean);
				expect(places).toHaveLength(1);
			}
		},
	},
	{
		name: 'delete (file:delete)',
		parameters: { resource: 'file', operation: 'delete', path: '={{ $json.path }}' },
		input: pathInput,
		key: { method: 'DELETE', pattern: /\/files\/rel\/item-/ },
		// A 204 has no body to cut: the connection is cut before the answer instead.
		reset: { phase: 'request', afterBytes: 0 },
		idempotent: true,
		oneToOne: true,
		verify: (succeeded) => {
			for (const i of succeeded) expect(filesComNode(emu, `rel/item-${i}.txt`)).toBeNull();
		},
	},
	{
		name: 'metadata (apiKey:update)',
		parameters: {
			resource: 'apiKey',
			operation: 'update',
			apiKeyId: '={{ { "__rl": true, "mode": "id", "value": String($json.keyId) } }}',
			name: '=renamed {{ $json.n }}',
			description: '',
			expiresAt: '',
			permissionSet: '',
		},
		input: (i) => ({ json: { keyId: keyIds[i], n: i } }),
		key: { method: 'PATCH', pattern: /\/api_keys\/\d+/ },
		idempotent: 'either',
		oneToOne: true,
		verify: (_succeeded, _failed, run) => {
			for (const item of run.success)
				expect(item.json.name).toBe(`renamed ${(item.pairedItem as { item: number }).item}`);
		},
	},
	{
		name: 'create (folder:create)',
		parameters: {
			resource: 'folder',
			operation: 'create',
			path: '=/rel/new-{{ $json.n }}',
			options: {},
		},
		input: (i) => ({ json: { n: i } }),
		key: { method: 'POST', pattern: /\/api\/rest\/v1\/folders\/rel\/new-/ },
		idempotent: false,
		oneToOne: true,
		verify: (succeeded) => {
			for (const i of succeeded) expect(filesComNode(emu, `rel/new-${i}`)?.type).toBe('directory');
		},
	},
];

// The key request's parameters for the item index embedded in the input, resolved per class.
function withInput(op: OpClass): HarnessInputItem[] {
	return Array.from({ length: N }, (_, i) => op.input(i));
}

function keyRequests(op: OpClass) {
	return matching(emu.requests, op.key.method, op.key.pattern);
}

/** The key requests as short lines (readable failures). */
function keyLines(op: OpClass): string[] {
	return keyRequests(op).map(
		(request) =>
			`${request.method} ${request.url.split('?')[0]} -> ${String(request.status)}${request.fault ? ` (${request.fault})` : ''}`,
	);
}

async function run(op: OpClass, extraOptions: IDataObject = {}): Promise<NodeRun> {
	const parameters = { ...op.parameters };
	if (Object.keys(extraOptions).length > 0)
		parameters.options = {
			...((parameters.options as INodeParameters) ?? {}),
			...(extraOptions as INodeParameters),
		};
	return await runFilesCom(emu, parameters, { input: withInput(op) });
}

function outcome(result: NodeRun): { succeeded: number[]; failed: number[] } {
	const index = (item: { pairedItem?: unknown }) => (item.pairedItem as { item: number }).item;
	return {
		succeeded: [...new Set(result.success.map(index))].sort(),
		failed: [...new Set(result.errors.map(index))].sort(),
	};
}

/** Retried once and every item succeeded. */
async function expectRecovered(op: OpClass, result: NodeRun): Promise<void> {
	expect(result.errors.map((item) => item.json)).toEqual([]);
	expectAccounted(result, N, { oneToOne: op.oneToOne });
	expect(keyLines(op)).toHaveLength(N + 1);
	const { succeeded, failed } = outcome(result);
	await op.verify(succeeded, failed, result);
}

/** Not repeated: item 0 failed after one attempt, the others succeeded. */
async function expectFailedOnce(op: OpClass, result: NodeRun): Promise<IDataObject> {
	expectAccounted(result, N, { oneToOne: op.oneToOne });
	expect(keyLines(op)).toHaveLength(N);
	const { succeeded, failed } = outcome(result);
	expect(failed).toEqual([0]);
	expect(succeeded).toEqual([1, 2]);
	await op.verify(succeeded, failed, result);
	const details = result.errors[0].json.details as IDataObject;
	expect(details).toMatchObject({
		resource: op.parameters.resource,
		operation: op.parameters.operation,
		itemIndex: 0,
	});
	return details;
}

async function expectPerIdempotency(
	op: OpClass,
	result: NodeRun,
	checkDetails: (details: IDataObject) => void,
): Promise<void> {
	const idempotent = op.idempotent === 'either' ? result.errors.length === 0 : op.idempotent;
	if (idempotent) await expectRecovered(op, result);
	else checkDetails(await expectFailedOnce(op, result));
}

describe.each(CLASSES.map((op) => [op.name, op] as const))('Files.com %s', (_name, op) => {
	it(`429 with Retry-After: ${op.timedRetryAfter ? 'waits the second it is told' : 'retries at once when told 0'}, every item succeeds`, async () => {
		emu.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: op.timedRetryAfter ? 1 : 0,
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		const result = await run(op);
		await expectRecovered(op, result);
		const [first, second] = keyRequests(op) as unknown as Array<{
			startedAt: number;
			status: number;
		}>;
		expect(first.status).toBe(429);
		if (op.timedRetryAfter) expect(second.startedAt - first.startedAt).toBeGreaterThanOrEqual(950);
	});

	it('429 without Retry-After: backs off, retries, every item succeeds', async () => {
		emu.faults.add({
			kind: 'status',
			status: 429,
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		await expectRecovered(op, await run(op));
	});

	it.each([
		[500, true],
		[502, true],
		[503, false],
	])(
		'HTTP %i (edge HTML page: %s): retried only when idempotent, else the status or document in details',
		async (status, html) => {
			emu.faults.add({
				kind: 'status',
				status,
				html,
				method: op.key.method,
				pathPattern: op.key.pattern,
				times: 1,
			});
			const result = await run(op);
			await expectPerIdempotency(op, result, (details) => {
				if (html) expect(details.httpCode).toBe(String(status));
				// A JSON answer is Files.com's error document: on the Error output unchanged.
				else
					expect(details).toMatchObject({
						'http-code': status,
						title: expect.any(String),
						error: expect.any(String),
					});
				expect(result.errors[0].json.error).toEqual(expect.stringContaining(String(status)));
			});
		},
	);

	it('connection reset in the middle of the response body: retried only when idempotent, never duplicated', async () => {
		emu.faults.add({
			kind: 'reset',
			...(op.reset ?? { afterBytes: 4, phase: 'response' }),
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		const result = await run(op);
		await expectPerIdempotency(op, result, (details) => {
			expect(details.itemIndex).toBe(0);
			expect(String(result.errors[0].json.error)).toMatch(
				/ECONNRESET|socket hang up|aborted|reset/i,
			);
		});
	});

	it(`response slower than the node's timeout (options.timeout ${TIMEOUT_MS} ms, answer held until the client gives up): gives up, retried only when idempotent`, async () => {
		emu.faults.add({
			kind: 'delay',
			ms: SLOW_MS,
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		// Retried (one request more) or failed with a time-out: either way the node gave up on the slow
		// answer instead of waiting for it.
		const result = await run(op, { timeout: TIMEOUT_MS });
		await expectPerIdempotency(op, result, (details) => {
			expect(details.itemIndex).toBe(0);
			expect(String(result.errors[0].json.message)).toMatch(/time|ETIMEDOUT|ECONNABORTED/i);
		});
	});

	it('API key revoked in the middle of the run: later items fail with the invalid-credentials document, no retries', async () => {
		const { key, id } = emu.createApiKey({ name: 'revoked mid-run' });
		const trigger = op.auth ?? op.key;
		const restore = onFilesComRequest(emu, trigger.method, trigger.pattern, 2, () => {
			emu.state.accounts.deleteKey(emu.state.accounts.keys.get(id));
		});
		try {
			const result = await runFilesCom(emu, op.parameters, {
				input: withInput(op),
				credentials: { fc: { type: 'filesComApi', data: { apiKey: key, siteUrl: emu.baseUrl } } },
			});
			expectAccounted(result, N, { oneToOne: op.oneToOne });
			const { succeeded, failed } = outcome(result);
			expect(succeeded).toEqual([0]);
			expect(failed).toEqual([1, 2]);
			for (const item of result.errors) {
				expect(item.json.details).toMatchObject({
					type: 'not-authenticated/invalid-credentials',
					'http-code': 401,
					title: 'Invalid Credentials',
				});
			}
			// No retries of a 401 beyond n8n's own (httpRequestWithAuthentication repeats a request once after a
			// 401, for every credential type): at most two attempts per failed item, one for the others.
			const attempts = matching(emu.requests, trigger.method, trigger.pattern).map(
				(request) => `${request.url} -> ${String(request.status)}`,
			);
			expect(attempts.length).toBeGreaterThanOrEqual(N);
			expect(attempts.length).toBeLessThanOrEqual(1 + 2 * (N - 1));
			await op.verify(succeeded, failed, result);
		} finally {
			restore();
		}
	});
});

describe('Files.com rate limits that do not go away', () => {
	const read = CLASSES[0];
	const copy = CLASSES.find((op) => op.name.startsWith('copy'))!;

	it.each([
		['read (file:get)', read],
		['copy (file:copy)', copy],
	])(
		'%s: a 429 on every attempt is retried a bounded number of times, then the item carries the rate-limited document',
		async (_name, op) => {
			// Retry-After: 0 for the copy keeps the test quick; the read waits out the back-off.
			emu.faults.add({
				kind: 'status',
				status: 429,
				...(op === read ? {} : { retryAfter: 0 }),
				method: op.key.method,
				pathPattern: /item-0/,
				times: -1,
			});
			const result = await run(op);
			expectAccounted(result, N);
			expect(outcome(result)).toEqual({ succeeded: [1, 2], failed: [0] });
			const attempts = matching(emu.requests, op.key.method, /item-0/).filter(
				(request) => request.method === op.key.method,
			);
			expect(attempts.length).toBeGreaterThanOrEqual(2);
			expect(attempts.length).toBeLessThanOrEqual(5);
			expect(result.errors[0].json.details).toMatchObject({
				type: 'rate-limited/too-many-requests',
				'http-code': 429,
			});
		},
	);

	it('a Retry-After beyond the bound fails the item at once instead of stalling the workflow', async () => {
		emu.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 3600,
			method: read.key.method,
			pathPattern: /item-0/,
			times: 1,
		});
		const started = Date.now();
		const result = await run(read);
		// Far below the hour asked for and the longest Retry-After honoured (60 s), far above what three
		// items take on a loaded machine.
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(outcome(result)).toEqual({ succeeded: [1, 2], failed: [0] });
		expect(matching(emu.requests, 'GET', /item-0/)).toHaveLength(1);
		expect(result.errors[0].json.details).toMatchObject({
			type: 'rate-limited/too-many-requests',
			'http-code': 429,
		});
	});
});

describe('Files.com upload: faults after begin_upload', () => {
	const upload = CLASSES.find((op) => op.name.startsWith('upload'))!;

	it('a part PUT answered 500 is retried (retry_parts) and the file is stored once, byte for byte', async () => {
		emu.faults.add({
			kind: 'status',
			status: 500,
			method: 'PUT',
			pathPattern: /^\/__files\/upload\//,
			times: 1,
		});
		const result = await run(upload);
		await expectRecovered(
			{ ...upload, key: { method: 'PUT', pattern: /^\/__files\/upload\// } },
			result,
		);
	});

	it('a part PUT cut while the body is sent is retried and the file is stored once', async () => {
		emu.faults.add({
			kind: 'reset',
			afterBytes: 3,
			phase: 'request',
			method: 'PUT',
			pathPattern: /^\/__files\/upload\//,
			times: 1,
		});
		const result = await run(upload);
		await expectRecovered(
			{ ...upload, key: { method: 'PUT', pattern: /^\/__files\/upload\// } },
			result,
		);
	});

	it('a 503 on the completing request (action=end) is not repeated blindly: one file at most, no duplicate', async () => {
		const end = { method: 'POST', pattern: /\/api\/rest\/v1\/files\/rel\/up\/item-/ };
		emu.faults.add({
			kind: 'status',
			status: 503,
			html: false,
			method: end.method,
			pathPattern: end.pattern,
			times: 1,
		});
		const result = await run(upload);
		expectAccounted(result, N);
		const { succeeded, failed } = outcome(result);
		// Either the node found out that the file was not stored and failed the item, or it completed it once.
		expect(matching(emu.requests, end.method, end.pattern).length).toBeLessThanOrEqual(N + 1);
		await upload.verify(succeeded, failed, result);
		if (failed.length > 0)
			expect(result.errors[0].json.details).toMatchObject({ 'http-code': 503 });
	});

	it('a 429 on begin_upload for every item is retried after Retry-After and nothing is uploaded twice', async () => {
		emu.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 0,
			method: 'POST',
			pathPattern: upload.key.pattern,
			times: N,
		});
		const result = await run(upload);
		expect(result.errors).toEqual([]);
		expect(keyLines(upload)).toHaveLength(2 * N);
		await upload.verify([0, 1, 2], [], result);
	});
});
