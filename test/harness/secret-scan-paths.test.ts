/**
 * The secret scan on every path a run takes, against real HTTP: pre-signed URLs a run used are found and
 * registered (Files.com upload/download URLs, Laserfiche part upload URLs and export links) and stay out of
 * the outputs; console output during a run, list-search answers and errors, and trigger polls are scanned.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import axios from 'axios';

import {
	runListSearch,
	runNode,
	runPoll,
	SecretScanner,
	sendJson,
	startTestServer,
	watchPresignedUrls,
} from './index';
import { presignedTokensOf } from './presigned-urls';
import { credentialsFor, folder, runFilesCom, startEmulator } from '../filescom/helpers';
import type { FilesComEmulator } from '../filescom/helpers';
import {
	CLOUD,
	byPath,
	runLaserfiche,
	startEmulator as startLaserfiche,
} from '../laserfiche/helpers';

const HEX40 = createHash('sha1').update('download token').digest('hex');
const HEX64 = createHash('sha256').update('upload signature').digest('hex');

describe('which requests are to pre-signed URLs (seen on the wire, real HTTP)', () => {
	it('registers credential-less GET/PUT to token URLs only, with their tokens', async () => {
		const server = await startTestServer((_request, response) => sendJson(response, 200, {}));
		const watch = watchPresignedUrls();
		try {
			await axios.get(
				`${server.baseUrl}/__files/download/${HEX40}?expires=2026-12-02T21%3A00%3A00Z&filename=a.txt`,
			);
			await axios.put(
				`${server.baseUrl}/storage/uploads/AbCdEf0123456789xyzQWERT/1?expires=1764709200000&signature=${HEX64}`,
				'part',
			);
			await axios.get(`${server.baseUrl}/api/rest/v1/files/${HEX40}`, {
				headers: { 'X-FilesAPI-Key': 'key' },
			});
			await axios.get(`${server.baseUrl}/v2/Repositories/r1/Entries/${HEX64}`, {
				headers: { Authorization: 'Bearer t' },
			});
			await axios.post(
				`${server.baseUrl}/LFRepositoryAPI/v1/Repositories/r-1/Token`,
				'grant_type=password&password=x',
			);
		} finally {
			const urls = watch.stop();
			await server.stop();
			expect(urls.map((u) => u.url.replace(server.baseUrl, ''))).toEqual([
				`/__files/download/${HEX40}?expires=2026-12-02T21%3A00%3A00Z&filename=a.txt`,
				`/storage/uploads/AbCdEf0123456789xyzQWERT/1?expires=1764709200000&signature=${HEX64}`,
			]);
			expect(urls.map((u) => u.tokens)).toEqual([[HEX40], [HEX64]]);
		}
	});

	it('takes the signature and credential of an S3 URL as its tokens', () => {
		const url =
			'https://s3.amazonaws.com/objects.brickftp.com/metadata/37868/a22?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
			`&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20221004%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20221004T180000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${HEX64}`;
		expect(presignedTokensOf(url)).toEqual([
			'AKIAIOSFODNN7EXAMPLE/20221004/us-east-1/s3/aws4_request',
			HEX64,
		]);
		expect(
			presignedTokensOf('https://example.com/api/rest/v1/folders/Reports?per_page=100'),
		).toBeUndefined();
	});
});

describe('Files.com: the pre-signed URLs of a run are registered, and stay out of its outputs', () => {
	let emulator: FilesComEmulator;
	const scratch = mkdtempSync(join(tmpdir(), 'secret-scan-'));
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => {
		await emulator.stop();
		rmSync(scratch, { recursive: true, force: true });
	});

	it('a download registers its download_uri; the output has no download_uri; a copy of it in an output is caught', async () => {
		emulator.writeFile('Scan/notes.txt', 'hello');
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Scan/notes.txt',
			binaryPropertyName: 'data',
		});
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json.download_uri).toBeUndefined();
		expect(run.presignedUrls.map((u) => new URL(u.url).pathname)).toEqual([
			expect.stringMatching(/^\/__files\/download\/[0-9a-f]{40}$/),
		]);
		const scanner = new SecretScanner();
		scanner.addPresignedUrls(run.presignedUrls);
		expect(() =>
			scanner.assertClean('the output', {
				...run.success[0].json,
				download_uri: run.presignedUrls[0].url,
			}),
		).toThrow(/a pre-signed URL/);
	});

	it('an upload registers its part URL (upload_uri)', async () => {
		const source = join(scratch, 'up.txt');
		writeFileSync(source, 'uploaded bytes');
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Scan'),
				binaryPropertyName: 'data',
				options: {},
			},
			{
				input: [
					{
						json: {},
						binary: { data: { path: source, fileName: 'up.txt', mimeType: 'text/plain' } },
					},
				],
			},
		);
		expect(run.success[0].json).toMatchObject({ path: 'Scan/up.txt' });
		expect(run.presignedUrls.map((u) => new URL(u.url).pathname)).toEqual([
			expect.stringMatching(/^\/__files\/upload\/[0-9a-f]{36}$/),
		]);
	});

	it('list search: the answer is scanned (a planted secret in a folder name fails it)', async () => {
		emulator.makeFolder('Listed/Quarterly-planted-7f3a9c');
		const list = (secrets: string[]) =>
			runListSearch({
				node: { type: 'filesCom', parameters: {}, credentials: { filesComApi: 'c1' } },
				credentials: credentialsFor(emulator),
				method: 'searchFolders',
				filter: 'Listed/',
				secrets,
			});
		const clean = await list([]);
		expect(JSON.stringify(clean.results)).toContain('Quarterly-planted-7f3a9c');
		await expect(list(['planted-7f3a9c'])).rejects.toThrow(
			/Secret scan: .* appears in the list-search answer or error/,
		);
	});

	it('list search: the error is scanned too (its message, declared a secret, fails it)', async () => {
		const list = (secrets: string[]) =>
			runListSearch({
				node: { type: 'filesCom', parameters: {}, credentials: { filesComApi: 'c1' } },
				credentials: credentialsFor(emulator, 'f'.repeat(64)),
				method: 'searchFolders',
				secrets,
			});
		const error = (await list([]).catch((e: unknown) => e)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(error.message).not.toMatch(/Secret scan/);
		await expect(list([error.message.slice(0, 30)])).rejects.toThrow(
			/Secret scan: .* appears in the list-search answer or error/,
		);
	});

	it("trigger poll: the emitted items are scanned (a planted secret in a new file's name fails the poll)", async () => {
		emulator.writeFile('Polled/old.txt', 'x');
		const staticData = {};
		const poll = (secrets: string[] = []) =>
			runPoll({
				node: {
					type: 'filesComTrigger',
					parameters: { path: folder('/Polled'), recursive: false, downloadFiles: false },
					credentials: { filesComApi: 'c1' },
				},
				credentials: credentialsFor(emulator),
				staticData,
				secrets,
			});
		expect((await poll()).result).toBeNull();
		emulator.advanceTime(2000);
		emulator.writeFile('Polled/report-planted-51c2e8.txt', 'y');
		await expect(poll(['planted-51c2e8'])).rejects.toThrow(
			/Secret scan: .* appears in the poll result or error/,
		);
	});
});

describe('Laserfiche (Cloud, API v2): part upload URLs and export links are registered', () => {
	it('a chunked import registers each part URL, an export its link, and neither reaches an output', async () => {
		const lf = await startLaserfiche();
		const scratch = mkdtempSync(join(tmpdir(), 'secret-scan-lf-'));
		try {
			const source = join(scratch, 'parts.bin');
			writeFileSync(source, Buffer.alloc(5 * 1024 * 1024 + 10, 7));
			const imported = await runLaserfiche(
				lf,
				CLOUD,
				{
					resource: 'document',
					operation: 'import',
					parentFolder: byPath('\\Archive'),
					binaryPropertyName: 'data',
					options: { simpleImportLimit: 1 },
				} as never,
				{
					input: [
						{
							json: {},
							binary: {
								data: { path: source, fileName: 'Parts.bin', mimeType: 'application/octet-stream' },
							},
						},
					],
				},
			);
			expect(imported.status).toBe('success');
			const parts = imported.presignedUrls.map((u) => new URL(u.url));
			expect(
				parts.map((u) => u.pathname.replace(/\/storage\/uploads\/[^/]+\//, '/storage/uploads/…/')),
			).toEqual(['/storage/uploads/…/1', '/storage/uploads/…/2']);
			expect(imported.presignedUrls.map((u) => u.tokens)).toEqual(
				parts.map((u) => [u.searchParams.get('signature')]),
			);

			const exported = await runLaserfiche(lf, CLOUD, {
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Archive\\Parts'),
			} as never);
			expect(exported.status).toBe('success');
			expect(exported.presignedUrls.map((u) => new URL(u.url).pathname)).toEqual([
				expect.stringMatching(/^\/storage\/exports\/[0-9a-f]{32}\/Parts\.bin$/),
			]);
		} finally {
			await lf.stop();
			rmSync(scratch, { recursive: true, force: true });
		}
	});
});

describe('console output during a run is scanned', () => {
	it('a token printed to the console while the node runs fails the run', async () => {
		const server = await startTestServer((request, response) => {
			// eslint-disable-next-line no-console
			if (request.url.startsWith('/data'))
				console.warn(`debug: got ${String(request.headers.authorization)}`);
			sendJson(
				response,
				200,
				request.url === '/login' ? { token: 'console-leaked-session-token' } : { ok: true },
			);
		});
		try {
			await expect(
				runNode({
					node: {
						type: 'harness.probe',
						parameters: { auth: 'token', path: '/data' },
						credentials: { harnessTokenApi: 'cred' },
					},
					credentials: {
						cred: {
							type: 'harnessTokenApi',
							data: { baseUrl: server.baseUrl, password: 'right-password' },
						},
					},
				}),
			).rejects.toThrow(/Secret scan: a credential secret \(…ken\) appears in the console output/);
		} finally {
			await server.stop();
		}
	});
});
