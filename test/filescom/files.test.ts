/**
 * File operations through real n8n-core against the Files.com emulator: upload (parts, 0 bytes, rename),
 * download (byte-identical, name and MIME type), get, copy, move (with migrations) and delete. Every request
 * the node sends to the API is checked against swagger_doc.json.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readBinary, withBinaryDataMode } from '../harness';
import type { FilesComEmulator } from './helpers';
import {
	expectNoSecret,
	expectRequestsInContract,
	folder,
	runFilesCom,
	startEmulator,
	watchRequests,
} from './helpers';

let emulator: FilesComEmulator;
let scratch: string;

beforeAll(async () => {
	emulator = await startEmulator();
	scratch = mkdtempSync(join(tmpdir(), 'filescom-test-'));
});
afterAll(async () => {
	await emulator.stop();
	rmSync(scratch, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

/**
 * Counts the part uploads in flight as each one reaches the emulator: those logged and not yet answered,
 * itself included. The emulator logs an answer when it sends it, before the client can read it and start
 * the next part, so the count follows the order of events, not timestamps. `onPut(n)` is called with
 * the number of part uploads seen so far.
 */
function watchPuts(onPut: (seen: number) => void = () => {}) {
	const puts: Array<{ status: number | null }> = [];
	let most = 0;
	const stop = watchRequests(emulator, (request) => {
		if (request.method !== 'PUT' || !request.path.startsWith('/__files/upload/')) return;
		puts.push(request);
		most = Math.max(most, puts.filter((put) => put.status === null).length);
		onPut(puts.length);
	});
	return { most: () => most, stop };
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

describe('file: upload', () => {
	it('uploads a small file into a folder and returns the stored File object', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Uploads/small'),
				binaryPropertyName: 'data',
				options: {},
			},
			{
				input: [
					{
						json: { n: 1 },
						binary: {
							data: { content: 'hello files.com', fileName: 'hello.txt', mimeType: 'text/plain' },
						},
					},
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json).toMatchObject({
			path: 'Uploads/small/hello.txt',
			type: 'file',
			size: 15,
			display_name: 'hello.txt',
		});
		expect(run.success[0].pairedItem).toEqual({ item: 0 });
		expect(expectRequestsInContract(emulator, from)).toEqual([
			'FileActionBeginUpload',
			'PostFilesPath',
		]);
		const put = emulator.requests.slice(from).find((r) => r.method === 'PUT');
		expect(put?.apiKeyPresent).toBe(false);
		expect(put?.headers['content-length']).toBe('15');
		const end = emulator.requests.slice(from).find((r) => r.path.startsWith('/api/rest/v1/files/'));
		expect(end?.body).toMatchObject({
			action: 'end',
			etags: [{ etag: md5(Buffer.from('hello files.com')), part: 1 }],
			size: 15,
			mkdir_parents: true,
		});
		expectNoSecret(run, emulator.apiKey);
	});

	it('uploads a 0-byte file (one empty part)', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Uploads'),
				binaryPropertyName: 'data',
				options: { fileName: 'empty.bin' },
			},
			{
				input: [
					{
						json: {},
						binary: {
							data: {
								content: Buffer.alloc(0),
								fileName: 'whatever',
								mimeType: 'application/octet-stream',
							},
						},
					},
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.success[0].json).toMatchObject({ path: 'Uploads/empty.bin', size: 0 });
		const puts = emulator.requests.slice(from).filter((r) => r.method === 'PUT');
		expect(puts.map((r) => r.headers['content-length'])).toEqual(['0']);
		expectRequestsInContract(emulator, from);
	});
});

describe('file: large upload and download', () => {
	it('uploads 20 MiB in 4 parts (3 at a time) and downloads it byte-identical', async () => {
		const content = randomBytes(20 * MiB);
		const source = join(scratch, 'big.bin');
		writeFileSync(source, content);
		// The first two parts are held unanswered until the third arrives: three in flight at once by
		// construction (a node sending fewer at once leaves them held for 30 s, then fails the count).
		emulator.faults.add({
			kind: 'delay',
			ms: 30_000,
			method: 'PUT',
			pathPattern: '/__files/upload/',
			times: 2,
		});
		const inFlight = watchPuts((seen) => {
			if (seen === 3) emulator.faults.releaseDelays();
		});
		const from = emulator.requests.length;
		const upload = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Big'),
				binaryPropertyName: 'file',
				options: { partConcurrency: 3 },
			},
			{
				input: [
					{
						json: {},
						binary: { file: { path: source, fileName: 'big.bin', mimeType: 'application/x-test' } },
					},
				],
			},
		).finally(inFlight.stop);
		expect(upload.status).toBe('success');
		expect(upload.success[0].json).toMatchObject({ path: 'Big/big.bin', size: 20 * MiB });
		const puts = emulator.requests.slice(from).filter((r) => r.method === 'PUT');
		expect(puts.map((r) => r.headers['content-length'])).toEqual([
			'5242880',
			'5242880',
			'5242880',
			'5242880',
		]);
		expect(
			puts.map((r) => new URL(r.url, 'http://x').searchParams.get('partNumber')).sort(),
		).toEqual(['1', '2', '3', '4']);
		expect(inFlight.most()).toBe(3);
		const end = emulator.requests
			.slice(from)
			.find((r) => r.method === 'POST' && r.path === '/api/rest/v1/files/Big/big.bin');
		expect((end?.body as { etags: unknown[] }).etags).toEqual(
			[0, 1, 2, 3].map((i) => ({
				etag: md5(content.subarray(i * 5 * MiB, (i + 1) * 5 * MiB)),
				part: i + 1,
			})),
		);
		expectRequestsInContract(emulator, from);

		const downloadFrom = emulator.requests.length;
		const download = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Big/big.bin',
			binaryPropertyName: 'result',
		});
		expect(download.status).toBe('success');
		const item = download.success[0];
		expect(item.json).toMatchObject({ path: 'Big/big.bin', size: 20 * MiB });
		expect(item.json.download_uri).toBeUndefined();
		expect(item.binary?.result).toMatchObject({ fileName: 'big.bin', bytes: 20 * MiB });
		const downloaded = await readBinary(item, 'result');
		expect(downloaded.equals(content)).toBe(true);
		const fetch = emulator.requests
			.slice(downloadFrom)
			.find((r) => r.path.startsWith('/__files/download/'));
		expect(fetch?.apiKeyPresent).toBe(false);
		expect(expectRequestsInContract(emulator, downloadFrom)).toEqual(['FileDownload']);
	});

	it.each(['database', 'memory'] as const)(
		"works with binary data in n8n's %s mode: 5 MiB up, down with its checksum, byte-identical",
		async (mode) => {
			// Database mode (queue mode's shared store) hands the node a stream of one 5 MiB chunk; both modes read
			// what the node stores with a `data` listener only (no pipe): a download paused for hashing used to wait
			// for ever there.
			const content = randomBytes(5 * MiB);
			const source = join(scratch, `${mode}-mode.bin`);
			const name = `${mode}.bin`;
			writeFileSync(source, content);
			await withBinaryDataMode(mode, async () => {
				const upload = await runFilesCom(
					emulator,
					{
						resource: 'file',
						operation: 'upload',
						path: folder('/BinaryModes'),
						binaryPropertyName: 'file',
					},
					{
						input: [
							{
								json: {},
								binary: { file: { path: source, fileName: name, mimeType: 'application/x-test' } },
							},
						],
					},
				);
				expect(upload.status).toBe('success');
				expect(upload.success[0].json).toMatchObject({
					path: `BinaryModes/${name}`,
					size: 5 * MiB,
				});
				const stored = await runFilesCom(emulator, {
					resource: 'file',
					operation: 'get',
					path: `/BinaryModes/${name}`,
				});
				expect(stored.success[0].json.sha256).toBe(
					createHash('sha256').update(content).digest('hex'),
				);

				const download = await runFilesCom(emulator, {
					resource: 'file',
					operation: 'download',
					path: `/BinaryModes/${name}`,
					binaryPropertyName: 'data',
				});
				expect(download.status).toBe('success');
				const binary = download.success[0].binary?.data;
				if (mode === 'database') expect(binary?.id).toMatch(/^database:/);
				else expect(binary?.id).toBeUndefined();
				expect(binary?.bytes).toBe(5 * MiB);
				expect((await readBinary(download.success[0])).equals(content)).toBe(true);
			});
		},
	);

	it('sends one part at a time with Parallel Part Uploads = 1', async () => {
		const source = join(scratch, 'serial.bin');
		writeFileSync(source, randomBytes(11 * MiB));
		// The first part is held for a second: a node sending parts in parallel sends the next ones meanwhile.
		emulator.faults.add({
			kind: 'delay',
			ms: 1000,
			method: 'PUT',
			pathPattern: '/__files/upload/',
			times: 1,
		});
		const puts = watchPuts();
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Big'),
				binaryPropertyName: 'data',
				options: { partConcurrency: 1 },
			},
			{ input: [{ json: {}, binary: { data: { path: source, fileName: 'serial.bin' } } }] },
		).finally(puts.stop);
		expect(run.success[0].json).toMatchObject({ size: 11 * MiB });
		expect(emulator.requests.slice(from).filter((r) => r.method === 'PUT')).toHaveLength(3);
		expect(puts.most()).toBe(1);
	});

	it('retries a part that failed (Files.com allows retry_parts)', async () => {
		const content = randomBytes(6 * MiB);
		const source = join(scratch, 'retry.bin');
		writeFileSync(source, content);
		emulator.faults.add({ kind: 'failPart', partNumber: 2, status: 500 });
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Big'),
				binaryPropertyName: 'data',
				options: {},
			},
			{ input: [{ json: {}, binary: { data: { path: source, fileName: 'retry.bin' } } }] },
		);
		expect(run.status).toBe('success');
		const puts = emulator.requests.slice(from).filter((r) => r.method === 'PUT');
		expect(puts.map((r) => r.status)).toEqual(expect.arrayContaining([200, 200, 500]));
		expect(puts).toHaveLength(3);
		const download = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Big/retry.bin',
			binaryPropertyName: 'data',
		});
		expect((await readBinary(download.success[0], 'data')).equals(content)).toBe(true);
	});

	it('sends a part again when the connection breaks in the middle of it', async () => {
		const content = randomBytes(7 * MiB);
		const source = join(scratch, 'reset.bin');
		writeFileSync(source, content);
		emulator.faults.add({
			kind: 'reset',
			afterBytes: 1024 * 1024,
			phase: 'request',
			method: 'PUT',
			pathPattern: '/__files/upload/',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Big'),
				binaryPropertyName: 'data',
				options: { partConcurrency: 1 },
			},
			{ input: [{ json: {}, binary: { data: { path: source, fileName: 'reset.bin' } } }] },
		);
		expect(run.status).toBe('success');
		expect(emulator.requests.slice(from).filter((r) => r.method === 'PUT')).toHaveLength(3);
		const download = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Big/reset.bin',
			binaryPropertyName: 'data',
		});
		expect((await readBinary(download.success[0], 'data')).equals(content)).toBe(true);
	});

	it('fails the item with a clear message when a part keeps failing', async () => {
		const source = join(scratch, 'broken.bin');
		writeFileSync(source, randomBytes(6 * MiB));
		emulator.faults.add({ kind: 'failPart', partNumber: 2, status: 500, times: 10 });
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Big'),
				binaryPropertyName: 'data',
				options: {},
			},
			{
				input: [
					{ json: { keep: 'me' }, binary: { data: { path: source, fileName: 'broken.bin' } } },
				],
				onError: 'continueErrorOutput',
			},
		);
		emulator.faults.clear();
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(run.errors[0].json.error).toBe(
			'Uploading part 2 of 2 of /Big/broken.bin failed: the storage service answered HTTP 500 (InternalError: We encountered an internal error. Please try again.)',
		);
		expect(run.errors[0].json.keep).toBe('me');
		expect(run.errors[0].json.details).toMatchObject({
			resource: 'file',
			operation: 'upload',
			itemIndex: 0,
		});
		expectNoSecret(run, emulator.apiKey);
	});

	it('completes an upload whose completing answer was lost without storing it twice', async () => {
		const content = randomBytes(300_000);
		emulator.faults.add({
			kind: 'reset',
			afterBytes: 10,
			phase: 'response',
			method: 'POST',
			pathPattern: '/files/Lost/',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Lost'),
				binaryPropertyName: 'data',
				options: { conflictBehavior: 'rename' },
			},
			{ input: [{ json: {}, binary: { data: { content, fileName: 'once.bin' } } }] },
		);
		expect(run.status).toBe('success');
		expect(run.success[0].json).toMatchObject({ path: 'Lost/once.bin', size: 300_000 });
		const ends = emulator.requests
			.slice(from)
			.filter((r) => r.method === 'POST' && r.path.startsWith('/api/rest/v1/files/'));
		// With Rename nothing is repeated once the folder shows the stored bytes (transport/completion.ts; a
		// repeat could store a second copy: lost-completion.test.ts).
		expect(ends.map((r) => r.status)).toEqual([201]);
		const listing = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/Lost'),
			returnAll: true,
			recursive: false,
			options: {},
		});
		expect(listing.success.map((item) => item.json.path)).toEqual(['Lost/once.bin']);
		expectRequestsInContract(emulator, from);
	});

	// The folder of the Rename case does not exist yet (nothing was stored), so nothing can hold the bytes.
	it.each([
		['completes an upload', 'Lost2', {}, 'twice.txt'],
		[
			'with Rename, completes an upload into a new folder',
			'Lost3/new',
			{ conflictBehavior: 'rename' },
			'first.txt',
		],
	] as const)(
		'%s whose completing request was cut before Files.com got it',
		async (_case, dir, options, fileName) => {
			emulator.faults.add({
				kind: 'reset',
				afterBytes: 0,
				phase: 'request',
				method: 'POST',
				pathPattern: `/files/${dir.split('/')[0]}/`,
			});
			const from = emulator.requests.length;
			const run = await runFilesCom(
				emulator,
				{
					resource: 'file',
					operation: 'upload',
					path: folder(`/${dir}`),
					binaryPropertyName: 'data',
					options,
				},
				{
					input: [{ json: {}, binary: { data: { content: 'cut before it arrived', fileName } } }],
				},
			);
			expect(run.status).toBe('success');
			expect(run.success[0].json).toMatchObject({ path: `${dir}/${fileName}`, size: 21 });
			const ends = emulator.requests
				.slice(from)
				.filter((r) => r.method === 'POST' && r.path.startsWith('/api/rest/v1/files/'));
			expect(ends.map((r) => r.status)).toEqual([0, 201]);
		},
	);

	it('renames instead of overwriting when asked', async () => {
		const input = (text: string) => [
			{
				json: {},
				binary: { data: { content: text, fileName: 'same.txt', mimeType: 'text/plain' } },
			},
		];
		const parameters = (conflictBehavior: string) => ({
			resource: 'file',
			operation: 'upload',
			path: folder('/Conflicts'),
			binaryPropertyName: 'data',
			options: { conflictBehavior },
		});
		await runFilesCom(emulator, parameters('overwrite'), { input: input('first') });
		const overwritten = await runFilesCom(emulator, parameters('overwrite'), {
			input: input('second!'),
		});
		expect(overwritten.success[0].json).toMatchObject({ path: 'Conflicts/same.txt', size: 7 });
		const renamed = await runFilesCom(emulator, parameters('rename'), { input: input('third') });
		expect(renamed.success[0].json.path).not.toBe('Conflicts/same.txt');
		expect(renamed.success[0].json.path).toMatch(/^Conflicts\/same.*\.txt$/);
		const original = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: 'Conflicts/same.txt',
			binaryPropertyName: 'data',
		});
		expect((await readBinary(original.success[0], 'data')).toString()).toBe('second!');
	});
});

describe('file: download, get, copy, move, delete', () => {
	it('downloads seeded files whose names have spaces, unicode, #, % and ? with their name and MIME type', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'download',
				path: '={{ $json.path }}',
				binaryPropertyName: 'data',
			},
			{
				input: [
					{ json: { path: '/Documents/report 2024.csv' } },
					{ json: { path: 'Documents/Résumé café.txt' } },
					{ json: { path: '/Documents/100% done #1?.txt' } },
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.success.map((item) => item.json.path)).toEqual([
			'Documents/report 2024.csv',
			'Documents/Résumé café.txt',
			'Documents/100% done #1?.txt',
		]);
		expect(run.success.map((item) => item.binary?.data.fileName)).toEqual([
			'report 2024.csv',
			'Résumé café.txt',
			'100% done #1?.txt',
		]);
		expect(run.success[0].binary?.data.mimeType).toBe('text/csv');
		expect((await readBinary(run.success[0])).toString()).toBe(
			'quarter,revenue\nQ1,100\nQ2,120\nQ3,90\nQ4,150\n',
		);
		expect((await readBinary(run.success[1])).toString()).toBe('Unicode name: é, ü, ß.\n');
		expect((await readBinary(run.success[2])).toString()).toBe(
			'A name with percent, hash and question mark.\n',
		);
		expect(run.success.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		const apiPaths = emulator.requests
			.slice(from)
			.filter((r) => r.path.startsWith('/api/'))
			.map((r) => r.path);
		expect(apiPaths).toEqual([
			'/api/rest/v1/files/Documents/report%202024.csv',
			'/api/rest/v1/files/Documents/R%C3%A9sum%C3%A9%20caf%C3%A9.txt',
			'/api/rest/v1/files/Documents/100%25%20done%20%231%3F.txt',
		]);
		expectRequestsInContract(emulator, from);
	});

	it('keeps the input item binaries next to the downloaded one', async () => {
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'download',
				path: '/Documents/notes.txt',
				binaryPropertyName: 'downloaded',
			},
			{
				input: [
					{
						json: {},
						binary: {
							original: { content: 'keep me', fileName: 'keep.txt', mimeType: 'text/plain' },
						},
					},
				],
			},
		);
		expect(Object.keys(run.success[0].binary ?? {}).sort()).toEqual(['downloaded', 'original']);
		expect((await readBinary(run.success[0], 'downloaded')).toString()).toBe(
			'Hello from the Files.com emulator.\n',
		);
	});

	it('downloads a 0-byte file', async () => {
		emulator.writeFile('Zero/zero.dat', Buffer.alloc(0));
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Zero/zero.dat',
			binaryPropertyName: 'data',
		});
		expect(run.status).toBe('success');
		expect(run.success[0].json).toMatchObject({ size: 0 });
		expect((await readBinary(run.success[0])).length).toBe(0);
	});

	it("checks the content against Files.com's checksum (SHA-256) and fails after fresh attempts when it differs", async () => {
		const node = emulator.writeFile('Corrupt/data.bin', Buffer.alloc(4096, 1)) as {
			blob: { file: string };
		};
		// The stored bytes change behind Files.com's back; its recorded MD5 stays that of the original content.
		writeFileSync(node.blob.file, Buffer.alloc(4096, 2));
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'download',
				path: '/Corrupt/data.bin',
				binaryPropertyName: 'data',
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(run.success).toEqual([]);
		expect(run.errors[0].json.error).toMatch(
			/^Downloading \/Corrupt\/data\.bin failed: the content that arrived differs from Files\.com's checksum \(SHA256 [0-9a-f]{64}, expected [0-9a-f]{64}\)$/,
		);
		expect(
			emulator.requests.slice(from).filter((r) => r.path.startsWith('/__files/download/')),
		).toHaveLength(3);
	});

	it('fetches a fresh download link when the first one has expired', async () => {
		emulator.faults.add({ kind: 'expireDownloads', pathPattern: '/__files/download/' });
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Documents/notes.txt',
			binaryPropertyName: 'data',
		});
		expect(run.status).toBe('success');
		expect((await readBinary(run.success[0])).toString()).toBe(
			'Hello from the Files.com emulator.\n',
		);
		const fetches = emulator.requests
			.slice(from)
			.filter((r) => r.path.startsWith('/__files/download/'));
		expect(fetches.map((r) => r.status)).toEqual([403, 200]);
		expect(expectRequestsInContract(emulator, from)).toEqual(['FileDownload', 'FileDownload']);
	});

	it('gets the details of a file and of a folder', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '={{ $json.path }}' },
			{
				input: [
					{ json: { path: '/Documents/notes.txt' } },
					{ json: { path: '/Documents/Archive/' } },
				],
			},
		);
		expect(run.success.map((item) => item.json)).toEqual([
			expect.objectContaining({ path: 'Documents/notes.txt', type: 'file', size: 35 }),
			expect.objectContaining({ path: 'Documents/Archive', type: 'directory' }),
		]);
		expect(run.success[0].json.download_uri).toBeUndefined();
		expect(expectRequestsInContract(emulator, from)).toEqual(['FileActionFind', 'FileActionFind']);
	});

	it('copies a file, creating the destination folder, and refuses to overwrite unless told to', async () => {
		emulator.writeFile('CopySource/a.txt', 'copy me');
		const from = emulator.requests.length;
		const copy = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'copy',
			path: '/CopySource/a.txt',
			destination: '/CopyTarget/deep/a copy.txt',
			options: {},
		});
		expect(copy.status).toBe('success');
		expect(copy.success[0].json).toEqual({
			status: 'completed',
			path: 'CopySource/a.txt',
			destination: 'CopyTarget/deep/a copy.txt',
		});
		expect(expectRequestsInContract(emulator, from)).toEqual([
			'FileActionCopy',
			'PostFoldersPath',
			'FileActionCopy',
		]);

		const again = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'copy',
				path: '/CopySource/a.txt',
				destination: '/CopyTarget/deep/a copy.txt',
				options: {},
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(again.errors[0].json.details).toMatchObject({
			'http-code': 422,
			title: 'Destination Exists',
			type: 'processing-failure/destination-exists',
			error: 'The destination exists.',
		});
		const overwrite = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'copy',
			path: '/CopySource/a.txt',
			destination: '/CopyTarget/deep/a copy.txt',
			options: { overwrite: true },
		});
		expect(overwrite.success[0].json.status).toBe('completed');
		const check = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/CopyTarget/deep/a copy.txt',
			binaryPropertyName: 'data',
		});
		expect((await readBinary(check.success[0])).toString()).toBe('copy me');
	});

	it('does not create missing destination folders when Create Parent Folders is off', async () => {
		emulator.writeFile('CopySource/b.txt', 'b');
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'copy',
				path: '/CopySource/b.txt',
				destination: '/Nowhere/b.txt',
				options: { createParentFolders: false },
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.details).toMatchObject({
			'http-code': 409,
			type: 'processing-failure/destination-parent-does-not-exist',
			resource: 'file',
			operation: 'copy',
		});
		expect(run.errors[0].json.message).toContain('Turn on "Create Parent Folders"');
	});

	it('waits for an asynchronous copy (file migration) to finish', async () => {
		emulator.writeFile('Migrate/big.txt', 'pretend this is large');
		const previous = emulator.state.options.asyncCopyThresholdBytes;
		emulator.state.options.asyncCopyThresholdBytes = 1;
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'copy',
			path: '/Migrate/big.txt',
			destination: '/Migrate/big copy.txt',
			options: {},
		});
		emulator.state.options.asyncCopyThresholdBytes = previous;
		expect(run.status).toBe('success');
		expect(run.success[0].json).toMatchObject({
			status: 'completed',
			path: 'Migrate/big.txt',
			destination: 'Migrate/big copy.txt',
			file_migration_id: expect.any(Number),
			migration: expect.objectContaining({
				status: 'completed',
				operation: 'copy',
				dest_path: 'Migrate/big copy.txt',
			}),
		});
		const operations = expectRequestsInContract(emulator, from);
		expect(operations[0]).toBe('FileActionCopy');
		expect(operations.slice(1).every((op) => op === 'GetFileMigrationsId')).toBe(true);
		expect(operations.length).toBeGreaterThanOrEqual(2);
		const check = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Migrate/big copy.txt',
		});
		expect(check.success[0].json.size).toBe(21);
	});

	it('returns at once for an asynchronous move when Wait for Completion is off', async () => {
		emulator.writeFile('Migrate/move-me.txt', 'moving');
		const previous = emulator.state.options.asyncCopyThresholdBytes;
		emulator.state.options.asyncCopyThresholdBytes = 1;
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'move',
			path: '/Migrate/move-me.txt',
			destination: '/Migrate/moved.txt',
			options: { waitForCompletion: false },
		});
		emulator.state.options.asyncCopyThresholdBytes = previous;
		expect(run.success[0].json).toEqual({
			status: 'pending',
			path: 'Migrate/move-me.txt',
			destination: 'Migrate/moved.txt',
			file_migration_id: expect.any(Number),
		});
		expect(expectRequestsInContract(emulator, from)).toEqual(['FileActionMove']);
	});

	it('moves (renames) a file', async () => {
		emulator.writeFile('MoveSource/old name.txt', 'rename me');
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'move',
			path: '/MoveSource/old name.txt',
			destination: '/MoveSource/new name.txt',
			options: {},
		});
		expect(run.success[0].json).toEqual({
			status: 'completed',
			path: 'MoveSource/old name.txt',
			destination: 'MoveSource/new name.txt',
		});
		expect(expectRequestsInContract(emulator, from)).toEqual(['FileActionMove']);
		const gone = await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '/MoveSource/old name.txt' },
			{ onError: 'continueErrorOutput' },
		);
		expect(gone.errors[0].json.details).toMatchObject({ type: 'not-found' });
	});

	it('deletes a file', async () => {
		emulator.writeFile('DeleteMe/x.txt', 'x');
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'delete',
			path: '/DeleteMe/x.txt',
		});
		expect(run.success[0].json).toEqual({ deleted: true, path: 'DeleteMe/x.txt' });
		expect(expectRequestsInContract(emulator, from)).toEqual(['DeleteFilesPath']);
		expect(emulator.requests[emulator.requests.length - 1].status).toBe(204);
	});
});

describe('file: upload options and Site URL forms', () => {
	it('records the modification time given in the options', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/Dated'),
				binaryPropertyName: 'data',
				options: { providedMtime: '2021-06-01T08:30:00.000Z', fileName: 'dated.txt' },
			},
			{ input: [{ json: {}, binary: { data: { content: 'old content', fileName: 'x.txt' } } }] },
		);
		expect(run.success[0].json).toMatchObject({
			path: 'Dated/dated.txt',
			provided_mtime: '2021-06-01T08:30:00Z',
		});
		const end = emulator.requests
			.slice(from)
			.find((r) => r.method === 'POST' && r.path.startsWith('/api/rest/v1/files/'));
		expect(end?.body).toMatchObject({ provided_mtime: '2021-06-01T08:30:00.000Z' });
		expectRequestsInContract(emulator, from);
	});

	it.each(['/', '///', '/api/rest/v1', '/api/rest/v1/'])(
		'works with the Site URL written with "%s" at the end',
		async (suffix) => {
			const { runNode } = await import('../harness');
			const run = await runNode({
				node: {
					type: 'filesCom',
					parameters: { resource: 'apiKey', operation: 'getCurrent' },
					credentials: { filesComApi: 'c1' },
				},
				credentials: {
					c1: {
						type: 'filesComApi',
						data: { apiKey: `${emulator.apiKey}\n`, siteUrl: ` ${emulator.baseUrl}${suffix} ` },
					},
				},
			});
			expect(run.status).toBe('success');
			expect(run.success[0].json).toMatchObject({ id: 1 });
			expect(emulator.requests[emulator.requests.length - 1].path).toBe('/api/rest/v1/api_key');
		},
	);
});
