/**
 * HTTP_PROXY / NO_PROXY for the Files.com node: n8n-core sends every helper request through the proxy the
 * environment names, per request (see test/laserfiche/proxy.test.ts for the https CONNECT case). An upload
 * in parts (begin_upload, the part PUTs to their storage URLs, the completion) and a download (the File
 * object, then its download_uri) all pass through it; NO_PROXY naming the host sends nothing to it.
 */
import { randomBytes } from 'node:crypto';

import { binaryStream } from '../harness';
import type { ForwardProxy } from '../support/forward-proxy';
import {
	clearProxyEnvironment,
	saveProxyEnvironment,
	startForwardProxy,
} from '../support/forward-proxy';
import type { FilesComEmulator } from './helpers';
import { folder, runFilesCom, startEmulator } from './helpers';

const MIB = 1024 * 1024;

let emulator: FilesComEmulator;
let proxy: ForwardProxy;
let proxyEnv: { restore(): void };

beforeAll(async () => {
	emulator = await startEmulator();
	proxy = await startForwardProxy();
	proxyEnv = saveProxyEnvironment();
});
afterEach(() => {
	proxyEnv.restore();
	proxy.seen.length = 0;
});
afterAll(async () => {
	await proxy.stop();
	await emulator.stop();
});

/** Uploads and downloads a 2-part file; returns how many requests the emulator received for it. */
async function uploadAndDownload(name: string): Promise<number> {
	const from = emulator.requests.length;
	const content = randomBytes(6 * MIB + 7);
	const upload = await runFilesCom(
		emulator,
		{
			resource: 'file',
			operation: 'upload',
			path: folder('/Proxy'),
			binaryPropertyName: 'data',
			options: {},
		},
		{
			input: [
				{
					json: {},
					binary: { data: { content, fileName: name, mimeType: 'application/octet-stream' } },
				},
			],
		},
	);
	expect(upload.errors.map((item) => item.json)).toEqual([]);
	const download = await runFilesCom(emulator, {
		resource: 'file',
		operation: 'download',
		path: `/Proxy/${name}`,
		binaryPropertyName: 'data',
	});
	expect(download.errors.map((item) => item.json)).toEqual([]);
	const chunks: Buffer[] = [];
	for await (const chunk of await binaryStream(download.success[0], 'data'))
		chunks.push(chunk as Buffer);
	expect(Buffer.concat(chunks).equals(content)).toBe(true);
	return emulator.requests.length - from;
}

it('HTTP_PROXY: the API calls, the part uploads and the download all pass through the proxy', async () => {
	clearProxyEnvironment();
	process.env.HTTP_PROXY = proxy.url;
	const received = await uploadAndDownload('through-proxy.bin');
	const seen = proxy.seen.map((record) => `${record.kind} ${new URL(record.target).pathname}`);
	const api = `request /api/rest/v1`;
	expect(seen).toEqual(
		expect.arrayContaining([
			`${api}/file_actions/begin_upload/Proxy/through-proxy.bin`,
			`${api}/files/Proxy/through-proxy.bin`,
		]),
	);
	// Two parts (5 MiB parts), each PUT to its storage URL, then the download URL: none is an API path.
	const transfers = proxy.seen.filter(
		(record) => !new URL(record.target).pathname.startsWith('/api/'),
	);
	expect(transfers.map((record) => record.headers['x-filesapi-key'])).toEqual(
		transfers.map(() => undefined),
	);
	expect(transfers.map((record) => new URL(record.target).pathname.split('/')[2])).toEqual([
		'upload',
		'upload',
		'download',
	]);
	// Every request the emulator received came through the proxy.
	expect(proxy.seen).toHaveLength(received);
});

it('NO_PROXY naming the host: nothing goes to the proxy', async () => {
	clearProxyEnvironment();
	process.env.HTTP_PROXY = proxy.url;
	process.env.NO_PROXY = '127.0.0.1';
	expect(await uploadAndDownload('bypass.bin')).toBeGreaterThanOrEqual(7);
	expect(proxy.seen).toEqual([]);
});
