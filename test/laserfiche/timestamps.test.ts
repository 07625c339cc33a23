/**
 * Change detection under each timestamp form the emulator can write (option timestampFormat,
 * lib/views.js: the spec says only `date-time`): milliseconds, whole seconds, and .NET ticks with an
 * offset. A document changed in a later second is emitted once, whatever the form, in the order they changed.
 * (Two changes within one second cannot be told apart when the server writes whole seconds; the
 * trigger tests that change documents milliseconds apart run under the default 'ms'.)
 */
import type { IDataObject } from 'n8n-workflow';

import { runPoll } from '../harness';
import type { LaserficheEmulator } from './helpers';
import {
	CLOUD,
	byPath,
	credentialsFor,
	modeParameters,
	repositoryOf,
	startEmulator,
} from './helpers';

/** Resolves once the clock is in a later second than `iso` (bounded: about 1.1 s). */
async function nextSecond(iso: string): Promise<void> {
	const second = Math.floor(Date.parse(iso) / 1000);
	for (let tries = 0; tries < 30 && Math.floor(Date.now() / 1000) <= second; tries++)
		await new Promise((resolve) => setTimeout(resolve, 50));
	expect(Math.floor(Date.now() / 1000)).toBeGreaterThan(second);
}

describe.each(['ms', 'seconds', 'ticks'] as const)(
	'trigger change detection, timestamps %s',
	(timestampFormat) => {
		let lf: LaserficheEmulator;
		beforeAll(async () => {
			lf = await startEmulator({ timestampFormat });
		});
		afterAll(async () => await lf.stop());

		it('a document changed in a later second is emitted once, in the order they changed', async () => {
			const repo = repositoryOf(lf, CLOUD);
			const folder = repo.createFolder(1, 'Watched');
			const older = repo.createDocument(folder.id, 'Older', {
				size: 0,
				extension: 'txt',
				mimeType: 'text/plain',
			});
			const newer = repo.createDocument(folder.id, 'Newer', {
				size: 0,
				extension: 'txt',
				mimeType: 'text/plain',
			});
			const staticData: IDataObject = {};
			const poll = async () =>
				await runPoll({
					node: {
						type: 'laserficheTrigger',
						parameters: {
							...modeParameters(lf, CLOUD),
							watch: 'folder',
							folder: byPath('\\Watched'),
						} as never,
						credentials: { laserficheCloudApi: 'lf' },
					},
					credentials: credentialsFor(lf, CLOUD),
					staticData,
				});
			expect((await poll()).items).toEqual([]);

			await nextSecond(newer.lastModifiedTime);
			repo.touch(older);
			await nextSecond(older.lastModifiedTime);
			repo.touch(newer);
			const changed = await poll();
			expect(changed.items.map((item) => item.json.name)).toEqual(['Older', 'Newer']);
			if (timestampFormat === 'ticks')
				expect(String(changed.items[0].json.lastModifiedTime)).toMatch(/\.\d{7}\+00:00$/);
			if (timestampFormat === 'seconds')
				expect(String(changed.items[0].json.lastModifiedTime)).toMatch(/:\d\dZ$/);
			expect((await poll()).items).toEqual([]);
		});
	},
);
