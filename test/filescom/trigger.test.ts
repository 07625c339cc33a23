/**
 * The Files.com Trigger through n8n-core's real PollContext against the emulator: nothing on the first poll,
 * a new file once, an updated file once, subfolders with Recursive, downloads, the poll budget, and the
 * editor's "Fetch test event".
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readBinary, runPoll } from '../harness';
import type { FilesComEmulator } from './helpers';
import { credentialsFor, expectRequestsInContract, folder, startEmulator } from './helpers';

let emulator: FilesComEmulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());
afterEach(() => emulator.faults.clear());

/** One poll; asserts that neither the emitted items nor the stored state contain the API key. */
async function poll(
	parameters: INodeParameters,
	staticData: IDataObject,
	options: { mode?: 'trigger' | 'manual'; pollBudgetMs?: number | null; apiKey?: string } = {},
) {
	const run = await runPoll({
		node: { type: 'filesComTrigger', parameters, credentials: { filesComApi: 'c1' } },
		credentials: credentialsFor(emulator, options.apiKey),
		staticData,
		mode: options.mode ?? 'trigger',
		pollBudgetMs: options.pollBudgetMs,
	});
	expect(JSON.stringify([run.items, run.staticData])).not.toContain(
		options.apiKey ?? emulator.apiKey,
	);
	return run;
}

/** The trigger's own static data (n8n keeps it under `node:<name>`). */
const nodeState = (staticData: IDataObject) => staticData['node:filesComTrigger'] as IDataObject;

const paths = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.path);

describe('Files.com Trigger', () => {
	it('emits nothing on the first poll, a new file once, an updated file once', async () => {
		emulator.writeFile('Watch/existing.txt', 'already here');
		const staticData: IDataObject = {};
		const parameters = { path: folder('/Watch'), recursive: false, downloadFiles: false };

		const first = await poll(parameters, staticData);
		expect(first.result).toBeNull();
		expect(first.items).toEqual([]);

		emulator.advanceTime(2000);
		emulator.writeFile('Watch/new.txt', 'brand new');
		const second = await poll(parameters, staticData);
		expect(paths(second.items)).toEqual(['Watch/new.txt']);
		expect(second.items[0].json).toMatchObject({ type: 'file', size: 9, display_name: 'new.txt' });

		const third = await poll(parameters, staticData);
		expect(third.result).toBeNull();

		emulator.advanceTime(2000);
		emulator.writeFile('Watch/existing.txt', 'already here, changed');
		const fourth = await poll(parameters, staticData);
		expect(paths(fourth.items)).toEqual(['Watch/existing.txt']);
		expect(fourth.items[0].json.size).toBe(21);

		const fifth = await poll(parameters, staticData);
		expect(fifth.result).toBeNull();
	});

	it("polls in a context without getPollBudgetMs (n8n 1.x): a new file once, with n8n's default budget", async () => {
		emulator.writeFile('Legacy/existing.txt', 'already here');
		const staticData: IDataObject = {};
		const parameters = { path: folder('/Legacy'), recursive: false, downloadFiles: false };
		expect((await poll(parameters, staticData, { pollBudgetMs: null })).result).toBeNull();
		emulator.advanceTime(2000);
		emulator.writeFile('Legacy/new.txt', 'brand new');
		const second = await poll(parameters, staticData, { pollBudgetMs: null });
		expect(paths(second.items)).toEqual(['Legacy/new.txt']);
		// The listing completed within the default budget: the state holds both files.
		expect(Object.keys(nodeState(staticData).seen as IDataObject).sort()).toEqual([
			'Legacy/existing.txt',
			'Legacy/new.txt',
		]);
	});

	it('sees an update within the same second when the size changes (path + modification time + size)', async () => {
		emulator.writeFile('Quick/a.txt', 'one');
		const staticData: IDataObject = {};
		const parameters = { path: folder('/Quick'), recursive: false, downloadFiles: false };
		await poll(parameters, staticData);
		emulator.writeFile('Quick/a.txt', 'one two');
		const next = await poll(parameters, staticData);
		expect(paths(next.items)).toEqual(['Quick/a.txt']);
	});

	it('watches subfolders with Recursive and downloads new files into the binary field', async () => {
		emulator.writeFile('Tree/top.txt', 'top');
		emulator.writeFile('Tree/sub/deeper/old.txt', 'old');
		const staticData: IDataObject = {};
		const parameters = {
			path: folder('/Tree'),
			recursive: true,
			downloadFiles: true,
			binaryPropertyName: 'file',
		};
		expect((await poll(parameters, staticData)).result).toBeNull();

		emulator.advanceTime(2000);
		emulator.writeFile('Tree/sub/deeper/new report.csv', 'a,b\n1,2\n');
		emulator.writeFile('Tree/sub/other.txt', 'other');
		const from = emulator.requests.length;
		const next = await poll(parameters, staticData);
		expect(paths(next.items).sort()).toEqual([
			'Tree/sub/deeper/new report.csv',
			'Tree/sub/other.txt',
		]);
		const report = next.items.find((item) => item.json.path === 'Tree/sub/deeper/new report.csv')!;
		expect(report.binary?.file).toMatchObject({ fileName: 'new report.csv', mimeType: 'text/csv' });
		expect((await readBinary(report, 'file')).toString()).toBe('a,b\n1,2\n');
		expect(report.json.download_uri).toBeUndefined();
		expectRequestsInContract(emulator, from);
	});

	it('does not emit files outside the watched folder', async () => {
		emulator.makeFolder('Calm');
		const staticData: IDataObject = {};
		const parameters = { path: folder('/Calm'), recursive: false, downloadFiles: false };
		await poll(parameters, staticData);
		emulator.advanceTime(2000);
		emulator.writeFile('Elsewhere/noise.txt', 'noise');
		emulator.makeFolder('Calm/new subfolder');
		expect((await poll(parameters, staticData)).result).toBeNull();
	});

	it('returns the newest file in manual mode ("Fetch test event") without recording anything', async () => {
		emulator.writeFile('Manual/older.txt', 'older');
		emulator.advanceTime(2000);
		emulator.writeFile('Manual/newest.txt', 'newest');
		const staticData: IDataObject = {};
		const run = await poll(
			{
				path: folder('/Manual'),
				recursive: false,
				downloadFiles: true,
				binaryPropertyName: 'data',
			},
			staticData,
			{
				mode: 'manual',
			},
		);
		expect(paths(run.items)).toEqual(['Manual/newest.txt']);
		expect((await readBinary(run.items[0], 'data')).toString()).toBe('newest');
		expect(staticData).toEqual({});
	});

	it('says so in manual mode when the folder has no file', async () => {
		emulator.makeFolder('Nothing');
		await expect(
			poll(
				{ path: folder('/Nothing'), recursive: false, downloadFiles: false },
				{},
				{ mode: 'manual' },
			),
		).rejects.toThrow('No file in /Nothing yet');
	});

	it('stops listing when the poll budget runs out, emits nothing until a listing completes, then carries on', async () => {
		emulator.seedFolder('Huge', 12000);
		const staticData: IDataObject = {};
		const parameters = { path: folder('/Huge'), recursive: false, downloadFiles: false };
		emulator.faults.add({
			kind: 'delay',
			ms: 300,
			method: 'GET',
			pathPattern: '/folders/Huge',
			times: 1,
		});
		const from = emulator.requests.length;
		const cut = await poll(parameters, staticData, { pollBudgetMs: 400 });
		expect(cut.result).toBeNull();
		expect(emulator.requests.length - from).toBe(1);
		expect(nodeState(staticData).baselinePending).toBe(true);

		emulator.advanceTime(2000);
		emulator.writeFile('Huge/zzz-during-baseline.txt', 'x');
		const completing = await poll(parameters, staticData);
		expect(completing.result).toBeNull();
		expect(nodeState(staticData).baselinePending).toBe(false);

		emulator.advanceTime(2000);
		emulator.writeFile('Huge/zzz-after.txt', 'y');
		const next = await poll(parameters, staticData);
		expect(paths(next.items)).toEqual(['Huge/zzz-after.txt']);
	});

	it('fails the poll with the Files.com error (and never shows the key)', async () => {
		const badKey = 'triggerbadkey99';
		const error = await poll(
			{ path: folder('/Watch'), recursive: false, downloadFiles: false },
			{},
			{ apiKey: badKey },
		).then(
			() => undefined,
			(failure: unknown) => failure as { message: string; description: string },
		);
		expect(error?.message).toBe('Invalid Credentials');
		expect(error?.description).toContain('not-authenticated/invalid-credentials');
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error ?? {}))).not.toContain(badKey);
	});
});
