/**
 * The resource locators' searchable lists (folder browser, API keys, users), run on n8n-core's real
 * LoadOptionsContext against the emulator.
 */
import type { FilesComEmulator } from './helpers';
import { expectRequestsInContract, runListSearch, startEmulator } from './helpers';

let emulator: FilesComEmulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());

describe('folder browser (searchFolders)', () => {
	it('starts at the root: "/" and the top-level folders, with links to Files.com', async () => {
		const from = emulator.requests.length;
		const { results, paginationToken } = await runListSearch(emulator, 'searchFolders');
		expect(results.map((r) => r.value)).toEqual([
			'/',
			'/Documents',
			'/Empty Folder',
			'/Shared',
			'/users',
		]);
		expect(results[1]).toEqual({
			name: '/Documents',
			value: '/Documents',
			url: `${emulator.baseUrl}/files/Documents`,
		});
		expect(paginationToken).toBeUndefined();
		expect(expectRequestsInContract(emulator, from)).toEqual(['FolderListForPath']);
		expect(emulator.requests[from].query).toMatchObject({ type: 'folder' });
	});

	it('browses into a folder typed with a trailing slash, and filters by the last part', async () => {
		expect(
			(await runListSearch(emulator, 'searchFolders', 'users/')).results.map((r) => r.value),
		).toEqual(['/users', '/users/alice', '/users/bob']);
		expect(
			(await runListSearch(emulator, 'searchFolders', '/users/AL')).results.map((r) => r.value),
		).toEqual(['/users/alice']);
		expect(
			(await runListSearch(emulator, 'searchFolders', 'doc')).results.map((r) => r.value),
		).toEqual(['/Documents']);
	});

	it('pages through a folder with many subfolders', async () => {
		for (let i = 0; i < 250; i++) emulator.makeFolder(`Lots/f${String(i).padStart(3, '0')}`);
		const first = await runListSearch(emulator, 'searchFolders', 'Lots/');
		expect(first.results).toHaveLength(201);
		expect(first.paginationToken).toMatch(/^c2:next:/);
		const second = await runListSearch(emulator, 'searchFolders', 'Lots/', first.paginationToken);
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		expect(second.results[49].value).toBe('/Lots/f249');
	});

	it('fails with the Files.com error for a bad key', async () => {
		await expect(
			runListSearch(emulator, 'searchFolders', '', undefined, 'badkey'),
		).rejects.toMatchObject({
			message: 'Invalid Credentials',
		});
	});
});

describe('API keys and users', () => {
	it('lists API keys by name and ID, filtered', async () => {
		const all = await runListSearch(emulator, 'searchApiKeys');
		expect(all.results).toEqual(
			expect.arrayContaining([
				{ name: 'Emulator site-wide key (#1)', value: '1' },
				{ name: 'Alice user key (#2)', value: '2' },
			]),
		);
		expect((await runListSearch(emulator, 'searchApiKeys', 'alice')).results).toEqual([
			{ name: 'Alice user key (#2)', value: '2' },
		]);
	});

	it('lists users, searched on the server', async () => {
		const from = emulator.requests.length;
		expect((await runListSearch(emulator, 'searchUsers')).results).toEqual([
			{ name: 'Site Admin (admin)', value: '1' },
			{ name: 'Alice Example (alice)', value: '2' },
			{ name: 'Bob Example (bob)', value: '3' },
		]);
		expect((await runListSearch(emulator, 'searchUsers', 'bob')).results).toEqual([
			{ name: 'Bob Example (bob)', value: '3' },
		]);
		expect(expectRequestsInContract(emulator, from)).toEqual(['GetUsers', 'GetUsers']);
	});
});
