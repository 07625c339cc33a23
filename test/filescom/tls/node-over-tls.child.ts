/**
 * Run by test/filescom/tls.test.ts in a child jest, started with NODE_EXTRA_CA_CERTS = the emulator's generated CA
 * (Node reads it only at process start, and the node has no option of its own to trust a CA or to ignore TLS
 * errors). FILESCOM_TLS_EMULATOR holds the CLI emulator's ready line: `baseUrl` is https://, and so is every
 * upload and download URL it hands out. Not matched by the normal suite (*.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

import { readBinary } from '../../harness';
import type { FilesComEmulator } from '../helpers';
import { folder, runFilesCom } from '../helpers';

const info = JSON.parse(String(process.env.FILESCOM_TLS_EMULATOR)) as {
	baseUrl: string;
	apiKey: string;
};
// runFilesCom needs only the Site URL and the key of the emulator (the CLI's, in another process).
const emulator = { baseUrl: info.baseUrl, apiKey: info.apiKey } as unknown as FilesComEmulator;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function requests(): Promise<Array<{ method: string; path: string; status: number }>> {
	return (await (await fetch(`${info.baseUrl}/__emulator/requests`)).json()) as Array<{
		method: string;
		path: string;
		status: number;
	}>;
}

it('uploads (2 parts), lists and downloads through the emulator over HTTPS', async () => {
	expect(info.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
	const content = randomBytes(6 * 1024 * 1024 + 123);
	const upload = await runFilesCom(
		emulator,
		{
			resource: 'file',
			operation: 'upload',
			path: folder('/Secure'),
			binaryPropertyName: 'data',
			options: {},
		},
		{ input: [{ json: {}, binary: { data: { content, fileName: 'tls.bin' } } }] },
	);
	expect(upload.errors).toEqual([]);
	expect(upload.success[0].json).toMatchObject({ path: 'Secure/tls.bin', size: content.length });

	const list = await runFilesCom(emulator, {
		resource: 'folder',
		operation: 'list',
		path: folder('/Secure'),
		returnAll: true,
		recursive: false,
		options: {},
	});
	expect(list.success.map((item) => item.json.path)).toEqual(['Secure/tls.bin']);

	const download = await runFilesCom(emulator, {
		resource: 'file',
		operation: 'download',
		path: '/Secure/tls.bin',
		binaryPropertyName: 'data',
	});
	expect(download.errors).toEqual([]);
	expect(sha256(await readBinary(download.success[0], 'data'))).toBe(sha256(content));

	// The emulator listens on HTTPS only: these went over TLS, the part and download URLs included.
	const log = await requests();
	expect(
		log
			.filter((r) => r.method === 'PUT' && r.path.startsWith('/__files/upload/'))
			.map((r) => r.status),
	).toEqual([200, 200]);
	expect(log.filter((r) => r.path.startsWith('/__files/download/')).map((r) => r.status)).toEqual([
		200,
	]);
}, 60_000);
