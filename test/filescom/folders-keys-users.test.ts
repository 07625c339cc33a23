/**
 * Folder, API key and user operations through real n8n-core against the Files.com emulator, with every
 * request checked against swagger_doc.json.
 */
import type { FilesComEmulator } from './helpers';
import {
	expectNoSecret,
	expectRequestsInContract,
	folder,
	jsonOf,
	runFilesCom,
	startEmulator,
	testCredentialFor,
} from './helpers';

let emulator: FilesComEmulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());

describe('folder', () => {
	it('creates a folder with its parents, and reports an existing one (or returns it when asked)', async () => {
		const from = emulator.requests.length;
		const created = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'create',
			path: '/Projects/2025/Q1',
			options: {},
		});
		expect(created.success[0].json).toMatchObject({ path: 'Projects/2025/Q1', type: 'directory' });
		expect(expectRequestsInContract(emulator, from)).toEqual(['PostFoldersPath']);
		expect(emulator.requests[from].body).toEqual({ mkdir_parents: true });

		const again = await runFilesCom(
			emulator,
			{ resource: 'folder', operation: 'create', path: '/Projects/2025/Q1', options: {} },
			{ onError: 'continueErrorOutput', input: [{ json: { ticket: 7 } }] },
		);
		expect(again.success).toEqual([]);
		expect(again.errors[0].json).toMatchObject({
			ticket: 7,
			error: 'Destination Exists',
			details: {
				'http-code': 422,
				type: 'processing-failure/destination-exists',
				resource: 'folder',
				operation: 'create',
				itemIndex: 0,
			},
		});

		const existing = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'create',
			path: '/Projects/2025/Q1',
			options: { returnExisting: true },
		});
		expect(existing.success[0].json).toMatchObject({ path: 'Projects/2025/Q1', type: 'directory' });
	});

	it('does not create parents when Create Parent Folders is off', async () => {
		const run = await runFilesCom(
			emulator,
			{
				resource: 'folder',
				operation: 'create',
				path: '/NoParent/child',
				options: { createParentFolders: false },
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.details).toMatchObject({
			type: 'processing-failure/destination-parent-does-not-exist',
		});
	});

	it('lists a folder (folders first), with a limit, and only files or only folders', async () => {
		const from = emulator.requests.length;
		const all = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/Documents'),
			returnAll: true,
			recursive: false,
			options: {},
		});
		expect(jsonOf(all.success).map((e) => e.path)).toEqual([
			'Documents/Archive',
			'Documents/100% done #1?.txt',
			'Documents/notes.txt',
			'Documents/report 2024.csv',
			'Documents/Résumé café.txt',
		]);
		const limited = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/Documents'),
			returnAll: false,
			limit: 2,
			recursive: false,
			options: {},
		});
		expect(limited.success).toHaveLength(2);
		const files = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('Documents'),
			returnAll: true,
			recursive: false,
			options: { type: 'file' },
		});
		expect(jsonOf(files.success).every((e) => e.type === 'file')).toBe(true);
		expect(files.success).toHaveLength(4);
		expect(expectRequestsInContract(emulator, from)).toEqual([
			'FolderListForPath',
			'FolderListForPath',
			'FolderListForPath',
		]);
		expect(emulator.requests[from + 1].query).toMatchObject({ per_page: '2' });
		expect(emulator.requests[from + 2].query).toMatchObject({ type: 'file' });
	});

	it('lists the root folder from the folder list mode value "/"', async () => {
		const run = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: { __rl: true, mode: 'list', value: '/' },
			returnAll: true,
			recursive: false,
			options: { type: 'folder' },
		});
		expect(jsonOf(run.success).map((e) => e.path)).toEqual(
			expect.arrayContaining(['Documents', 'Shared', 'users']),
		);
		expect(emulator.requests[emulator.requests.length - 1].path).toBe('/api/rest/v1/folders/');
	});

	it('follows cursors to the end (22,000 entries in 3 pages of up to 10,000) and stops at a limit across pages', async () => {
		emulator.seedFolder('Many', 22000);
		const from = emulator.requests.length;
		const all = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/Many'),
			returnAll: true,
			recursive: false,
			options: {},
		});
		expect(all.success).toHaveLength(22000);
		expect(new Set(jsonOf(all.success).map((e) => e.path)).size).toBe(22000);
		const pages = emulator.requests.slice(from);
		expect(pages.map((r) => r.query.per_page)).toEqual(['10000', '10000', '10000']);
		expect(pages[0].query.cursor).toBeUndefined();
		expect(String(pages[1].query.cursor)).toMatch(/^c2:next:/);
		expect(pages[2].query.cursor).not.toBe(pages[1].query.cursor);
		expectRequestsInContract(emulator, from);

		const limitedFrom = emulator.requests.length;
		const limited = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/Many'),
			returnAll: false,
			limit: 15000,
			recursive: false,
			options: {},
		});
		expect(limited.success).toHaveLength(15000);
		expect(jsonOf(limited.success).map((e) => e.path)).toEqual(
			jsonOf(all.success)
				.slice(0, 15000)
				.map((e) => e.path),
		);
		expect(emulator.requests.slice(limitedFrom).map((r) => r.query.per_page)).toEqual([
			'10000',
			'5000',
		]);
	});

	it('walks subfolders with Recursive', async () => {
		const run = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/users'),
			returnAll: true,
			recursive: true,
			options: { type: 'file' },
		});
		expect(
			jsonOf(run.success)
				.map((e) => e.path)
				.sort(),
		).toEqual([
			'users/alice/inbox/todo list.txt',
			'users/alice/welcome.txt',
			'users/bob/private.txt',
		]);
		const limited = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/users'),
			returnAll: false,
			limit: 4,
			recursive: true,
			options: {},
		});
		expect(limited.success).toHaveLength(4);
	});

	it('deletes an empty folder, refuses a non-empty one, and deletes it with Recursive', async () => {
		emulator.makeFolder('Trash/empty');
		emulator.writeFile('Trash/full/file.txt', 'x');
		const from = emulator.requests.length;
		const empty = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'delete',
			path: folder('/Trash/empty'),
			recursive: false,
		});
		expect(empty.success[0].json).toEqual({ deleted: true, path: 'Trash/empty', recursive: false });
		const refused = await runFilesCom(
			emulator,
			{ resource: 'folder', operation: 'delete', path: folder('/Trash/full'), recursive: false },
			{ onError: 'continueErrorOutput' },
		);
		expect(refused.errors[0].json.details).toMatchObject({
			'http-code': 422,
			type: 'processing-failure/folder-not-empty',
			title: 'Folder Not Empty',
		});
		expect(refused.errors[0].json.message).toContain('Turn on "Recursive"');
		const recursive = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'delete',
			path: folder('/Trash/full'),
			recursive: true,
		});
		expect(recursive.success[0].json).toEqual({
			deleted: true,
			path: 'Trash/full',
			recursive: true,
		});
		expect(expectRequestsInContract(emulator, from)).toEqual([
			'DeleteFilesPath',
			'DeleteFilesPath',
			'DeleteFilesPath',
		]);
		expect(emulator.requests[emulator.requests.length - 1].query).toEqual({ recursive: 'true' });
	});
});

describe('apiKey', () => {
	it('creates a key, says its value is shown only once, and the key works', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'create',
			name: 'Nightly export',
			userId: { __rl: true, mode: 'id', value: '2' },
			description: 'made by n8n',
			expiresAt: '2099-01-31T12:00:00.000Z',
			permissionSet: 'full',
		});
		expect(run.status).toBe('success');
		const created = run.success[0].json;
		expect(created).toMatchObject({
			name: 'Nightly export',
			user_id: 2,
			description: 'made by n8n',
			permission_set: 'full',
			expires_at: '2099-01-31T12:00:00Z',
			keyShownOnce: true,
			note: expect.stringMatching(/only once/),
		});
		expect(typeof created.key).toBe('string');
		expect(expectRequestsInContract(emulator, from)).toEqual(['PostApiKeys']);
		expect(emulator.requests[from].body).toEqual({
			name: 'Nightly export',
			user_id: 2,
			description: 'made by n8n',
			expires_at: '2099-01-31T12:00:00.000Z',
			permission_set: 'full',
		});
		expect((await testCredentialFor(emulator, String(created.key))).status).toBe('OK');

		const fetched = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'get',
			apiKeyId: { __rl: true, mode: 'list', value: String(created.id) },
		});
		expect(fetched.success[0].json).toMatchObject({ id: created.id, name: 'Nightly export' });
		expect(fetched.success[0].json.key).toBeUndefined();
	});

	it('gets the current key, lists keys, disables a key with permission set none, and revokes it with delete', async () => {
		const from = emulator.requests.length;
		const current = await runFilesCom(emulator, { resource: 'apiKey', operation: 'getCurrent' });
		expect(current.success[0].json).toMatchObject({
			id: 1,
			name: 'Emulator site-wide key',
			permission_set: 'full',
		});
		expect(current.success[0].json.key).toBeUndefined();

		const extra = emulator.createApiKey({ name: 'to disable' });
		const list = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'list',
			returnAll: true,
			options: {},
		});
		expect(jsonOf(list.success).map((k) => k.name)).toEqual(
			expect.arrayContaining(['Emulator site-wide key', 'Alice user key', 'to disable']),
		);
		expect(jsonOf(list.success).every((k) => k.key === undefined)).toBe(true);
		const forAlice = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'list',
			returnAll: false,
			limit: 10,
			options: { userId: '2' },
		});
		expect(jsonOf(forAlice.success).every((k) => k.user_id === 2)).toBe(true);

		const disabled = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'update',
			apiKeyId: { __rl: true, mode: 'id', value: String(extra.id) },
			name: 'disabled now',
			description: '',
			expiresAt: '',
			permissionSet: 'none',
		});
		expect(disabled.success[0].json).toMatchObject({
			id: extra.id,
			name: 'disabled now',
			permission_set: 'none',
		});
		expect((await testCredentialFor(emulator, extra.key)).message).toMatch(/is disabled/);

		const enabled = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'update',
			apiKeyId: { __rl: true, mode: 'id', value: String(extra.id) },
			permissionSet: 'full',
		});
		expect(enabled.success[0].json.permission_set).toBe('full');
		expect((await testCredentialFor(emulator, extra.key)).status).toBe('OK');

		const deleted = await runFilesCom(emulator, {
			resource: 'apiKey',
			operation: 'delete',
			apiKeyId: { __rl: true, mode: 'id', value: String(extra.id) },
		});
		expect(deleted.success[0].json).toEqual({ deleted: true, id: extra.id });
		expect((await testCredentialFor(emulator, extra.key)).message).toMatch(
			/invalid or was revoked/,
		);
		expect(expectRequestsInContract(emulator, from)).toEqual([
			'ApiKeyFindCurrent',
			'GetApiKeys',
			'GetApiKeys',
			'PatchApiKeysId',
			'ApiKeyFindCurrent', // the credential Test of the disabled key
			'PatchApiKeysId',
			'ApiKeyFindCurrent',
			'DeleteApiKeysId',
			'ApiKeyFindCurrent',
		]);
	});
});

describe('user', () => {
	it('gets a user and lists users (with search)', async () => {
		const from = emulator.requests.length;
		const one = await runFilesCom(emulator, {
			resource: 'user',
			operation: 'get',
			userId: { __rl: true, mode: 'id', value: '2' },
		});
		expect(one.success[0].json).toMatchObject({
			id: 2,
			username: 'alice',
			email: 'alice@example.com',
		});
		const all = await runFilesCom(emulator, {
			resource: 'user',
			operation: 'list',
			returnAll: true,
			options: {},
		});
		expect(jsonOf(all.success).map((u) => u.username)).toEqual(['admin', 'alice', 'bob']);
		const found = await runFilesCom(emulator, {
			resource: 'user',
			operation: 'list',
			returnAll: false,
			limit: 5,
			options: { search: 'bob' },
		});
		expect(jsonOf(found.success).map((u) => u.username)).toEqual(['bob']);
		expect(expectRequestsInContract(emulator, from)).toEqual([
			'GetUsersId',
			'GetUsers',
			'GetUsers',
		]);
		expectNoSecret(all, emulator.apiKey);
	});

	it("gives a user key's site-admin-required document on the Error output", async () => {
		const run = await runFilesCom(
			emulator,
			{ resource: 'user', operation: 'list', returnAll: true, options: {} },
			{ apiKey: emulator.userApiKey, onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.details).toMatchObject({
			'http-code': 403,
			type: 'not-authorized/site-admin-required',
		});
		expectNoSecret(run, emulator.userApiKey);
	});
});
