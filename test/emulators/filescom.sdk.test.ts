/**
 * The official Files.com JavaScript SDK (npm `files.com`) against the emulator: listing across pages,
 * a 12 MiB multi-part upload, a byte-identical download, copy, move, delete, API key management, and the
 * SDK's own exception class for an invalid key.
 *
 * The SDK downloads with `https.get`, so the emulator is started with `tls: true` (its upload/download
 * URLs are then HTTPS with a self-signed certificate that this test trusts through the global agent).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FilesComEmulator } from './filescom';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const { startFilesComEmulator } = require('./filescom') as typeof import('./filescom');
const Files = require('files.com/lib/Files.js').default;
const Folder = require('files.com/lib/models/Folder.js').default;
const File = require('files.com/lib/models/File.js').default;
const ApiKey = require('files.com/lib/models/ApiKey.js').default;
const SdkErrors = require('files.com/lib/Errors.js');
/* eslint-enable @typescript-eslint/no-require-imports */

let emu: FilesComEmulator;
let workDir: string;
let previousCa: unknown;

beforeAll(async () => {
	emu = await startFilesComEmulator({ port: 0, tls: true });
	previousCa = globalAgent.options.ca;
	globalAgent.options.ca = emu.tlsCa;
	Files.setBaseUrl(emu.baseUrl);
	Files.setApiKey(emu.apiKey);
	Files.configureNetwork({ maxNetworkRetries: 0, networkTimeout: 30 });
	workDir = mkdtempSync(join(tmpdir(), 'filescom-sdk-test-'));
});

afterAll(async () => {
	globalAgent.options.ca = previousCa as typeof globalAgent.options.ca;
	rmSync(workDir, { recursive: true, force: true });
	await emu?.stop();
});

function apiRequests(prefix: string) {
	return emu.requests.filter((r: { path: string }) => r.path.startsWith(prefix));
}

describe('official Files.com JS SDK against the emulator', () => {
	it('lists a folder across several pages (auto-pagination on X-Files-Cursor)', async () => {
		emu.seedFolder('sdk-paged', 25);
		const before = apiRequests('/api/rest/v1/folders/sdk-paged').length;
		const list = await Folder.listFor('sdk-paged', { per_page: 10 });
		expect(list).toHaveLength(25);
		expect(new Set(list.map((f: any) => f.path)).size).toBe(25);
		expect(list[0].path).toBe('sdk-paged/file-000001.txt');
		expect(apiRequests('/api/rest/v1/folders/sdk-paged').length - before).toBe(3);
	});

	it('uploads 12 MiB in several parts, downloads it byte-identical, copies, moves and deletes it', async () => {
		const source = join(workDir, 'source.bin');
		const content = randomBytes(12 * 1024 * 1024);
		writeFileSync(source, content);
		const uploadedParts = apiRequests('/__files/upload/').length;
		const uploaded = await File.uploadFile('sdk/12 MiB file.bin', source, { mkdir_parents: true });
		expect(uploaded.path).toBe('sdk/12 MiB file.bin');
		expect(uploaded.size).toBe(content.length);
		expect(apiRequests('/__files/upload/').length - uploadedParts).toBe(3);
		expect(
			apiRequests('/__files/upload/').every((r: { apiKeyPresent: boolean }) => !r.apiKeyPresent),
		).toBe(true);

		const found = await File.find('sdk/12 MiB file.bin');
		expect(found.size).toBe(content.length);
		const withUri = await found.download();
		expect(withUri.download_uri).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/__files\/download\//);
		const target = join(workDir, 'downloaded.bin');
		await withUri.downloadToFile(target);
		expect(readFileSync(target).equals(content)).toBe(true);

		const copied = await found.copy({ destination: 'sdk/copy.bin' });
		expect(copied.status).toBe('completed');
		const copy = await File.find('sdk/copy.bin');
		expect(copy.size).toBe(content.length);
		const moved = await copy.move({ destination: 'sdk/moved.bin' });
		expect(moved.status).toBe('completed');
		const movedFile = await File.find('sdk/moved.bin');
		await movedFile.delete();
		const remaining = await Folder.listFor('sdk');
		expect(remaining.map((f: any) => f.path)).toEqual(['sdk/12 MiB file.bin']);
		await expect(File.find('sdk/copy.bin')).rejects.toBeInstanceOf(SdkErrors.NotFoundError);
	});

	it('creates, lists, updates and deletes API keys', async () => {
		const created = await ApiKey.create({ name: 'sdk key', expires_at: '2099-12-31T00:00:00Z' });
		expect(created.key).toMatch(/^[0-9a-f]{64}$/);
		expect(created.name).toBe('sdk key');
		const listed = await ApiKey.list();
		const mine = listed.find((k: any) => k.id === created.id);
		expect(mine.name).toBe('sdk key');
		expect(mine.key).toBeUndefined();
		const updated = await created.update({ name: 'sdk key renamed' });
		expect(updated.name).toBe('sdk key renamed');
		const current = await ApiKey.findCurrent({ apiKey: created.key });
		expect(current.id).toBe(created.id);
		await created.delete();
		expect((await ApiKey.list()).some((k: any) => k.id === created.id)).toBe(false);
	});

	it('raises NotAuthenticated_InvalidCredentialsError for an invalid key', async () => {
		const error = await Folder.listFor('/', {}, { apiKey: 'not-a-valid-key' }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(SdkErrors.NotAuthenticated_InvalidCredentialsError);
		expect(error).toMatchObject({
			httpCode: 401,
			title: 'Invalid Credentials',
			type: 'not-authenticated/invalid-credentials',
			message: 'The API key or Session token provided could not be used to validate this request.',
		});
	});
});
