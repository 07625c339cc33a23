/**
 * The node's upload under each begin_upload field value the Swagger allows (FileUploadPartEntity; emulator options
 * in test/emulators/filescom/part-options.js), not only the recorded defaults: `parallel_parts: false`,
 * `retry_parts: false`, part `headers`, part URLs that expire in the middle of an upload; and names: NFC/NFD
 * forms of one name, paths at and beyond the 5,000-character limit.
 */
import type { INodeParameters } from 'n8n-workflow';
import { createHash, randomBytes } from 'node:crypto';

import { readBinary } from '../harness';
import type { FilesComEmulator } from './helpers';
import { folder, runFilesCom, startEmulator } from './helpers';

const MiB = 1024 * 1024;
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

function upload(
	emulator: FilesComEmulator,
	dir: string,
	content: Buffer,
	fileName: string,
	options: INodeParameters = {},
) {
	return runFilesCom(
		emulator,
		{
			resource: 'file',
			operation: 'upload',
			path: folder(dir),
			binaryPropertyName: 'data',
			options,
		},
		{
			input: [{ json: {}, binary: { data: { content, fileName } } }],
			onError: 'continueErrorOutput',
		},
	);
}

const partPuts = (emulator: FilesComEmulator, from: number) =>
	emulator.requests
		.slice(from)
		.filter((r) => r.method === 'PUT' && r.path.startsWith('/__files/upload/'));
const partNumberOf = (url: string) =>
	Number(new URL(url, 'http://x').searchParams.get('partNumber'));

async function withEmulator(
	options: Parameters<typeof startEmulator>[0],
	body: (emulator: FilesComEmulator) => Promise<void>,
) {
	const emulator = await startEmulator(options);
	try {
		await body(emulator);
	} finally {
		await emulator.stop();
	}
}

it('parallel_parts: false — one part at a time, in order, even with Parallel Part Uploads = 3', async () => {
	await withEmulator({ parallelParts: false }, async (emulator) => {
		const content = randomBytes(16 * MiB);
		emulator.faults.add({
			kind: 'delay',
			ms: 80,
			method: 'PUT',
			pathPattern: '/__files/upload/',
			times: 4,
		});
		const from = emulator.requests.length;
		const run = await upload(emulator, '/Serial', content, 'serial.bin', { partConcurrency: 3 });
		expect(run.errors).toEqual([]);
		const puts = partPuts(emulator, from) as unknown as Array<{
			url: string;
			startedAt: number;
			durationMs: number;
		}>;
		expect(puts.map((r) => partNumberOf(r.url))).toEqual([1, 2, 3, 4]);
		// Each part starts after the previous one's answer (80 ms of delay each).
		for (let i = 1; i < puts.length; i++)
			expect(puts[i].startedAt).toBeGreaterThanOrEqual(puts[i - 1].startedAt + 80);
	});
});

it('retry_parts: false — a failed part is not sent again; the item fails and nothing is stored', async () => {
	await withEmulator({ retryParts: false }, async (emulator) => {
		emulator.faults.add({ kind: 'failPart', partNumber: 2, status: 500 });
		const from = emulator.requests.length;
		const run = await upload(emulator, '/NoRetry', randomBytes(6 * MiB), 'once.bin');
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(String(run.errors[0].json.error)).toMatch(
			/^Uploading part 2 of 2 of \/NoRetry\/once\.bin failed: the storage service answered HTTP 500/,
		);
		expect(partPuts(emulator, from).filter((r) => partNumberOf(r.url) === 2)).toHaveLength(1);
		expect(emulator.state.tree.lookup('NoRetry/once.bin')).toBeFalsy();
	});
});

it('part headers — sent with every part (a part without them is refused like S3: 403 SignatureDoesNotMatch)', async () => {
	const partHeaders = { 'x-amz-acl': 'bucket-owner-full-control', 'x-amz-meta-origin': 'n8n test' };
	await withEmulator({ partHeaders }, async (emulator) => {
		const refused = await fetch(
			`${emulator.baseUrl}/api/rest/v1/file_actions/begin_upload/Headers/probe.bin`,
			{
				method: 'POST',
				headers: { 'X-FilesAPI-Key': emulator.apiKey, 'Content-Type': 'application/json' },
				body: JSON.stringify({ mkdir_parents: true }),
			},
		);
		const [slot] = (await refused.json()) as Array<{
			upload_uri: string;
			headers: Record<string, string>;
		}>;
		expect(slot.headers).toEqual(partHeaders);
		expect((await fetch(slot.upload_uri, { method: 'PUT', body: 'x' })).status).toBe(403);

		const content = randomBytes(6 * MiB);
		const from = emulator.requests.length;
		const run = await upload(emulator, '/Headers', content, 'signed.bin');
		expect(run.errors).toEqual([]);
		const puts = partPuts(emulator, from);
		expect(
			puts.map((r) => [r.status, r.headers['x-amz-acl'], r.headers['x-amz-meta-origin']]),
		).toEqual([
			[200, 'bucket-owner-full-control', 'n8n test'],
			[200, 'bucket-owner-full-control', 'n8n test'],
		]);
	});
});

it('a part URL that expires in the middle of the upload is renewed, and the file is stored whole', async () => {
	await withEmulator({}, async (emulator) => {
		const content = randomBytes(11 * MiB);
		emulator.faults.add({
			kind: 'delay',
			ms: 300,
			method: 'PUT',
			pathPattern: '/__files/upload/',
			times: 1,
		});
		const from = emulator.requests.length;
		const running = upload(emulator, '/Expiry', content, 'slow.bin', { partConcurrency: 1 });
		// While part 1 is on its way, 16 minutes pass on the service's clock: the URLs of parts 2 and 3, handed out
		// with part 1's, are now expired (15 minutes, as recorded).
		const deadline = Date.now() + 10_000;
		while (!partPuts(emulator, from).some((r) => r.status === null) && Date.now() < deadline)
			await new Promise((r) => setImmediate(r));
		emulator.advanceTime(16 * 60 * 1000);
		const run = await running;
		expect(run.errors).toEqual([]);
		const puts = partPuts(emulator, from);
		expect(puts.filter((r) => r.status === 403).length).toBeGreaterThanOrEqual(1);
		expect(
			puts
				.filter((r) => r.status === 200)
				.map((r) => partNumberOf(r.url))
				.sort(),
		).toEqual([1, 2, 3]);
		const download = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Expiry/slow.bin',
			binaryPropertyName: 'data',
		});
		expect(md5(await readBinary(download.success[0], 'data'))).toBe(md5(content));
	});
});

it('NFC and NFD forms of one name are one file (Overwrite replaces it)', async () => {
	await withEmulator({}, async (emulator) => {
		const nfd = 'Re\u0301sume\u0301 cafe\u0301.txt';
		const nfc = nfd.normalize('NFC');
		const first = await upload(emulator, '/Unicode', Buffer.from('first'), nfd);
		expect(first.errors).toEqual([]);
		const second = await upload(emulator, '/Unicode', Buffer.from('second!'), nfc, {
			conflictBehavior: 'overwrite',
		});
		expect(second.errors).toEqual([]);
		expect(second.success[0].json).toMatchObject({ size: 7 });
		const listing = await runFilesCom(emulator, {
			resource: 'folder',
			operation: 'list',
			path: folder('/Unicode'),
			returnAll: true,
			recursive: false,
			options: {},
		});
		expect(listing.success).toHaveLength(1);
		expect(String(listing.success[0].json.path).normalize('NFC')).toBe(`Unicode/${nfc}`);
		const download = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: `/Unicode/${nfc}`,
			binaryPropertyName: 'data',
		});
		expect((await readBinary(download.success[0], 'data')).toString()).toBe('second!');
	});
});

it('a path of exactly 5,000 characters uploads; 5,001 fails the item before any request (Files.com would refuse it)', async () => {
	await withEmulator({}, async (emulator) => {
		const dir = `/${'d'.repeat(200)}/${'e'.repeat(200)}`;
		const name = (total: number) => `${'n'.repeat(total - (dir.length - 1) - 1 - 4)}.bin`;
		const ok = await upload(emulator, dir, Buffer.from('long'), name(5000));
		expect(ok.errors).toEqual([]);
		expect(String(ok.success[0].json.path)).toHaveLength(5000);
		const from = emulator.requests.length;
		const tooLong = await upload(emulator, dir, Buffer.from('long'), name(5001));
		expect(tooLong.success).toEqual([]);
		expect(tooLong.errors).toHaveLength(1);
		expect(tooLong.errors[0].json.error).toBe('File Name: is 5001 characters long');
		expect(emulator.requests.slice(from)).toEqual([]);
		// The emulator refuses it too (option maxPathLength).
		const direct = await fetch(
			`${emulator.baseUrl}/api/rest/v1/file_actions/begin_upload/${encodeURI(`${dir.slice(1)}/${name(5001)}`)}`,
			{
				method: 'POST',
				headers: { 'X-FilesAPI-Key': emulator.apiKey, 'Content-Type': 'application/json' },
				body: '{}',
			},
		);
		expect([direct.status, ((await direct.json()) as { type: string }).type]).toEqual([
			400,
			'bad-request/invalid-path',
		]);
	});
});
