/**
 * The Files.com emulator's behaviour, over real HTTP: authentication and keys, user-key scoping, path
 * rules, paging, folders, uploads, downloads, copy/move/delete, errors, faults and the request log.
 * Every answer to a documented operation is also checked against the official Swagger document
 * (test/contracts/filescom/swagger_doc.json) by `call()`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import { checkResponse } from '../harness/contract';
import type { FilesComEmulator } from './filescom';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFilesComEmulator } = require('./filescom') as typeof import('./filescom');

let emu: FilesComEmulator;
const API = '/api/rest/v1';

interface Reply {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

interface CallOptions {
	body?: unknown;
	form?: string;
	key?: string | null;
	headers?: Record<string, string>;
	/** Skip the Swagger check (fault answers, documented deviations checked separately). */
	noContract?: boolean;
}

const contractFailures: string[] = [];

/** One API call; the answer is checked against the Swagger document unless told otherwise. */
async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	const key = options.key === undefined ? emu.apiKey : options.key;
	if (key !== null) headers['X-FilesAPI-Key'] = key;
	let body: string | undefined;
	if (options.form !== undefined) {
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		body = options.form;
	} else if (options.body !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(options.body);
	}
	const url = `${emu.baseUrl}${API}${path}`;
	const res = await fetch(url, { method, headers, body, redirect: 'manual' });
	const text = await res.text();
	let parsed: unknown;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	if (!options.noContract) {
		const result = checkResponse(
			'filescom',
			{
				method,
				url,
				headers,
				body:
					options.body ??
					(options.form !== undefined
						? Object.fromEntries(new URLSearchParams(options.form))
						: undefined),
			},
			{
				status: res.status,
				headers: Object.fromEntries(res.headers),
				body: text === '' ? undefined : (parsed ?? text),
			},
		);
		if (!result.ok)
			contractFailures.push(`${method} ${path} -> ${res.status}: ${result.errors.join('; ')}`);
	}
	return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Per-segment encoding, as the Go SDK does. */
function seg(p: string): string {
	return p.split('/').map(encodeURIComponent).join('/');
}

async function upload(
	path: string,
	content: Buffer,
	options: { partSize?: number; key?: string; parts?: Buffer[] } = {},
) {
	const parts = options.parts ?? [content];
	const begin = await call('POST', `/file_actions/begin_upload/${seg(path)}`, {
		body: { mkdir_parents: true, parts: parts.length, size: content.length },
		key: options.key,
	});
	expect(begin.status).toBe(200);
	const etags = [];
	for (let i = 0; i < parts.length; i++) {
		const put = await fetch(begin.body[i].upload_uri, { method: 'PUT', body: parts[i] });
		expect(put.status).toBe(200);
		etags.push({ part: String(i + 1), etag: put.headers.get('etag') });
	}
	return await call('POST', `/files/${seg(path)}`, {
		body: { action: 'end', ref: begin.body[0].ref, etags },
		key: options.key,
		noContract: true,
	});
}

function expectError(reply: Reply, status: number, type: string) {
	expect(reply.status).toBe(status);
	expect(reply.body).toEqual(
		expect.objectContaining({
			'http-code': status,
			type,
			title: expect.any(String),
			error: expect.any(String),
			instance: expect.any(String),
		}),
	);
	expect(reply.headers.get('x-files-error-class')).toBe(type);
	expect(reply.headers.get('content-type')).toBe('application/json');
}

beforeAll(async () => {
	emu = await startFilesComEmulator({
		port: 0,
		migrationStepMs: 20,
		asyncCopyThresholdEntries: 50,
	});
});

afterAll(async () => {
	await emu?.stop();
});

afterEach(() => {
	emu.faults.clear();
});

describe('authentication and API keys', () => {
	it('shows the current key for a good key and never its value', async () => {
		const r = await call('GET', '/api_key');
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			id: 1,
			name: 'Emulator site-wide key',
			user_id: null,
			permission_set: 'full',
		});
		expect(r.body.descriptive_label).toMatch(
			/^Site-wide API key for http:\/\/127\.0\.0\.1:\d+\/ \(key ID #1\)$/,
		);
		expect(r.body).not.toHaveProperty('key');
		expect(r.text).not.toContain(emu.apiKey);
	});

	it('answers an invalid or missing key with the Invalid Credentials document', async () => {
		for (const key of ['not-a-valid-key', null]) {
			const r = await call('GET', '/folders/', { key });
			expectError(r, 401, 'not-authenticated/invalid-credentials');
			expect(r.body).toEqual({
				error: 'The API key or Session token provided could not be used to validate this request.',
				'http-code': 401,
				instance: r.body.instance,
				title: 'Invalid Credentials',
				type: 'not-authenticated/invalid-credentials',
			});
			expect(r.headers.get('x-request-id')).toBe(r.body.instance);
		}
	});

	it('creates keys (value only on creation), lists, updates and deletes them', async () => {
		const created = await call('POST', '/api_keys', {
			body: { name: 'n8n workflow', description: 'for tests', expires_at: '2099-01-01T00:00:00Z' },
		});
		expect(created.status).toBe(201);
		expect(created.body.key).toMatch(/^[0-9a-f]{64}$/);
		expect(created.body).toMatchObject({
			name: 'n8n workflow',
			description: 'for tests',
			expires_at: '2099-01-01T00:00:00Z',
			permission_set: 'full',
		});
		const id = created.body.id;
		const shown = await call('GET', `/api_keys/${id}`);
		expect(shown.status).toBe(200);
		expect(shown.body).not.toHaveProperty('key');
		const listed = await call('GET', '/api_keys');
		expect(listed.body.map((k: { id: number }) => k.id)).toContain(id);
		expect(listed.text).not.toContain(created.body.key);
		const patched = await call('PATCH', `/api_keys/${id}`, {
			body: { name: 'renamed', description: 'changed' },
		});
		expect(patched.body).toMatchObject({ id, name: 'renamed', description: 'changed' });
		const viaNewKey = await call('GET', '/api_key', { key: created.body.key });
		expect(viaNewKey.body).toMatchObject({ id, name: 'renamed' });
		expect((await call('DELETE', `/api_keys/${id}`)).status).toBe(204);
		expectError(
			await call('GET', '/api_key', { key: created.body.key }),
			401,
			'not-authenticated/invalid-credentials',
		);
		expectError(await call('GET', `/api_keys/${id}`), 404, 'not-found');
	});

	it('requires a name for a new key (model-save-error with model_errors)', async () => {
		const r = await call('POST', '/api_keys', { body: { description: 'no name' } });
		expectError(r, 422, 'processing-failure/model-save-error');
		expect(r.body.model_errors).toEqual({ name: ["Name can't be blank"] });
	});

	it('disables a key with permission_set none (403 api-key-is-disabled) and re-enables it', async () => {
		const k = emu.createApiKey({ name: 'to disable' });
		expect(
			(await call('PATCH', `/api_keys/${k.id}`, { body: { permission_set: 'none' } })).body
				.permission_set,
		).toBe('none');
		expectError(
			await call('GET', '/folders/', { key: k.key }),
			403,
			'not-authorized/api-key-is-disabled',
		);
		await call('PATCH', `/api_keys/${k.id}`, { body: { permission_set: 'full' } });
		expect((await call('GET', '/folders/', { key: k.key })).status).toBe(200);
	});

	it('stops accepting a key once its expires_at has passed', async () => {
		const expiresAt = new Date(Date.now() + 60_000).toISOString();
		const created = await call('POST', '/api_keys', {
			body: { name: 'short-lived', expires_at: expiresAt },
		});
		expect((await call('GET', '/api_key', { key: created.body.key })).status).toBe(200);
		emu.advanceTime(61_000);
		try {
			expectError(
				await call('GET', '/api_key', { key: created.body.key }),
				401,
				'not-authenticated/invalid-credentials',
			);
		} finally {
			emu.advanceTime(-61_000);
		}
	});

	it('PATCH and DELETE /api_key act on the key making the request', async () => {
		const k = emu.createApiKey({ name: 'self' });
		const r = await call('PATCH', '/api_key', { key: k.key, body: { name: 'self renamed' } });
		expect(r.body).toMatchObject({ id: k.id, name: 'self renamed' });
		expect((await call('DELETE', '/api_key', { key: k.key })).status).toBe(204);
		expectError(
			await call('GET', '/api_key', { key: k.key }),
			401,
			'not-authenticated/invalid-credentials',
		);
	});

	it('lets a user key manage only its own keys', async () => {
		const own = await call('POST', '/api_keys', {
			key: emu.userApiKey,
			body: { name: 'alice second key' },
		});
		expect(own.status).toBe(201);
		expect(own.body.user_id).toBe(emu.userId);
		const listed = await call('GET', '/api_keys', { key: emu.userApiKey });
		expect(listed.body.every((k: { user_id: number }) => k.user_id === emu.userId)).toBe(true);
		expectError(await call('GET', '/api_keys/1', { key: emu.userApiKey }), 404, 'not-found');
		expectError(
			await call('POST', '/api_keys', { key: emu.userApiKey, body: { name: 'x', user_id: 3 } }),
			403,
			'not-authorized/site-admin-required',
		);
		expect((await call('DELETE', `/api_keys/${own.body.id}`, { key: emu.userApiKey })).status).toBe(
			204,
		);
	});
});

describe('users', () => {
	it('lists users (admins first) and shows one; a user key sees only itself', async () => {
		const list = await call('GET', '/users');
		expect(list.status).toBe(200);
		expect(list.body.map((u: { username: string }) => u.username)).toEqual([
			'admin',
			'alice',
			'bob',
		]);
		const alice = await call('GET', `/users/${emu.userId}`, { key: emu.userApiKey });
		expect(alice.body).toMatchObject({ id: emu.userId, username: 'alice', site_admin: false });
		expectError(
			await call('GET', '/users', { key: emu.userApiKey }),
			403,
			'not-authorized/site-admin-required',
		);
		expectError(await call('GET', '/users/999'), 404, 'not-found');
		const page = await call('GET', '/users?per_page=2');
		expect(page.body).toHaveLength(2);
		const rest = await call(
			'GET',
			`/users?per_page=2&cursor=${encodeURIComponent(page.headers.get('x-files-cursor') ?? '')}`,
		);
		expect(rest.body.map((u: { username: string }) => u.username)).toEqual(['bob']);
		expect(
			(await call('GET', '/users?search=ali')).body.map((u: { username: string }) => u.username),
		).toEqual(['alice']);
	});
});

describe('user key scoping', () => {
	it('reaches its own folder, sees only the way to it, and gets 404 elsewhere', async () => {
		const root = await call('GET', '/folders/', { key: emu.userApiKey });
		expect(root.body.map((e: { path: string }) => e.path)).toEqual(['users']);
		const users = await call('GET', '/folders/users', { key: emu.userApiKey });
		expect(users.body.map((e: { path: string }) => e.path)).toEqual(['users/alice']);
		const own = await call('GET', '/folders/users/alice', { key: emu.userApiKey });
		expect(own.body.map((e: { path: string }) => e.path)).toEqual([
			'users/alice/inbox',
			'users/alice/welcome.txt',
		]);
		for (const path of [
			'/folders/users/bob',
			'/files/users/bob/private.txt',
			'/file_actions/metadata/Documents/notes.txt',
		]) {
			const r = await call('GET', path, { key: emu.userApiKey });
			expectError(r, 404, 'not-found');
			expect(r.body.error).toBe('Not Found.  This may be related to your permissions.');
		}
		expectError(
			await call('DELETE', '/files/users/bob/private.txt', { key: emu.userApiKey }),
			404,
			'not-found',
		);
		expect(
			(await upload('users/alice/inbox/new.txt', Buffer.from('mine'), { key: emu.userApiKey }))
				.status,
		).toBe(201);
	});
});

describe('paths', () => {
	it('matches the SDKs normalization-for-comparison vectors', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const paths = require('./filescom/paths') as { comparisonKey: (p: string) => string };
		const vectors = JSON.parse(
			readFileSync(
				join(
					__dirname,
					'..',
					'..',
					'node_modules',
					'files.com',
					'shared',
					'normalization_for_comparison_test_data.json',
				),
				'utf8',
			),
		) as [string, string][];
		expect(vectors.length).toBeGreaterThan(40);
		for (const [input, expected] of vectors)
			expect([input, paths.comparisonKey(input)]).toEqual([input, expected]);
	});

	it('finds paths case- and accent-insensitively, preserving the stored case', async () => {
		for (const path of [
			'documents/RESUME CAFE.TXT',
			'DOCUMENTS/résumé café.txt',
			'Documents/Résumé Café.txt',
		]) {
			const r = await call('GET', `/file_actions/metadata/${seg(path)}`);
			expect(r.status).toBe(200);
			expect(r.body.path).toBe('Documents/Résumé café.txt');
		}
	});

	it('accepts whole-path and per-segment encoding, and names with #, % and ?', async () => {
		const name = 'Documents/100% done #1?.txt';
		const whole = await call('GET', `/file_actions/metadata/${encodeURIComponent(name)}`);
		const perSegment = await call('GET', `/file_actions/metadata/${seg(name)}`);
		expect(whole.body.path).toBe(name);
		expect(perSegment.body.path).toBe(name);
		expect(
			(await call('GET', `/folders/${encodeURIComponent('/')}`)).body.map(
				(e: { path: string }) => e.path,
			),
		).toContain('Documents');
	});

	it('normalizes slashes, backslashes and dot segments', async () => {
		const r = await call(
			'GET',
			`/file_actions/metadata/${encodeURIComponent('/Documents\\./Archive//old.csv/')}`,
		);
		expect(r.body.path).toBe('Documents/Archive/old.csv');
	});

	it('rejects a folder name with trailing whitespace', async () => {
		expectError(
			await call('POST', `/folders/${encodeURIComponent('bad name ')}`),
			400,
			'bad-request/path-cannot-have-trailing-whitespace',
		);
	});
});

describe('folders', () => {
	it('creates folders (201), refuses duplicates (422) and missing parents without mkdir_parents (409)', async () => {
		const created = await call('POST', '/folders/new%20folder');
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			path: 'new folder',
			type: 'directory',
			size: null,
			'subfolders_locked?': false,
		});
		expectError(
			await call('POST', '/folders/NEW%20FOLDER'),
			422,
			'processing-failure/destination-exists',
		);
		expect((await call('POST', '/folders/new%20folder/a/b')).status).toBe(409);
		const deep = await call('POST', '/folders/new%20folder/a/b', { body: { mkdir_parents: true } });
		expect(deep.status).toBe(201);
		expect(deep.body.path).toBe('new folder/a/b');
	});

	it('pages with X-Files-Cursor and X-Files-Cursor-Prev (as recorded; no X-Files-Cursor-Next), folders first', async () => {
		emu.seedFolder('paging', 7);
		emu.makeFolder('paging/sub');
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const r: Reply = await call(
				'GET',
				`/folders/paging?per_page=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			seen.push(...r.body.map((e: { path: string }) => e.path));
			cursor = r.headers.get('x-files-cursor');
			expect(r.headers.get('x-files-cursor-next')).toBeNull();
			if (pages > 0) expect(r.headers.get('x-files-cursor-prev')).toMatch(/^c2:prev:/);
			pages += 1;
		} while (cursor && pages < 10);
		expect(pages).toBe(3);
		expect(seen).toHaveLength(8);
		expect(seen[0]).toBe('paging/sub');
		expect(new Set(seen).size).toBe(8);
	});

	it.each([
		['documented', [null, 'next'], [null, null]],
		['both', ['next', 'next'], [null, null]],
	] as const)(
		'with cursorHeaders = %s sends the next cursor in the headers of that behaviour',
		async (cursorHeaders, page1, last) => {
			const styled = await startFilesComEmulator({ port: 0, cursorHeaders });
			try {
				styled.seedFolder('styled', 3);
				const get = (q: string) =>
					fetch(`${styled.baseUrl}/api/rest/v1/folders/styled?per_page=2${q}`, {
						headers: { 'X-FilesAPI-Key': styled.apiKey },
					});
				const first = await get('');
				const pick = (r: Response) => [
					r.headers.get('x-files-cursor'),
					r.headers.get('x-files-cursor-next'),
				];
				const next = first.headers.get('x-files-cursor-next') as string;
				expect(pick(first).map((v) => (v === null ? null : v === next ? 'next' : v))).toEqual(
					page1,
				);
				const second = await get(`&cursor=${encodeURIComponent(next)}`);
				expect(((await second.json()) as unknown[]).length).toBe(1);
				expect(pick(second)).toEqual(last);
				expect(second.headers.get('x-files-cursor-prev')).toMatch(/^c2:prev:/);
			} finally {
				await styled.stop();
			}
		},
	);

	it('sorts, searches and filters by type', async () => {
		const desc = await call('GET', '/folders/Documents?sort_by[path]=desc');
		expect(desc.body.map((e: { display_name: string }) => e.display_name)).toEqual([
			'Archive',
			'Résumé café.txt',
			'report 2024.csv',
			'notes.txt',
			'100% done #1?.txt',
		]);
		const bySize = await call('GET', '/folders/Documents?sort_by[size]=asc&type=file');
		const sizes = bySize.body.map((e: { size: number }) => e.size);
		expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
		expect(
			(await call('GET', '/folders/Documents?search=Documents/NOTES')).body.map(
				(e: { path: string }) => e.path,
			),
		).toEqual(['Documents/notes.txt']);
		expect(
			(await call('GET', '/folders/Documents?type=folder')).body.map(
				(e: { path: string }) => e.path,
			),
		).toEqual(['Documents/Archive']);
		expectError(
			await call('GET', '/folders/Documents?sort_by[name]=asc'),
			400,
			'bad-request/invalid-sort-field',
		);
		expectError(
			await call('GET', '/folders/Documents?cursor=garbage'),
			400,
			'bad-request/invalid-cursor',
		);
		expectError(await call('GET', '/folders/nowhere'), 404, 'not-found');
	});

	it('lists a 100,000-entry folder in pages of up to 10,000', async () => {
		emu.seedFolder('big', 100_000);
		let cursor: string | null = null;
		let total = 0;
		let pages = 0;
		let last = '';
		do {
			const res = await fetch(
				`${emu.baseUrl}${API}/folders/big?per_page=20000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
				{
					headers: { 'X-FilesAPI-Key': emu.apiKey },
				},
			);
			const body = (await res.json()) as { path: string }[];
			expect(body.length).toBeLessThanOrEqual(10_000);
			expect(body[0].path > last).toBe(true);
			last = body[body.length - 1].path;
			total += body.length;
			pages += 1;
			cursor = res.headers.get('x-files-cursor');
		} while (cursor && pages < 20);
		expect(total).toBe(100_000);
		expect(pages).toBe(10);
	});
});

describe('uploads', () => {
	it('uploads in several parts (begin_upload parts/part/ref), answers ETags, and completes with end', async () => {
		const e2 = await startFilesComEmulator({ port: 0, partSize: 64 * 1024 });
		try {
			const content = Buffer.alloc(150 * 1024);
			for (let i = 0; i < content.length; i++) content[i] = (i * 7) % 251;
			const key = { 'X-FilesAPI-Key': e2.apiKey, 'Content-Type': 'application/json' };
			const begin = await fetch(`${e2.baseUrl}${API}/file_actions/begin_upload/up/multi.bin`, {
				method: 'POST',
				headers: key,
				body: JSON.stringify({ mkdir_parents: true }),
			}).then((r) => r.json() as Promise<Json>);
			expect(begin).toHaveLength(1);
			expect(begin[0]).toMatchObject({
				part_number: 1,
				partsize: 64 * 1024,
				http_method: 'PUT',
				parallel_parts: true,
				available_parts: 10000,
			});
			expect(begin[0].ref).toMatch(/^put-\d+$/);
			const more = await fetch(`${e2.baseUrl}${API}/file_actions/begin_upload/up/multi.bin`, {
				method: 'POST',
				headers: key,
				body: JSON.stringify({ ref: begin[0].ref, part: 2, parts: 2 }),
			}).then((r) => r.json() as Promise<Json>);
			expect(more.map((p: { part_number: number }) => p.part_number)).toEqual([2, 3]);
			const uris = [begin[0].upload_uri, more[0].upload_uri, more[1].upload_uri];
			const etags = [];
			for (let i = 0; i < 3; i++) {
				const chunk = content.subarray(i * 64 * 1024, (i + 1) * 64 * 1024);
				const put = await fetch(uris[i], { method: 'PUT', body: chunk });
				expect(put.status).toBe(200);
				expect(put.headers.get('etag')).toBe(`"${createHash('md5').update(chunk).digest('hex')}"`);
				etags.push({ part: i + 1, etag: put.headers.get('etag')!.replace(/"/g, '') });
			}
			const end = await fetch(`${e2.baseUrl}${API}/files/up/multi.bin`, {
				method: 'POST',
				headers: key,
				body: JSON.stringify({ action: 'end', ref: begin[0].ref, etags }),
			});
			expect(end.status).toBe(201);
			const file = await end.json();
			expect(file).toMatchObject({
				path: 'up/multi.bin',
				type: 'file',
				size: content.length,
				md5: null,
			});
			const meta = await fetch(`${e2.baseUrl}${API}/file_actions/metadata/up/multi.bin`, {
				headers: key,
			}).then((r) => r.json() as Promise<Json>);
			expect(meta.md5).toBe(createHash('md5').update(content).digest('hex'));
			expect(meta.sha256).toBe(createHash('sha256').update(content).digest('hex'));
			const uploadLog = e2.requests.filter((r: { path: string }) =>
				r.path.startsWith('/__files/upload/'),
			);
			expect(uploadLog).toHaveLength(3);
			expect(uploadLog.every((r: { apiKeyPresent: boolean }) => !r.apiKeyPresent)).toBe(true);
		} finally {
			await e2.stop();
		}
	});

	it('answers 201 for a new file and 200 when the upload replaced one (as recorded)', async () => {
		const first = await upload('up/replace.txt', Buffer.from('one'));
		expect(first.status).toBe(201);
		const second = await upload('UP/Replace.txt', Buffer.from('two!'));
		expect(second.status).toBe(200);
		expect(second.body).toMatchObject({ path: 'up/replace.txt', size: 4 });
		// The Swagger lists only 201 for POST /files/{path}; the replacement answer is otherwise a valid FileEntity.
		const asDocumented = checkResponse(
			'filescom',
			{ method: 'POST', url: `${API}/files/up/replace.txt`, body: { action: 'end', ref: 'put-1' } },
			{ status: 201, headers: { 'content-type': 'application/json' }, body: second.body },
		);
		expect(asDocumented.errors).toEqual([]);
	});

	it('supports the older action=put flow of the JS SDK', async () => {
		const first = await call('POST', '/files/legacy/put.txt', {
			body: { action: 'put', mkdir_parents: true },
		});
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ path: 'legacy/put.txt', part_number: 1 });
		const part = await call('POST', '/files/legacy/put.txt', {
			body: { action: 'put', part: 1, ref: first.body.ref },
		});
		expect(part.body.ref).toBe(first.body.ref);
		expect((await fetch(part.body.upload_uri, { method: 'PUT', body: 'legacy body' })).status).toBe(
			200,
		);
		const end = await call('POST', '/files/legacy/put.txt', {
			body: { action: 'end', ref: first.body.ref },
		});
		expect(end.status).toBe(201);
		expect(end.body.size).toBe(11);
	});

	it('accepts form-encoded end with bracketed etags', async () => {
		const begin = await call('POST', '/file_actions/begin_upload/up/form.txt', {
			form: 'mkdir_parents=true',
		});
		const put = await fetch(begin.body[0].upload_uri, { method: 'PUT', body: 'form' });
		const etag = put.headers.get('etag')!;
		const end = await call('POST', '/files/up/form.txt', {
			form: `action=end&ref=${begin.body[0].ref}&etags[][part]=1&etags[][etag]=${encodeURIComponent(etag)}`,
		});
		expect(end.status).toBe(201);
	});

	it('rejects wrong etags, part gaps, chunked part bodies and expired part URLs like the real service', async () => {
		const begin = await call('POST', '/file_actions/begin_upload/up/bad.bin', {
			body: { mkdir_parents: true, parts: 2 },
		});
		await fetch(begin.body[0].upload_uri, { method: 'PUT', body: 'aaa' });
		expectError(
			await call('POST', '/files/up/bad.bin', {
				body: { action: 'end', ref: begin.body[0].ref, etags: [{ part: 1, etag: 'deadbeef' }] },
			}),
			400,
			'bad-request/invalid-etags',
		);
		const gap = await call('POST', '/file_actions/begin_upload/up/gap.bin', {
			body: { mkdir_parents: true, parts: 2 },
		});
		await fetch(gap.body[1].upload_uri, { method: 'PUT', body: 'second only' });
		expectError(
			await call('POST', '/files/up/gap.bin', { body: { action: 'end', ref: gap.body[0].ref } }),
			400,
			'bad-request/invalid-upload-part-gap',
		);
		// S3 wants a Content-Length: a chunked body gets 411 MissingContentLength.
		const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = httpRequest(
				gap.body[0].upload_uri,
				{ method: 'PUT', headers: { 'Transfer-Encoding': 'chunked' } },
				(res) => {
					let text = '';
					res.on('data', (c) => (text += c));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				},
			);
			req.on('error', reject);
			req.write('abc');
			req.end();
		});
		expect(chunked.status).toBe(411);
		expect(chunked.text).toContain('<Code>MissingContentLength</Code>');
		const late = await call('POST', '/file_actions/begin_upload/up/late.bin', {
			body: { mkdir_parents: true },
		});
		emu.advanceTime(16 * 60 * 1000);
		try {
			const expired = await fetch(late.body[0].upload_uri, { method: 'PUT', body: 'x' });
			expect(expired.status).toBe(403);
			expect(await expired.text()).toContain('Request has expired');
		} finally {
			emu.advanceTime(-16 * 60 * 1000);
		}
		expectError(
			await call('POST', '/files/up/none.bin', { body: { action: 'end', ref: 'put-1' } }),
			404,
			'not-found/file-upload-not-found',
		);
		expectError(
			await call('POST', '/files/up/x.bin', { body: { action: 'end', ref: begin.body[0].ref } }),
			400,
			'bad-request/request-params-invalid',
		);
	});

	it('rejects Go zero time in provided_mtime with bad-request/datetime-parse (HTTP 400, as recorded)', async () => {
		const begin = await call('POST', '/file_actions/begin_upload/up/mtime.txt', {
			body: { mkdir_parents: true },
		});
		await fetch(begin.body[0].upload_uri, { method: 'PUT', body: 'm' });
		const r = await call('POST', '/files/up/mtime.txt', {
			body: { action: 'end', ref: begin.body[0].ref, provided_mtime: '0001-01-01T00:00:00Z' },
		});
		expectError(r, 400, 'bad-request/datetime-parse');
		expect(r.body.error).toBe('provided_mtime must contain valid date and time');
	});
});

describe('downloads', () => {
	it('answers a download_uri that works without auth, expires, and honours Range', async () => {
		const r = await call('GET', `/files/${seg('Documents/report 2024.csv')}`);
		expect(r.status).toBe(200);
		const uri: string = r.body.download_uri;
		expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\/download\//);
		const file = await fetch(uri);
		expect(file.status).toBe(200);
		expect(await file.text()).toBe('quarter,revenue\nQ1,100\nQ2,120\nQ3,90\nQ4,150\n');
		// As recorded for a name with a space (TestClient_DownloadFolder_file_only.yaml): the RFC 5987 form alone.
		expect(file.headers.get('content-disposition')).toBe(
			"attachment; filename*=UTF-8''report%202024.csv",
		);
		expect(file.headers.get('x-amz-server-side-encryption')).toBe('AES256');
		expect(file.headers.get('etag')).toBe(`"${r.body.md5}"`);
		const partial = await fetch(uri, { headers: { Range: 'bytes=8-14' } });
		expect(partial.status).toBe(206);
		expect(await partial.text()).toBe('revenue');
		expect(partial.headers.get('content-range')).toBe(`bytes 8-14/${r.body.size}`);
		const log = emu.requests.filter((x: { url: string }) => uri.endsWith(x.url));
		expect(log.every((x: { apiKeyPresent: boolean }) => !x.apiKeyPresent)).toBe(true);
		emu.advanceTime(61_000);
		try {
			const expired = await fetch(uri);
			expect(expired.status).toBe(403);
			expect(await expired.text()).toContain('Request has expired');
		} finally {
			emu.advanceTime(-61_000);
		}
	});

	it('handles action=stat and action=redirect, and refuses folders (400 cannot-download-directory, as recorded)', async () => {
		const stat = await call('GET', '/files/Documents/notes.txt?action=stat');
		expect(stat.body).not.toHaveProperty('download_uri');
		const redirect = await call('GET', '/files/Documents/notes.txt?action=redirect', {
			noContract: true,
		});
		expect(redirect.status).toBe(302);
		expect(await (await fetch(redirect.headers.get('location')!)).text()).toBe(
			'Hello from the Files.com emulator.\n',
		);
		const folder = await call('GET', '/files/Documents');
		expectError(folder, 400, 'bad-request/cannot-download-directory');
		expect(folder.body.error).toBe('cannot download folder');
	});
});

describe('copy, move, delete', () => {
	it('copies and moves single files synchronously (201 completed)', async () => {
		const copy = await call('POST', '/file_actions/copy/Documents/notes.txt', {
			body: { destination: 'Shared/notes copy.txt' },
		});
		expect(copy.status).toBe(201);
		expect(copy.body).toEqual({ status: 'completed' });
		const move = await call('POST', `/file_actions/move/${seg('Shared/notes copy.txt')}`, {
			body: { destination: 'Shared/moved.txt' },
		});
		expect(move.body).toEqual({ status: 'completed' });
		expect((await call('GET', '/file_actions/metadata/Shared/moved.txt')).body.size).toBe(35);
		expectError(
			await call('GET', `/file_actions/metadata/${seg('Shared/notes copy.txt')}`),
			404,
			'not-found',
		);
	});

	it('reports the real errors: destination exists (422), parent missing (409), same path, missing source', async () => {
		expectError(
			await call('POST', '/file_actions/copy/Documents/notes.txt', {
				body: { destination: 'Documents/Archive/old.csv' },
			}),
			422,
			'processing-failure/destination-exists',
		);
		const parent = await call('POST', '/file_actions/move/Documents/notes.txt', {
			body: { destination: 'nowhere/deeper/notes.txt' },
		});
		expectError(parent, 409, 'processing-failure/destination-parent-does-not-exist');
		expect(parent.body.error).toBe('The destination parent does not exist.');
		expectError(
			await call('POST', '/file_actions/copy/Documents/notes.txt', {
				body: { destination: 'documents/NOTES.txt' },
			}),
			400,
			'bad-request/destination-same',
		);
		expectError(
			await call('POST', '/file_actions/copy/missing.txt', { body: { destination: 'x.txt' } }),
			404,
			'not-found',
		);
		const overwrite = await call('POST', '/file_actions/copy/Documents/notes.txt', {
			body: { destination: 'Documents/Archive/old.csv', overwrite: true },
		});
		expect(overwrite.body).toEqual({ status: 'completed' });
	});

	it('runs large copies asynchronously through /file_migrations/{id}', async () => {
		emu.seedFolder('many', 60);
		const copy = await call('POST', '/file_actions/copy/many', {
			body: { destination: 'many-copy' },
		});
		expect(copy.status).toBe(201);
		expect(copy.body).toEqual({ status: 'pending', file_migration_id: expect.any(Number) });
		let migration: Reply;
		// Bounded, not timed: the loop ends as soon as the migration has completed.
		const deadline = Date.now() + 30_000;
		do {
			await new Promise((r) => setTimeout(r, 20));
			migration = await call('GET', `/file_migrations/${copy.body.file_migration_id}`);
		} while (migration.body.status !== 'completed' && Date.now() < deadline);
		expect(migration.body).toMatchObject({
			operation: 'copy',
			path: 'many',
			dest_path: 'many-copy',
			status: 'completed',
			files_total: 61,
		});
		expect((await call('GET', '/folders/many-copy')).body).toHaveLength(60);
		expectError(await call('GET', '/file_migrations/99999'), 404, 'not-found');
	});

	it('deletes files, refuses non-empty folders (422) unless recursive, from the query or a JSON body', async () => {
		emu.writeFile('del/a/one.txt', '1');
		emu.writeFile('del/b/two.txt', '2');
		const refused = await call('DELETE', '/files/del/a');
		expectError(refused, 422, 'processing-failure/folder-not-empty');
		expect(refused.body.error).toBe('Folder del/a not empty');
		expect((await call('DELETE', '/files/del/a?recursive=true')).status).toBe(204);
		expect((await call('DELETE', '/files/del/b', { body: { recursive: true } })).status).toBe(204);
		expect((await call('DELETE', '/files/del')).status).toBe(204);
		expectError(await call('DELETE', '/files/del'), 404, 'not-found');
	});

	it('updates custom metadata and provided_mtime with PATCH', async () => {
		const r = await call('PATCH', '/files/Documents/notes.txt', {
			body: { custom_metadata: { project: 'n8n' }, provided_mtime: '2010-11-17T20:34:58Z' },
		});
		expect(r.body).toMatchObject({
			custom_metadata: { project: 'n8n' },
			provided_mtime: '2010-11-17T20:34:58Z',
		});
	});
});

describe('faults and control endpoints', () => {
	it('injects 429 with Retry-After, edge HTML for 5xx, and a delay', async () => {
		emu.faults.add({ pathPattern: '/folders', kind: 'status', status: 429, retryAfter: 7 });
		const limited = await call('GET', '/folders/Documents');
		expectError(limited, 429, 'rate-limited/too-many-requests');
		expect(limited.headers.get('retry-after')).toBe('7');
		emu.faults.add({ pathPattern: /metadata/, kind: 'status', status: 502 });
		const edge = await call('GET', '/file_actions/metadata/Documents', { noContract: true });
		expect(edge.status).toBe(502);
		expect(edge.headers.get('content-type')).toBe('text/html');
		expect(edge.text).toContain('<title>502 Bad Gateway</title>');
		emu.faults.add({ method: 'GET', pathPattern: '/api_key', kind: 'delay', ms: 150 });
		const started = Date.now();
		expect((await call('GET', '/api_key')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect((await call('GET', '/folders/Documents')).status).toBe(200);
	});

	it('resets the connection in the middle of a download body', async () => {
		const big = Buffer.alloc(256 * 1024, 1);
		emu.writeFile('faults/big.bin', big);
		const r = await call('GET', '/files/faults/big.bin');
		emu.faults.add({ pathPattern: '/__files/download/', kind: 'reset', afterBytes: 1000 });
		await expect(fetch(r.body.download_uri).then((x) => x.arrayBuffer())).rejects.toThrow();
		const again = await fetch(r.body.download_uri);
		expect(Buffer.from(await again.arrayBuffer()).equals(big)).toBe(true);
	});

	it('resets the connection in the middle of a JSON answer and of a part upload', async () => {
		emu.faults.add({
			method: 'GET',
			pathPattern: '/folders/Documents',
			kind: 'reset',
			afterBytes: 20,
		});
		await expect(
			fetch(`${emu.baseUrl}${API}/folders/Documents`, {
				headers: { 'X-FilesAPI-Key': emu.apiKey },
			}).then((x) => x.text()),
		).rejects.toThrow();
		const begin = await call('POST', '/file_actions/begin_upload/faults/reset.bin', {
			body: { mkdir_parents: true },
		});
		emu.faults.add({
			method: 'PUT',
			pathPattern: '/__files/upload/',
			kind: 'reset',
			afterBytes: 1000,
		});
		await expect(
			fetch(begin.body[0].upload_uri, { method: 'PUT', body: Buffer.alloc(512 * 1024, 2) }),
		).rejects.toThrow();
		// The cut part was not stored; retrying the same part URL succeeds and completes the file.
		const retry = await fetch(begin.body[0].upload_uri, {
			method: 'PUT',
			body: Buffer.alloc(512 * 1024, 2),
		});
		expect(retry.status).toBe(200);
		const end = await call('POST', '/files/faults/reset.bin', {
			body: { action: 'end', ref: begin.body[0].ref },
		});
		expect(end.body.size).toBe(512 * 1024);
	});

	it('fails one part upload and expires download URIs on demand', async () => {
		emu.faults.add({ kind: 'failPart', partNumber: 2 });
		const begin = await call('POST', '/file_actions/begin_upload/faults/parts.bin', {
			body: { mkdir_parents: true, parts: 2 },
		});
		expect((await fetch(begin.body[0].upload_uri, { method: 'PUT', body: 'one' })).status).toBe(
			200,
		);
		const failed = await fetch(begin.body[1].upload_uri, { method: 'PUT', body: 'two' });
		expect(failed.status).toBe(500);
		expect(await failed.text()).toContain('<Code>InternalError</Code>');
		expect((await fetch(begin.body[1].upload_uri, { method: 'PUT', body: 'two' })).status).toBe(
			200,
		);
		const dl = await call('GET', '/files/Documents/notes.txt');
		emu.faults.add({ kind: 'expireDownloads' });
		expect((await fetch(dl.body.download_uri)).status).toBe(403);
		expect((await fetch(dl.body.download_uri)).status).toBe(200);
	});

	it('sets faults, reads the request log and resets through /__emulator', async () => {
		const added = await fetch(`${emu.baseUrl}/__emulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ pathRegex: 'folders/Shared', kind: 'status', status: 503, times: 2 }),
		});
		expect(added.status).toBe(201);
		expect((await call('GET', '/folders/Shared', { noContract: true })).status).toBe(503);
		const listed = await fetch(`${emu.baseUrl}/__emulator/faults`).then(
			(r) => r.json() as Promise<Json>,
		);
		expect(listed).toEqual([expect.objectContaining({ kind: 'status', status: 503, times: 1 })]);
		expect((await fetch(`${emu.baseUrl}/__emulator/faults`, { method: 'DELETE' })).status).toBe(
			204,
		);
		expect((await call('GET', '/folders/Shared')).status).toBe(200);
		const log = await fetch(`${emu.baseUrl}/__emulator/requests`).then(
			(r) => r.json() as Promise<Json>,
		);
		const last = log[log.length - 1];
		expect(last).toMatchObject({
			method: 'GET',
			path: '/api/rest/v1/folders/Shared',
			status: 200,
			apiKeyPresent: true,
		});
		expect(last.headers['x-filesapi-key']).toBe('[redacted]');
		expect(JSON.stringify(log)).not.toContain(emu.apiKey);
		expect(
			log.some((r: { status: number; fault?: string }) => r.status === 503 && r.fault === 'status'),
		).toBe(true);
	});

	it('answers a custom catalogue error (e.g. region mismatch with data.host)', async () => {
		emu.faults.add({
			kind: 'status',
			status: 403,
			type: 'not-authenticated/lockout-region-mismatch',
			data: { host: 'eu.files.com' },
		});
		const r = await call('GET', '/api_key');
		expectError(r, 403, 'not-authenticated/lockout-region-mismatch');
		expect(r.body.data).toEqual({ host: 'eu.files.com' });
	});
});

describe('contract', () => {
	it('every answer to a documented operation above validated against swagger_doc.json', () => {
		expect(contractFailures).toEqual([]);
	});
});
