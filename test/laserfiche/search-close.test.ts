/**
 * Open searches: Laserfiche Cloud allows 2 per user (the emulator enforces it, lib/search-limit.js), so
 * every search the node opens is closed, also when waiting times out or reading the results fails;
 * repeated failing trigger polls do not lock the user out. Self-hosted runs with the limit switched on
 * (openSearchLimitSelfHosted) to check the v1 and v2 close calls the same way.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runPoll } from '../harness';
import type { LaserficheEmulator, Mode } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	SELF_HOSTED_V2,
	credentialsFor,
	modeParameters,
	runLaserfiche,
	startEmulator,
} from './helpers';

const COMMAND = '{LF:Name="*", Type="D"}';

/** Searches the emulator holds open (started, neither closed nor cancelled). */
function openSearches(lf: LaserficheEmulator): number {
	const tasks = [
		...(lf.emulator.tasks._tasks as Map<string, { type: string; status: string }>).values(),
	];
	return tasks.filter((task) => task.type === 'SearchEntry' && task.status !== 'Cancelled').length;
}

describe.each([CLOUD, SELF_HOSTED_V1, SELF_HOSTED_V2])('open searches, $label', (mode: Mode) => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator({ openSearchLimitSelfHosted: true, taskLongPollMs: 200 });
	});
	afterAll(async () => await lf.stop());
	beforeEach(() => {
		lf.faults.clear();
		lf.emulator.tasks.opts.durationMs = 20;
	});

	const search = async (options: INodeParameters = {}) =>
		await runLaserfiche(
			lf,
			mode,
			{ resource: 'search', operation: 'run', searchCommand: COMMAND, returnAll: true, options },
			{ onError: 'continueErrorOutput' },
		);

	it('the emulator answers a third open search with 429; closing one lets the next start', async () => {
		expect(openSearches(lf)).toBe(0);
		for (let index = 0; index < 2; index++)
			expect((await search({ waitForTask: false })).success).toHaveLength(1);
		expect(openSearches(lf)).toBe(2);
		const third = await search({ waitForTask: false });
		expect(third.errors).toHaveLength(1);
		expect(third.errors[0].json.details).toMatchObject({
			status: 429,
			title: 'Operation limit or request limit reached.',
		});
		for (const task of [...lf.emulator.tasks._tasks.values()])
			if (task.type === 'SearchEntry') lf.emulator.tasks.remove(task);
		expect((await search()).success.length).toBeGreaterThan(0);
		expect(openSearches(lf)).toBe(0);
	});

	it('a search that times out is closed', async () => {
		lf.emulator.tasks.opts.durationMs = 10_000;
		for (let run = 0; run < 3; run++) {
			const timedOut = await search({ taskTimeout: 1 });
			expect(timedOut.errors).toHaveLength(1);
			expect(String(timedOut.errors[0].json.error)).toMatch(/still running after 1 seconds/);
			expect(openSearches(lf)).toBe(0);
		}
	});

	it('a search whose results cannot be read is closed', async () => {
		lf.faults.add({
			kind: 'status',
			status: 403,
			method: 'GET',
			pathPattern: '/Results',
			times: 3,
		});
		for (let run = 0; run < 3; run++) {
			const failed = await search();
			expect(failed.errors).toHaveLength(1);
			expect(failed.errors[0].json.details).toMatchObject({ status: 403 });
			expect(openSearches(lf)).toBe(0);
		}
		expect((await search()).success.length).toBeGreaterThan(0);
	});

	const getResults = async (taskId: unknown, options: INodeParameters = {}) =>
		await runLaserfiche(
			lf,
			mode,
			{
				resource: 'search',
				operation: 'getResults',
				taskId: taskId as string,
				returnAll: true,
				options,
			},
			{ onError: 'continueErrorOutput' },
		);

	it('a search started with Wait for Task off is read by Search → Get Results, and closed', async () => {
		const waited = (await search()).success.map((item) => item.json.id);
		expect(waited.length).toBeGreaterThan(1);
		const started = [(await search({ waitForTask: false })).success[0].json.taskId];
		started.push((await search({ waitForTask: false })).success[0].json.taskId);
		expect(openSearches(lf)).toBe(2);
		const read = await getResults(started[0]);
		expect(read.errors).toEqual([]);
		expect(read.success.map((item) => item.json.id)).toEqual(waited);
		expect(openSearches(lf)).toBe(1);
		// The slot it freed takes a new search.
		const third = await search({ waitForTask: false });
		expect(third.errors).toEqual([]);
		const kept = await getResults(third.success[0].json.taskId, { closeSearch: false });
		expect(kept.success.map((item) => item.json.id)).toEqual(waited);
		expect(openSearches(lf)).toBe(2);
		// Close Search off: the same results can be read again, then closed.
		const again = await getResults(third.success[0].json.taskId);
		expect(again.success.map((item) => item.json.id)).toEqual(waited);
		expect((await getResults(started[1])).errors).toEqual([]);
		expect(openSearches(lf)).toBe(0);
	});

	it('Search → Get Results closes the search when its results cannot be read', async () => {
		const started = (await search({ waitForTask: false })).success[0].json.taskId;
		lf.faults.add({
			kind: 'status',
			status: 403,
			method: 'GET',
			pathPattern: '/Results',
			times: 1,
		});
		const failed = await getResults(started);
		expect(failed.errors).toHaveLength(1);
		expect(failed.errors[0].json.details).toMatchObject({ status: 403 });
		expect(openSearches(lf)).toBe(0);
	});

	it('repeated failing trigger polls do not lock the user out', async () => {
		const credentialType =
			mode.authentication === 'cloud' ? 'laserficheCloudApi' : 'laserficheSelfHostedApi';
		const staticData: IDataObject = {};
		const poll = async () =>
			await runPoll({
				node: {
					type: 'laserficheTrigger',
					parameters: {
						...modeParameters(lf, mode),
						watch: 'search',
						searchCommand: COMMAND,
					} as never,
					credentials: { [credentialType]: 'lf' },
				},
				credentials: credentialsFor(lf, mode),
				staticData,
			});
		lf.faults.add({
			kind: 'status',
			status: 403,
			method: 'GET',
			pathPattern: '/Results',
			times: 4,
		});
		for (let run = 0; run < 4; run++) {
			await expect(poll()).rejects.toThrow();
			expect(openSearches(lf)).toBe(0);
		}
		await expect(poll()).resolves.toMatchObject({ result: null });
		expect(openSearches(lf)).toBe(0);
	});
});

describe('open-search limit switched off (openSearchLimit: 0)', () => {
	it('lets a user hold more than two open searches', async () => {
		const lf = await startEmulator({ openSearchLimit: 0 });
		try {
			for (let index = 0; index < 3; index++) {
				const run = await runLaserfiche(lf, CLOUD, {
					resource: 'search',
					operation: 'run',
					searchCommand: COMMAND,
					options: { waitForTask: false },
				});
				expect(run.success).toHaveLength(1);
			}
			expect(openSearches(lf)).toBe(3);
		} finally {
			await lf.stop();
		}
	});
});
