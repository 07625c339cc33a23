/**
 * Integrity of Files.com transfers: sizes, and checksums where Files.com returns them (the MD5 ETag of
 * every uploaded part, the MD5 of a stored file), are verified on every upload and download. A body cut
 * short or changed in transit fails the item instead of producing a short or wrong file; a failed
 * upload leaves nothing at the target path (and a failed overwrite leaves the old file as it was).
 *
 * The emulator announces 64 KiB parts here, so small files go up in several parts. A proxy in front of
 * the emulator's upload and download URLs cuts or changes bodies in transit (see proxy.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { readBinary } from '../harness';
import type { FilesComEmulator } from './helpers';
import {
	filesComContent,
	filesComNode,
	matching,
	onFilesComRequest,
	runFilesCom,
	startFilesCom,
	truncateStoredInput,
} from './helpers';
import type { Proxy } from './proxy';
import { startProxy } from './proxy';

const PART = 64 * 1024;

let emu: FilesComEmulator;
let proxy: Proxy;

beforeAll(async () => {
	emu = await startFilesCom({ partSize: PART });
	proxy = await startProxy(emu.baseUrl);
});
afterAll(async () => {
	await proxy.stop();
	await emu.stop();
});
beforeEach(async () => {
	await emu.reset();
	emu.makeFolder('in');
	proxy.rules.length = 0;
	proxy.changed.length = 0;
	emu.state.filesUrl = '';
});

/** Upload and download URLs go through the proxy from now on (the REST API does not), with this rule. */
function viaProxy(rule: Parameters<Proxy['rules']['push']>[0]): void {
	proxy.rules.push(rule);
	emu.state.filesUrl = proxy.baseUrl;
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const uploadTo = (folder: string, fileName?: string): INodeParameters => ({
	resource: 'file',
	operation: 'upload',
	path: { __rl: true, mode: 'path', value: folder },
	binaryPropertyName: 'data',
	options: fileName ? { fileName } : {},
});
const download = (path: string): INodeParameters => ({
	resource: 'file',
	operation: 'download',
	path,
	binaryPropertyName: 'data',
});
const fileInput = (content: Buffer, fileName = 'file.bin') => [
	{ json: {}, binary: { data: { content, fileName, mimeType: 'application/octet-stream' } } },
];

describe('Files.com uploads: sizes and part checksums', () => {
	it('a file of several parts is stored byte for byte, and the output reports its size', async () => {
		const content = randomBytes(3 * PART + 1234);
		const run = await runFilesCom(emu, uploadTo('/in'), { input: fileInput(content) });
		expect(run.errors.map((item) => item.json.message)).toEqual([]);
		expect(run.success[0].json).toMatchObject({ path: 'in/file.bin', size: content.length });
		expect(md5(filesComContent(emu, 'in/file.bin'))).toBe(md5(content));
		expect(matching(emu.requests, 'PUT', /^\/__files\/upload\//)).toHaveLength(4);
	});

	it('a 0-byte file is a valid upload: an empty file is stored', async () => {
		const run = await runFilesCom(emu, uploadTo('/in', 'empty.txt'), {
			input: fileInput(Buffer.alloc(0), 'empty.txt'),
		});
		expect(run.errors.map((item) => item.json.message)).toEqual([]);
		expect(run.success[0].json).toMatchObject({ path: 'in/empty.txt', size: 0 });
		expect(filesComNode(emu, 'in/empty.txt')).toMatchObject({ type: 'file', size: 0 });
	});

	it('a part changed in transit (same length) is caught by its MD5 ETag: the item fails, nothing is stored', async () => {
		viaProxy({ method: 'PUT', pattern: /^\/__files\/upload\//, request: 'flipByte' });
		const content = randomBytes(2 * PART);
		const run = await runFilesCom(emu, uploadTo('/in'), { input: fileInput(content) });
		expect(proxy.changed[0]).toBeGreaterThan(0);
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(filesComNode(emu, 'in/file.bin')).toBeNull();
	});
});

describe('Files.com downloads: sizes and checksums', () => {
	const content = randomBytes(PART + 77);

	beforeEach(() => {
		emu.writeFile('in/source.bin', content);
	});

	it('a download is byte for byte what Files.com stores', async () => {
		const run = await runFilesCom(emu, download('/in/source.bin'), {});
		expect(run.errors).toEqual([]);
		expect(md5(await readBinary(run.success[0], 'data'))).toBe(md5(content));
		expect(run.success[0].binary?.data).toMatchObject({
			fileName: 'source.bin',
			bytes: content.length,
		});
	});

	it('a 0-byte file downloads as an empty binary', async () => {
		emu.writeFile('in/empty.bin', Buffer.alloc(0));
		const run = await runFilesCom(emu, download('/in/empty.bin'), {});
		expect(run.errors).toEqual([]);
		expect((await readBinary(run.success[0], 'data')).length).toBe(0);
	});

	it('a body cut short with a clean end (no Content-Length) is caught by its size: the item fails, no short file', async () => {
		viaProxy({ method: 'GET', pattern: /^\/__files\/download\//, response: 'truncateHalf' });
		const run = await runFilesCom(emu, download('/in/source.bin'), {});
		expect(proxy.changed[0]).toBeGreaterThan(0);
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(String(run.errors[0].json.message)).toMatch(
			new RegExp(`${Math.floor(content.length / 2)}|${content.length}|size|bytes`),
		);
	});

	it('a body changed in transit (same length) is caught by its MD5: the item fails', async () => {
		viaProxy({ method: 'GET', pattern: /^\/__files\/download\//, response: 'flipByte' });
		const run = await runFilesCom(emu, download('/in/source.bin'), {});
		expect(proxy.changed[0]).toBeGreaterThan(0);
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
	});

	it('a body cut once in the middle is fetched again and complete', async () => {
		emu.faults.add({
			kind: 'reset',
			afterBytes: 1000,
			method: 'GET',
			pathPattern: /^\/__files\/download\//,
			times: 1,
		});
		const run = await runFilesCom(emu, download('/in/source.bin'), {});
		expect(run.errors).toEqual([]);
		expect(md5(await readBinary(run.success[0], 'data'))).toBe(md5(content));
		expect(matching(emu.requests, 'GET', /^\/__files\/download\//)).toHaveLength(2);
	});

	it('a body cut every time fails the item after a bounded number of attempts, with no short file', async () => {
		emu.faults.add({
			kind: 'reset',
			afterBytes: 1000,
			method: 'GET',
			pathPattern: /^\/__files\/download\//,
			times: -1,
		});
		const run = await runFilesCom(emu, download('/in/source.bin'), {});
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		const attempts = matching(emu.requests, 'GET', /^\/__files\/download\//).length;
		expect(attempts).toBeGreaterThanOrEqual(2);
		expect(attempts).toBeLessThanOrEqual(12);
	});
});

describe('Files.com: a failed upload leaves nothing at the target path', () => {
	const content = randomBytes(2 * PART + 10);

	it.each([
		[
			'every part PUT refused (500)',
			() => emu.faults.add({ kind: 'failPart', partNumber: 2, status: 500, times: -1 }),
		],
		[
			'every part PUT cut while it is sent',
			() =>
				emu.faults.add({
					kind: 'reset',
					afterBytes: 100,
					phase: 'request',
					method: 'PUT',
					pathPattern: /partNumber=2/,
					times: -1,
				}),
		],
		[
			'the completing request refused (503)',
			() =>
				emu.faults.add({
					kind: 'status',
					status: 503,
					html: false,
					method: 'POST',
					pathPattern: /\/api\/rest\/v1\/files\/in\//,
					times: -1,
				}),
		],
		[
			'begin_upload refused (500)',
			() =>
				emu.faults.add({
					kind: 'status',
					status: 500,
					method: 'POST',
					pathPattern: /begin_upload\/in\//,
					times: -1,
				}),
		],
	])('%s: the item fails, nothing is stored', async (_label, arm) => {
		arm();
		const run = await runFilesCom(emu, uploadTo('/in'), { input: fileInput(content) });
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(filesComNode(emu, 'in/file.bin')).toBeNull();
	});

	it('the completing answer cut after Files.com stored the file: success with the whole file, or failure with nothing stored', async () => {
		emu.faults.add({
			kind: 'reset',
			afterBytes: 10,
			phase: 'response',
			method: 'POST',
			pathPattern: /\/api\/rest\/v1\/files\/in\//,
			times: 1,
		});
		const run = await runFilesCom(emu, uploadTo('/in'), { input: fileInput(content) });
		const stored = filesComNode(emu, 'in/file.bin');
		if (run.success.length === 1) {
			expect(md5(filesComContent(emu, 'in/file.bin'))).toBe(md5(content));
		} else {
			expect(run.errors).toHaveLength(1);
			expect(stored).toBeNull();
		}
	});

	it('the input binary shrinks after it was described: the item fails, no short file is stored', async () => {
		let truncated = 0;
		const restore = onFilesComRequest(emu, 'POST', /begin_upload\/in\//, 1, () => {
			truncated = truncateStoredInput(content, content.length - 100);
		});
		try {
			const run = await runFilesCom(emu, uploadTo('/in'), { input: fileInput(content) });
			expect(truncated).toBeGreaterThan(0);
			expect(run.success).toEqual([]);
			expect(String(run.errors[0]?.json.message)).toMatch(/size|bytes|part/i);
			expect(run.errors).toHaveLength(1);
			expect(filesComNode(emu, 'in/file.bin')).toBeNull();
		} finally {
			restore();
		}
	});

	it('a failed overwrite leaves the existing file as it was', async () => {
		const original = Buffer.from('the original content');
		emu.writeFile('in/file.bin', original);
		emu.faults.add({ kind: 'failPart', partNumber: 1, status: 500, times: -1 });
		const run = await runFilesCom(emu, uploadTo('/in'), { input: fileInput(content) });
		expect(run.errors).toHaveLength(1);
		expect(filesComContent(emu, 'in/file.bin').equals(original)).toBe(true);
	});
});
