/**
 * Fault matrix of the Laserfiche node (Cloud, repository API v2) against the emulator: every operation
 * class (read, list, upload, download, copy, move, delete, metadata, create) under 429 with and
 * without Retry-After, 500/502/503, a connection reset in the middle of the response body, a response
 * slower than the node's timeout, and every access token expired in the middle of a run; then the
 * token endpoint itself under faults, and the self-hosted (v1) password grant when tokens expire.
 *
 * Each case runs three items and checks: three items out across Success and Error, paired with their
 * inputs; how often the faulted request reached the emulator (idempotent calls retried once, a
 * non-idempotent call never repeated after a 5xx, a reset or a time-out; a 429 always retried); that the
 * repository holds no duplicate; and that a failure carries Laserfiche's ProblemDetails in `details`.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { HarnessInputItem, NodeRun } from '../harness';
import { readBinary } from '../harness';
import type { LaserficheEmulator, LfMode, OpClassBase } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	byId,
	byPath,
	expectAccounted,
	gapMs,
	lfChildren,
	lfEntryAt,
	matching,
	onLaserficheRequest,
	repositoryOf,
	runLaserfiche,
	startLaserfiche,
} from './helpers';

const N = 3;
/**
 * The node option under test for slow answers (milliseconds), as n8n's HTTP Request node names it:
 * generous for every answer but the slow one, which the emulator holds (for at most SLOW_MS) until the
 * client gives up, so it can never arrive before the time-out however slow the machine is.
 */
const TIMEOUT_MS = 2000;
const SLOW_MS = 30_000;

const INVOICES = [
	'\\Invoices\\2026\\INV-2026-0001 Acme Corp',
	'\\Invoices\\2026\\INV-2026-0002 Globex',
	'\\Invoices\\2026\\INV-2026-0003 Café Müller',
];
const FOLDERS = ['\\Invoices\\2026', '\\Invoices\\2025', '\\Contracts'];

let lf: LaserficheEmulator;
/** Entry IDs of the three invoices and folders, and of \Archive, in the current seed. */
let invoiceIds: number[] = [];
let folderIds: number[] = [];
let archiveId = 0;

beforeAll(async () => {
	lf = await startLaserfiche();
});
afterAll(async () => await lf.stop());

beforeEach(async () => {
	await lf.reset();
	invoiceIds = INVOICES.map((path) => Number(lfEntryAt(lf, CLOUD, path)!.id));
	folderIds = FOLDERS.map((path) => Number(lfEntryAt(lf, CLOUD, path)!.id));
	archiveId = Number(lfEntryAt(lf, CLOUD, '\\Archive')!.id);
});

interface OpClass extends OpClassBase {
	/**
	 * A non-idempotent call whose 2xx answer is cut mid-body is not repeated; the node finds what the call
	 * made and, when it is whole, returns it as the item's result (import: the new document, checked by size).
	 */
	adoptsCutAnswer?: boolean;
	verify: (succeeded: number[], run: NodeRun) => Promise<void> | void;
}

const itemOf = (item: { pairedItem?: unknown }) => (item.pairedItem as { item: number }).item;
const invoiceInput = (i: number): HarnessInputItem => ({ json: { id: invoiceIds[i], n: i } });
const entryById = '={{ { "__rl": true, "mode": "id", "value": String($json.id) } }}';
const baseName = (path: string) => path.split('\\').pop()!;
const pdfBytes = (i: number) => {
	const repo = repositoryOf(lf, CLOUD);
	const entry = lfEntryAt(lf, CLOUD, INVOICES[i])!;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require('node:fs') as typeof import('node:fs')).readFileSync(
		repo.store.pathOf(entry.blobId),
	);
};

const CLASSES: OpClass[] = [
	{
		name: 'read (entry:get)',
		timedRetryAfter: true,
		parameters: { resource: 'entry', operation: 'get', entry: entryById },
		input: invoiceInput,
		key: { method: 'GET', pattern: /\/Entries\/\d+$/ },
		idempotent: true,
		oneToOne: true,
		verify: (_succeeded, run) => {
			for (const item of run.success)
				expect(item.json).toMatchObject({
					id: invoiceIds[itemOf(item)],
					name: baseName(INVOICES[itemOf(item)]),
				});
		},
	},
	{
		name: 'list (folder:list)',
		parameters: { resource: 'folder', operation: 'list', parentFolder: entryById, returnAll: true },
		input: (i) => ({ json: { id: folderIds[i], n: i } }),
		key: { method: 'GET', pattern: /\/Folder\/Children$/ },
		idempotent: true,
		oneToOne: false,
		verify: (succeeded, run) => {
			for (const index of succeeded) {
				const names = run.success
					.filter((item) => itemOf(item) === index)
					.map((item) => String(item.json.name))
					.sort();
				expect(names).toEqual(lfChildren(lf, CLOUD, FOLDERS[index]));
			}
		},
	},
	{
		name: 'upload (document:import)',
		timedRetryAfter: true,
		parameters: {
			resource: 'document',
			operation: 'import',
			parentFolder: byPath('\\Archive'),
			name: '=item-{{ $json.n }}',
			binaryPropertyName: 'data',
			options: {},
		},
		input: (i) => ({
			json: { n: i },
			binary: {
				data: { content: `import ${i} content`, fileName: `item-${i}.txt`, mimeType: 'text/plain' },
			},
		}),
		key: { method: 'POST', pattern: /\/Folder\/Import$/ },
		idempotent: false,
		adoptsCutAnswer: true,
		oneToOne: true,
		verify: (succeeded) => {
			// Exactly the documents of the items that succeeded: no "item-0 (2)", nothing half-made.
			expect(lfChildren(lf, CLOUD, '\\Archive')).toEqual(succeeded.map((i) => `item-${i}`));
		},
	},
	{
		name: 'download (document:export)',
		timedRetryAfter: true,
		parameters: {
			resource: 'document',
			operation: 'export',
			entry: entryById,
			binaryPropertyName: 'data',
			options: {},
		},
		input: invoiceInput,
		key: { method: 'GET', pattern: /^\/storage\/exports\// },
		auth: { method: 'POST', pattern: /\/ExportAsync$/ },
		idempotent: true,
		oneToOne: true,
		verify: async (_succeeded, run) => {
			for (const item of run.success)
				expect((await readBinary(item, 'data')).equals(pdfBytes(itemOf(item)))).toBe(true);
		},
	},
	{
		name: 'copy (entry:copy)',
		parameters: {
			resource: 'entry',
			operation: 'copy',
			entry: entryById,
			parentFolder: byPath('\\Archive'),
			name: '',
			options: {},
		},
		input: invoiceInput,
		key: { method: 'POST', pattern: /\/Folder\/CopyAsync$/ },
		idempotent: false,
		oneToOne: true,
		verify: (succeeded) => {
			const copies = lfChildren(lf, CLOUD, '\\Archive');
			for (const i of succeeded) expect(copies).toContain(baseName(INVOICES[i]));
			expect(copies.filter((name) => / \(\d+\)$/.test(name))).toEqual([]);
		},
	},
	{
		name: 'move (entry:move)',
		parameters: {
			resource: 'entry',
			operation: 'move',
			entry: entryById,
			parentFolder: byId('ARCHIVE'),
			options: {},
		},
		input: invoiceInput,
		key: { method: 'PATCH', pattern: /\/Entries\/\d+$/ },
		idempotent: true,
		oneToOne: true,
		verify: (succeeded) => {
			const repo = repositoryOf(lf, CLOUD);
			for (const i of succeeded) expect(repo.get(invoiceIds[i]).parentId).toBe(archiveId);
			expect(lfChildren(lf, CLOUD, '\\Archive').filter((name) => / \(\d+\)$/.test(name))).toEqual(
				[],
			);
		},
	},
	{
		name: 'delete (entry:delete)',
		parameters: { resource: 'entry', operation: 'delete', entry: entryById, options: {} },
		input: invoiceInput,
		key: { method: 'DELETE', pattern: /\/Entries\/\d+$/ },
		idempotent: 'either',
		oneToOne: true,
		verify: (succeeded) => {
			for (const i of succeeded) expect(repositoryOf(lf, CLOUD).get(invoiceIds[i])).toBeUndefined();
		},
	},
	{
		name: 'metadata (metadata:setTags)',
		parameters: {
			resource: 'metadata',
			operation: 'setTags',
			entry: entryById,
			tags: 'Approved',
			mode: 'replace',
		},
		input: invoiceInput,
		key: { method: 'PUT', pattern: /\/Tags$/ },
		idempotent: true,
		oneToOne: true,
		verify: (succeeded) => {
			const repo = repositoryOf(lf, CLOUD);
			for (const i of succeeded)
				expect(
					(repo.tagsOf(repo.get(invoiceIds[i])) as IDataObject[]).map((tag) => tag.name),
				).toEqual(['Approved']);
		},
	},
	{
		name: 'create (folder:create)',
		parameters: {
			resource: 'folder',
			operation: 'create',
			parentFolder: byPath('\\Archive'),
			name: '=new-{{ $json.n }}',
			options: {},
		},
		input: (i) => ({ json: { n: i } }),
		key: { method: 'POST', pattern: /\/Folder\/Children$/ },
		idempotent: false,
		oneToOne: true,
		verify: (succeeded) => {
			const names = lfChildren(lf, CLOUD, '\\Archive');
			for (const i of succeeded) expect(names).toContain(`new-${i}`);
			expect(names.filter((name) => / \(\d+\)$/.test(name))).toEqual([]);
		},
	},
];

function parametersOf(op: OpClass, extraOptions: IDataObject = {}): INodeParameters {
	const parameters: INodeParameters = JSON.parse(
		JSON.stringify(op.parameters).replace('"ARCHIVE"', `"${archiveId}"`),
	) as INodeParameters;
	if (Object.keys(extraOptions).length > 0)
		parameters.options = {
			...((parameters.options as INodeParameters) ?? {}),
			...(extraOptions as INodeParameters),
		};
	return parameters;
}

async function run(
	op: OpClass,
	extraOptions: IDataObject = {},
	mode: LfMode = CLOUD,
): Promise<NodeRun> {
	return await runLaserfiche(lf, mode, parametersOf(op, extraOptions), {
		input: Array.from({ length: N }, (_, i) => op.input(i)),
	});
}

function keyLines(op: OpClass): string[] {
	return matching(lf.state.requests, op.key.method, op.key.pattern).map(
		(request) => `${request.method} ${request.path} -> ${String(request.status)}`,
	);
}

function outcome(result: NodeRun): { succeeded: number[]; failed: number[] } {
	return {
		succeeded: [...new Set(result.success.map(itemOf))].sort(),
		failed: [...new Set(result.errors.map(itemOf))].sort(),
	};
}

async function expectRecovered(op: OpClass, result: NodeRun): Promise<void> {
	expect(result.errors.map((item) => item.json)).toEqual([]);
	expectAccounted(result, N, { oneToOne: op.oneToOne });
	expect(keyLines(op)).toHaveLength(N + 1);
	await op.verify(outcome(result).succeeded, result);
}

async function expectFailedOnce(op: OpClass, result: NodeRun): Promise<IDataObject> {
	expectAccounted(result, N, { oneToOne: op.oneToOne });
	expect(keyLines(op)).toHaveLength(N);
	const { succeeded, failed } = outcome(result);
	expect(failed).toEqual([0]);
	expect(succeeded).toEqual([1, 2]);
	await op.verify(succeeded, result);
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

describe.each(CLASSES.map((op) => [op.name, op] as const))('Laserfiche Cloud %s', (_name, op) => {
	it(`429 with Retry-After: ${op.timedRetryAfter ? 'waits the second it is told' : 'retries at once when told 0'}, every item succeeds`, async () => {
		lf.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: op.timedRetryAfter ? 1 : 0,
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		await expectRecovered(op, await run(op));
		const [first, second] = matching(lf.state.requests, op.key.method, op.key.pattern);
		expect(first.status).toBe(429);
		if (op.timedRetryAfter) expect(gapMs(first, second)).toBeGreaterThanOrEqual(950);
	});

	it('429 without Retry-After: backs off, retries, every item succeeds', async () => {
		lf.faults.add({
			kind: 'status',
			status: 429,
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		await expectRecovered(op, await run(op));
	});

	it.each([500, 502, 503])(
		'HTTP %i: retried only when idempotent, else the ProblemDetails in details',
		async (status) => {
			lf.faults.add({
				kind: 'status',
				status,
				method: op.key.method,
				pathPattern: op.key.pattern,
				times: 1,
			});
			const result = await run(op);
			await expectPerIdempotency(op, result, (details) => {
				expect(details).toMatchObject({
					status,
					title: expect.any(String),
					type: expect.any(String),
					operationId: expect.any(String),
				});
			});
		},
	);

	it('connection reset in the middle of the response body: retried only when idempotent, never duplicated', async () => {
		lf.faults.add({
			kind: 'reset',
			afterBytes: 4,
			phase: 'response',
			method: op.key.method,
			pathPattern: op.key.pattern,
			times: 1,
		});
		const result = await run(op);
		if (op.adoptsCutAnswer) {
			// Not sent again (N requests), yet every item succeeded: the document of the lost answer was adopted.
			expect(result.errors.map((item) => item.json)).toEqual([]);
			expectAccounted(result, N, { oneToOne: op.oneToOne });
			expect(keyLines(op)).toHaveLength(N);
			await op.verify(outcome(result).succeeded, result);
			expect(outcome(result).succeeded).toEqual([0, 1, 2]);
			return;
		}
		await expectPerIdempotency(op, result, (details) => {
			expect(details.itemIndex).toBe(0);
			expect(String(result.errors[0].json.message)).toMatch(
				/ECONNRESET|socket hang up|aborted|reset|cut/i,
			);
		});
	});

	it(`response slower than the node's timeout (options.timeout ${TIMEOUT_MS} ms, answer held until the client gives up): gives up, retried only when idempotent`, async () => {
		lf.faults.add({
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

	it('every token expired in the middle of the run: exactly one more token request, every item succeeds', async () => {
		const trigger = op.auth ?? op.key;
		const restore = onLaserficheRequest(lf, trigger.method, trigger.pattern, 2, () =>
			lf.expireAllTokens(),
		);
		try {
			const result = await run(op);
			expect(result.errors.map((item) => item.json)).toEqual([]);
			expectAccounted(result, N, { oneToOne: op.oneToOne });
			expect(lf.state.tokenRequests.cloud).toBe(2);
			const triggered = matching(lf.state.requests, trigger.method, trigger.pattern).map(
				(request) => `${request.path} -> ${String(request.status)}`,
			);
			expect(triggered).toHaveLength(N + 1);
			expect(triggered.filter((line) => line.endsWith('401'))).toHaveLength(1);
			await op.verify(outcome(result).succeeded, result);
		} finally {
			restore();
		}
	});
});

describe('Laserfiche rate limits that do not go away', () => {
	const read = CLASSES[0];
	const copy = CLASSES.find((op) => op.name.startsWith('copy'))!;

	it('read (entry:get): a 429 on every attempt is retried a bounded number of times, then the item carries the ProblemDetails', async () => {
		lf.faults.add({
			kind: 'status',
			status: 429,
			method: 'GET',
			pathPattern: new RegExp(`/Entries/${invoiceIds[0]}$`),
			times: -1,
		});
		const result = await run(read);
		expectAccounted(result, N);
		expect(outcome(result)).toEqual({ succeeded: [1, 2], failed: [0] });
		const attempts = matching(
			lf.state.requests,
			'GET',
			new RegExp(`/Entries/${invoiceIds[0]}$`),
		).length;
		expect(attempts).toBeGreaterThanOrEqual(2);
		expect(attempts).toBeLessThanOrEqual(5);
		expect(result.errors[0].json.details).toMatchObject({
			status: 429,
			title: 'Rate limit is reached.',
		});
	});

	it('copy (entry:copy): a 429 on every attempt is retried a bounded number of times per item, then each item carries the ProblemDetails', async () => {
		// Retry-After: 0 keeps the test quick; the back-off without Retry-After is the read case above.
		lf.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 0,
			method: copy.key.method,
			pathPattern: copy.key.pattern,
			times: -1,
		});
		const result = await run(copy);
		expectAccounted(result, N);
		expect(outcome(result)).toEqual({ succeeded: [], failed: [0, 1, 2] });
		expect(keyLines(copy).length).toBeGreaterThanOrEqual(2 * N);
		expect(keyLines(copy).length).toBeLessThanOrEqual(5 * N);
		for (const item of result.errors)
			expect(item.json.details).toMatchObject({ status: 429, title: 'Rate limit is reached.' });
		expect(lfChildren(lf, CLOUD, '\\Archive')).toEqual([]);
	});

	it('a Retry-After beyond the bound fails the item at once instead of stalling the workflow', async () => {
		lf.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 3600,
			method: 'GET',
			pathPattern: read.key.pattern,
			times: 1,
		});
		const started = Date.now();
		const result = await run(read);
		// Far below the hour asked for and the longest Retry-After honoured (60 s), far above what three
		// items take on a loaded machine.
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(outcome(result)).toEqual({ succeeded: [1, 2], failed: [0] });
		expect(keyLines(read)).toHaveLength(N);
		expect(result.errors[0].json.details).toMatchObject({ status: 429 });
	});
});

describe('Laserfiche token endpoint under faults', () => {
	const read = CLASSES[0];

	it.each([
		['429 with Retry-After', { kind: 'status', status: 429, retryAfter: 1 }],
		['503', { kind: 'status', status: 503 }],
		['a reset', { kind: 'reset', afterBytes: 4, phase: 'response' }],
	] as const)(
		'a token request answered %s is retried (it creates nothing) and every item succeeds',
		async (_label, fault) => {
			lf.faults.add({
				...fault,
				method: 'POST',
				pathPattern: /\/oauth\/Token$/,
				times: 1,
			} as Parameters<LaserficheEmulator['faults']['add']>[0]);
			const result = await run(read);
			expect(result.errors.map((item) => item.json)).toEqual([]);
			expectAccounted(result, N);
			expect(matching(lf.state.requests, 'POST', /\/oauth\/Token$/)).toHaveLength(2);
		},
	);

	it('a token endpoint that keeps failing fails every item with the sign-in problem, and asks for a token a bounded number of times', async () => {
		lf.faults.add({
			kind: 'status',
			status: 503,
			method: 'POST',
			pathPattern: /\/oauth\/Token$/,
			times: -1,
		});
		const result = await run(read);
		expectAccounted(result, N);
		expect(outcome(result)).toEqual({ succeeded: [], failed: [0, 1, 2] });
		for (const item of result.errors) {
			expect(String(item.json.message)).toMatch(/token|sign/i);
			// The token endpoint's own answer (its ProblemDetails) is what the user needs to see.
			expect(item.json.details).toMatchObject({ status: 503, title: 'Service Unavailable' });
		}
		// No request of the repository API without a token, and no storm of token requests.
		expect(keyLines(read)).toEqual([]);
		expect(matching(lf.state.requests, 'POST', /\/oauth\/Token$/).length).toBeLessThanOrEqual(
			4 * N,
		);
	});
});

describe('Laserfiche self-hosted (API v1): every token expired in the middle of the run', () => {
	it.each([
		['read (entry:get)', { resource: 'entry', operation: 'get' }, 'GET', /\/Entries\/\d+$/],
		[
			'upload (document:import)',
			{ resource: 'document', operation: 'import' },
			'POST',
			/\/Laserfiche\.Repository\.Folder\/children\/|\/Entries\/\d+\/[^/]+$/,
		],
	] as const)(
		'%s: one more password grant, every item succeeds',
		async (_name, parameters, method, pattern) => {
			const ids = INVOICES.map((path) => Number(lfEntryAt(lf, SELF_HOSTED_V1, path)!.id));
			const isImport = parameters.resource === 'document';
			const restore = onLaserficheRequest(lf, method, pattern, 2, () => lf.expireAllTokens());
			try {
				const result = await runLaserfiche(
					lf,
					SELF_HOSTED_V1,
					isImport
						? {
								...parameters,
								parentFolder: byPath('\\Archive'),
								name: '=item-{{ $json.n }}',
								binaryPropertyName: 'data',
								options: {},
							}
						: { ...parameters, entry: entryById },
					{
						input: Array.from({ length: N }, (_, i) =>
							isImport
								? {
										json: { n: i },
										binary: {
											data: {
												content: `v1 import ${i}`,
												fileName: `item-${i}.txt`,
												mimeType: 'text/plain',
											},
										},
									}
								: { json: { id: ids[i] } },
						),
					},
				);
				expect(result.errors.map((item) => item.json)).toEqual([]);
				expectAccounted(result, N);
				expect(lf.state.tokenRequests.selfHosted).toBe(2);
				if (isImport)
					expect(lfChildren(lf, SELF_HOSTED_V1, '\\Archive')).toEqual([
						'item-0',
						'item-1',
						'item-2',
					]);
			} finally {
				restore();
			}
		},
	);
});
