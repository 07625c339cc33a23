/**
 * Paging under each cursor-header behaviour the emulator offers (option `cursorHeaders`, see
 * test/emulators/filescom/paging.js): the recordings and every official SDK use `X-Files-Cursor`
 * (the default, 'recorded'); the docs name `X-Files-Cursor-Next` ('documented'); 'both' sends both.
 * The node must list every entry, once, under each. A node that reads only `X-Files-Cursor-Next` stops after
 * the first page under 'recorded'; one that reads only `X-Files-Cursor` stops under 'documented'.
 */
import type { FilesComEmulator } from './helpers';
import { expectRequestsInContract, folder, jsonOf, runFilesCom, startEmulator } from './helpers';

const ENTRIES = 20_001;

describe.each(['recorded', 'documented', 'both'] as const)(
	'folder list with cursorHeaders = %s',
	(cursorHeaders) => {
		let emulator: FilesComEmulator;
		beforeAll(async () => {
			emulator = await startEmulator({ cursorHeaders });
			emulator.seedFolder('Paged', ENTRIES);
		});
		afterAll(async () => {
			await emulator.stop();
		});

		it('follows the cursor to the last page and returns every entry once', async () => {
			const from = emulator.requests.length;
			const run = await runFilesCom(emulator, {
				resource: 'folder',
				operation: 'list',
				path: folder('/Paged'),
				returnAll: true,
				recursive: false,
				options: {},
			});
			expect(run.status).toBe('success');
			expect(run.success).toHaveLength(ENTRIES);
			expect(new Set(jsonOf(run.success).map((e) => e.path)).size).toBe(ENTRIES);
			const pages = emulator.requests.slice(from);
			expect(pages).toHaveLength(3);
			expect(pages.map((r) => r.status)).toEqual([200, 200, 200]);
			// What the emulator sent on the first page: only the headers of this behaviour.
			const first = pages[0].responseHeaders ?? {};
			expect(['X-Files-Cursor' in first, 'X-Files-Cursor-Next' in first]).toEqual(
				{ recorded: [true, false], documented: [false, true], both: [true, true] }[cursorHeaders],
			);
			expect(pages[0].query.cursor).toBeUndefined();
			expect(String(pages[1].query.cursor)).toMatch(/^c2:next:/);
			expect(String(pages[2].query.cursor)).toMatch(/^c2:next:/);
			expect(pages[2].query.cursor).not.toBe(pages[1].query.cursor);
			expectRequestsInContract(emulator, from);
		});
	},
);
