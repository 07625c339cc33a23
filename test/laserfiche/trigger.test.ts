/**
 * The Laserfiche Trigger through n8n-core's PollContext: nothing on the first poll, then each new or
 * changed document exactly once (by entry ID + last modified time), for a folder (optionally with its
 * subfolders) or a search, within the poll's time budget.
 */
import type { IDataObject } from 'n8n-workflow';

import { runPoll } from '../harness';
import type { LaserficheEmulator, Mode } from './helpers';
import {
	MODES,
	byPath,
	contractViolations,
	credentialsFor,
	expectNoSecrets,
	modeParameters,
	repositoryOf,
	requestsSince,
	runLaserfiche,
	secretsOf,
	startEmulator,
} from './helpers';

/** n8n keeps a trigger's static data under "node:<node name>". */
const NODE_KEY = 'node:laserficheTrigger';
const seen = (staticData: IDataObject) =>
	((staticData[NODE_KEY] as IDataObject | undefined)?.seen ?? {}) as IDataObject;

describe.each(MODES)('Laserfiche Trigger, $label', (mode: Mode) => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());
	beforeEach(() => lf.faults.clear());

	const credentialType =
		mode.authentication === 'cloud' ? 'laserficheCloudApi' : 'laserficheSelfHostedApi';
	const poll = async (
		parameters: Record<string, unknown>,
		staticData: IDataObject,
		extra: { mode?: 'trigger' | 'manual'; pollBudgetMs?: number | null } = {},
	) => {
		const result = await runPoll({
			node: {
				type: 'laserficheTrigger',
				parameters: { ...modeParameters(lf, mode), ...parameters } as never,
				credentials: { [credentialType]: 'lf' },
			},
			credentials: credentialsFor(lf, mode),
			staticData,
			...extra,
		});
		expectNoSecrets(JSON.stringify(result.items), secretsOf(lf));
		return result;
	};
	const importText = async (folder: string, name: string, text: string) => {
		const run = await runLaserfiche(
			lf,
			mode,
			{
				resource: 'document',
				operation: 'import',
				parentFolder: byPath(folder),
				name,
				options: { createMissingFolders: true },
			} as never,
			{
				input: [
					{
						json: {},
						binary: {
							data: { content: Buffer.from(text), fileName: `${name}.txt`, mimeType: 'text/plain' },
						},
					},
				],
			},
		);
		expect(run.status).toBe('success');
		return run.success[0].json as { id: number; lastModifiedTime: string };
	};
	// Later changes get a later last-modified time on the emulator clock, whatever the machine's speed.
	const later = () => lf.advanceTime(1000);

	it('folder with subfolders: nothing at first, then each new or changed document once', async () => {
		const from = lf.state.requests.length;
		const staticData: IDataObject = {};
		const watch = { watch: 'folder', folder: byPath('\\Invoices'), recursive: true };

		const first = await poll(watch, staticData);
		expect(first.result).toBeNull();
		// The first poll recorded every document below \Invoices.
		expect(Object.keys(seen(staticData)).sort()).toEqual(
			repositoryOf(lf, mode)
				.descendants(repositoryOf(lf, mode).resolvePath('\\Invoices').entry)
				.filter((entry: { entryType: string }) => entry.entryType === 'Document')
				.map((entry: { id: number }) => String(entry.id))
				.sort(),
		);
		expect((await poll(watch, staticData)).result).toBeNull();

		const created = await importText('\\Invoices\\2026', 'INV-2026-0100 Initech', 'new invoice');
		const second = await poll(watch, staticData);
		expect(second.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				id: created.id,
				name: 'INV-2026-0100 Initech',
				entryType: 'Document',
			}),
		]);
		expect((await poll(watch, staticData)).result).toBeNull();

		// A change (new field value → new last modified time) is emitted once too.
		later();
		const changed = await runLaserfiche(lf, mode, {
			resource: 'metadata',
			operation: 'setFields',
			entry: byPath('\\Invoices\\2025\\INV-2025-0417 Initech'),
			fields: { field: [{ name: 'Status', value: 'Paid' }] },
		} as never);
		expect(changed.status).toBe('success');
		const third = await poll(watch, staticData);
		expect(third.items.map((item) => item.json.name)).toEqual(['INV-2025-0417 Initech']);
		expect(third.items[0].json.lastModifiedTime).not.toBe('2025-11-04T09:12:00.000Z');
		expect((await poll(watch, staticData)).result).toBeNull();

		// Two new documents: both, oldest first; folders are never emitted.
		const a = await importText('\\Invoices\\2027', 'Early', 'a');
		later();
		const b = await importText('\\Invoices', 'Late', 'b');
		const fourth = await poll(watch, staticData);
		expect(fourth.items.map((item) => item.json.id)).toEqual([a.id, b.id]);
		expect(contractViolations(requestsSince(lf, from))).toEqual([]);
	});

	it('polls in a context without getPollBudgetMs (n8n 1.x): each new document once', async () => {
		const staticData: IDataObject = {};
		const watch = { watch: 'folder', folder: byPath('\\Invoices'), recursive: true };
		expect((await poll(watch, staticData, { pollBudgetMs: null })).result).toBeNull();
		const created = await importText('\\Invoices', 'INV-2026-0190 Legacy', 'n8n 1.x');
		const second = await poll(watch, staticData, { pollBudgetMs: null });
		expect(second.items.map((item) => item.json.id)).toEqual([created.id]);
	});

	it('folder without subfolders: only its own documents', async () => {
		const staticData: IDataObject = {};
		const watch = { watch: 'folder', folder: byPath('\\Shared Documents'), recursive: false };
		expect((await poll(watch, staticData)).result).toBeNull();
		await importText('\\Shared Documents\\Deeper', 'Hidden', 'not watched');
		expect((await poll(watch, staticData)).result).toBeNull();
		const visible = await importText('\\Shared Documents', 'Minutes 2026-02-01', 'watched');
		const next = await poll(watch, staticData);
		expect(next.items.map((item) => item.json.id)).toEqual([visible.id]);
	});

	it('search: nothing at first, then each new document the search finds', async () => {
		const from = lf.state.requests.length;
		const staticData: IDataObject = {};
		const watch = { watch: 'search', searchCommand: '{LF:Name="Contract *", Type="D"}' };
		expect((await poll(watch, staticData)).result).toBeNull();
		await importText('\\Archive', 'Unrelated', 'no');
		expect((await poll(watch, staticData)).result).toBeNull();
		const found = await importText('\\Contracts\\2026', 'Contract Initech', 'yes');
		const next = await poll(watch, staticData);
		expect(next.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: found.id, name: 'Contract Initech' }),
		]);
		expect((await poll(watch, staticData)).result).toBeNull();
		expect(contractViolations(requestsSince(lf, from))).toEqual([]);
	});

	it('"Fetch test event" (manual) returns the newest document and leaves the state alone', async () => {
		const staticData: IDataObject = {};
		const watch = { watch: 'folder', folder: byPath('\\Invoices\\2026'), recursive: false };
		const newest = await importText('\\Invoices\\2026', 'Newest', 'n');
		const manual = await poll(watch, staticData, { mode: 'manual' });
		expect(manual.items.map((item) => item.json.id)).toEqual([newest.id]);
		expect(staticData[NODE_KEY] ?? {}).toEqual({});
		expect(
			(
				await runLaserfiche(lf, mode, {
					resource: 'folder',
					operation: 'create',
					parentFolder: byPath('\\Archive'),
					name: 'Empty Folder For Test',
				} as never)
			).status,
		).toBe('success');
		const empty = await runPoll({
			node: {
				type: 'laserficheTrigger',
				parameters: {
					...modeParameters(lf, mode),
					watch: 'folder',
					folder: byPath('\\Archive\\Empty Folder For Test'),
				} as never,
				credentials: { [credentialType]: 'lf' },
			},
			credentials: credentialsFor(lf, mode),
			mode: 'manual',
		}).then(
			() => undefined,
			(error: Error) => error,
		);
		expect(empty?.message).toBe('No document found in what the trigger watches');
	});

	it('stops listing when the poll budget runs out, without forgetting what it did not reach', async () => {
		const staticData: IDataObject = {};
		const watch = { watch: 'folder', folder: byPath('\\Invoices'), recursive: true };
		expect((await poll(watch, staticData)).result).toBeNull();
		const known = Object.keys(seen(staticData)).length;
		expect(known).toBeGreaterThan(3);

		// Each listing takes 700 ms; with a 1.25 s budget only the first folders are listed.
		lf.faults.add({ kind: 'delay', ms: 700, method: 'GET', pathPattern: /children$/i, times: -1 });
		const from = lf.state.requests.length;
		const cut = await poll(watch, staticData, { pollBudgetMs: 1250 });
		expect(cut.result).toBeNull();
		const listings = requestsSince(lf, from).filter((request) => /children$/i.test(request.path));
		expect(listings.length).toBeLessThan(
			1 +
				repositoryOf(lf, mode)
					.descendants(repositoryOf(lf, mode).resolvePath('\\Invoices').entry)
					.filter((entry: { entryType: string }) => entry.entryType === 'Folder').length,
		);
		expect(Object.keys(seen(staticData)).length).toBe(known);
		lf.faults.clear();

		const fresh = await importText('\\Invoices\\2026', 'After The Cut', 'x');
		const next = await poll(watch, staticData);
		expect(next.items.map((item) => item.json.id)).toEqual([fresh.id]);
	});

	it("reports a failing listing as the service's error document", async () => {
		const error = await runPoll({
			node: {
				type: 'laserficheTrigger',
				parameters: {
					...modeParameters(lf, mode),
					watch: 'folder',
					folder: byPath('\\No Such Folder'),
				} as never,
				credentials: { [credentialType]: 'lf' },
			},
			credentials: credentialsFor(lf, mode),
			staticData: {},
		}).then(
			() => undefined,
			(failure: Error & { description?: string; httpCode?: string }) => failure,
		);
		expect(error?.message).toBe('Entry not found.');
		expect(error?.httpCode).toBe('404');
		expectNoSecrets(
			`${error?.message} ${error?.description} ${JSON.stringify(error)}`,
			secretsOf(lf),
		);
	});
});
