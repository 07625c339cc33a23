/**
 * Integrity of Laserfiche transfers: sizes (and the part ETags of chunked uploads, the only checksums
 * Laserfiche returns) are verified on every import and export. A body cut short or changed in transit
 * fails the item instead of producing a short or wrong document; a failed import leaves nothing in the
 * target folder.
 *
 * A proxy in front of the whole emulator (token, API and storage URLs) cuts or changes bodies in
 * transit; the emulator builds its export and upload links from the Host header, so they go through the
 * proxy too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readBinary } from '../harness';
import type { LaserficheEmulator, LfMode } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	byPath,
	laserficheCredentials,
	lfChildren,
	lfEntryAt,
	matching,
	onLaserficheRequest,
	repositoryOf,
	runLaserfiche,
	startLaserfiche,
	truncateStoredInput,
} from './helpers';
import type { Proxy, ProxyRule } from './proxy';
import { startProxy } from './proxy';

let lf: LaserficheEmulator;
let proxy: Proxy;

beforeAll(async () => {
	lf = await startLaserfiche();
	proxy = await startProxy(lf.baseUrl);
});
afterAll(async () => {
	await proxy.stop();
	await lf.stop();
});
beforeEach(async () => {
	await lf.reset();
	proxy.rules.length = 0;
	proxy.changed.length = 0;
});

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const importInto = (folder: string, name: string, options: IDataObject = {}): INodeParameters => ({
	resource: 'document',
	operation: 'import',
	parentFolder: byPath(folder),
	name,
	binaryPropertyName: 'data',
	options: { importAsElectronicDocument: true, ...options },
});
const exportOf = (path: string): INodeParameters => ({
	resource: 'document',
	operation: 'export',
	entry: byPath(path),
	binaryPropertyName: 'data',
	options: {},
});
const fileInput = (content: Buffer, fileName = 'file.bin') => [
	{ json: {}, binary: { data: { content, fileName, mimeType: 'application/octet-stream' } } },
];

/** Runs with the Cloud credential pointing at the proxy (one rule), or straight at the emulator. */
async function run(
	parameters: INodeParameters,
	options: { input?: ReturnType<typeof fileInput>; rule?: ProxyRule; mode?: LfMode } = {},
) {
	const mode = options.mode ?? CLOUD;
	if (options.rule) proxy.rules.push(options.rule);
	const override =
		options.rule && mode === CLOUD
			? { tokenUrl: `${proxy.baseUrl}/oauth/Token`, apiBaseUrl: `${proxy.baseUrl}/repository` }
			: {};
	return await runLaserfiche(lf, mode, parameters, {
		input: options.input,
		credentials: laserficheCredentials(lf, mode, override),
	});
}

/** Bytes of a document's electronic document in the emulator (white-box). */
function storedBytes(mode: LfMode, path: string): Buffer | undefined {
	const entry = lfEntryAt(lf, mode, path);
	if (!entry?.blobId) return undefined;
	return readFileSync(repositoryOf(lf, mode).store.pathOf(entry.blobId));
}

describe('Laserfiche imports and exports: byte for byte, sizes checked', () => {
	it('an import then its export give back the same bytes, and the entry has the size', async () => {
		const content = randomBytes(40_000);
		const imported = await run(importInto('\\Archive', 'round trip'), {
			input: fileInput(content),
		});
		expect(imported.errors.map((item) => item.json.message)).toEqual([]);
		expect(imported.success[0].json).toMatchObject({
			name: 'round trip',
			electronicDocumentSize: content.length,
		});
		expect(md5(storedBytes(CLOUD, '\\Archive\\round trip')!)).toBe(md5(content));
		const exported = await run(exportOf('\\Archive\\round trip'));
		expect(exported.errors).toEqual([]);
		expect(md5(await readBinary(exported.success[0], 'data'))).toBe(md5(content));
	});

	it('a 0-byte document imports where the server accepts empty files (emulator emptyImport: accept; reject: test/laserfiche/empty-import.test.ts)', async () => {
		const result = await run(importInto('\\Archive', 'empty'), {
			input: fileInput(Buffer.alloc(0), 'empty.txt'),
		});
		expect(result.errors.map((item) => item.json.message)).toEqual([]);
		expect(lfChildren(lf, CLOUD, '\\Archive')).toEqual(['empty']);
	});

	it('a chunked import (above the simple-import limit) is stored byte for byte', async () => {
		const content = randomBytes(20_000);
		const result = await run(importInto('\\Archive', 'chunked', { simpleImportLimit: 0.01 }), {
			input: fileInput(content),
		});
		expect(result.errors.map((item) => item.json.message)).toEqual([]);
		expect(matching(lf.state.requests, 'PUT', /^\/storage\/uploads\//)).toHaveLength(1);
		expect(md5(storedBytes(CLOUD, '\\Archive\\chunked')!)).toBe(md5(content));
	});

	it('a part sent again after its URL was renewed goes to the renewed URL (one renewal per part)', async () => {
		// The part's first URL is refused with 403 (as S3 refuses an expired one); the first send to the
		// renewed URL arrives changed (the ETag shows it), so the part is sent a third time.
		lf.faults.add({
			kind: 'status',
			status: 403,
			method: 'PUT',
			pathPattern: /^\/storage\/uploads\//,
			times: 1,
		});
		const content = randomBytes(20_000);
		const result = await run(importInto('\\Archive', 'renewed', { simpleImportLimit: 0.01 }), {
			input: fileInput(content),
			rule: { method: 'PUT', pattern: /^\/storage\/uploads\//, request: 'flipByte', times: 2 },
		});
		expect(result.errors.map((item) => item.json.message)).toEqual([]);
		const sends = matching(lf.state.requests, 'PUT', /^\/storage\/uploads\//);
		expect(sends.map((send) => send.status)).toEqual([403, 200, 200]);
		expect(sends[1].url).not.toBe(sends[0].url);
		expect(sends[2].url).toBe(sends[1].url);
		const urlRequests = matching(
			lf.state.requests,
			'POST',
			/\/Entries\/CreateMultipartUploadUrls$/,
		);
		expect(urlRequests.map((request) => (request.body as IDataObject).startingPartNumber)).toEqual([
			1, 1,
		]);
		expect(md5(storedBytes(CLOUD, '\\Archive\\renewed')!)).toBe(md5(content));
	});

	it('a chunked part changed in transit (same length) is caught by its ETag: the item fails, nothing is stored', async () => {
		const content = randomBytes(20_000);
		const result = await run(importInto('\\Archive', 'chunked', { simpleImportLimit: 0.01 }), {
			input: fileInput(content),
			rule: { method: 'PUT', pattern: /^\/storage\/uploads\//, request: 'flipByte' },
		});
		expect(proxy.changed[0]).toBeGreaterThan(0);
		expect(result.success).toEqual([]);
		expect(result.errors).toHaveLength(1);
		expect(lfChildren(lf, CLOUD, '\\Archive')).toEqual([]);
	});

	it('an export cut short with a clean end (no Content-Length) is caught by its size: the item fails, no short file', async () => {
		const result = await run(exportOf('\\Invoices\\2026\\INV-2026-0001 Acme Corp'), {
			rule: { method: 'GET', pattern: /^\/storage\/exports\//, response: 'truncateHalf' },
		});
		expect(proxy.changed[0]).toBeGreaterThan(0);
		expect(result.success).toEqual([]);
		expect(result.errors).toHaveLength(1);
	});

	it('an export cut once in the middle of the body is fetched again and complete', async () => {
		lf.faults.add({
			kind: 'reset',
			afterBytes: 100,
			method: 'GET',
			pathPattern: /^\/storage\/exports\//,
			times: 1,
		});
		const result = await run(exportOf('\\Invoices\\2026\\INV-2026-0001 Acme Corp'));
		expect(result.errors.map((item) => item.json.message)).toEqual([]);
		expect(md5(await readBinary(result.success[0], 'data'))).toBe(
			md5(storedBytes(CLOUD, '\\Invoices\\2026\\INV-2026-0001 Acme Corp')!),
		);
	});

	it('an export cut every time fails the item after a bounded number of attempts, with no short file', async () => {
		lf.faults.add({
			kind: 'reset',
			afterBytes: 100,
			method: 'GET',
			pathPattern: /^\/storage\/exports\//,
			times: -1,
		});
		const result = await run(exportOf('\\Invoices\\2026\\INV-2026-0001 Acme Corp'));
		expect(result.success).toEqual([]);
		expect(result.errors).toHaveLength(1);
		expect(matching(lf.state.requests, 'GET', /^\/storage\/exports\//).length).toBeLessThanOrEqual(
			12,
		);
	});
});

describe('Laserfiche: a failed import leaves nothing in the target folder', () => {
	const content = randomBytes(30_000);

	it.each([
		[
			'the import refused (500), Cloud',
			CLOUD,
			() =>
				lf.faults.add({
					kind: 'status',
					status: 500,
					method: 'POST',
					pathPattern: /\/Folder\/Import$/,
					times: -1,
				}),
		],
		[
			'the import cut while it is sent, self-hosted v1',
			SELF_HOSTED_V1,
			() =>
				lf.faults.add({
					kind: 'reset',
					afterBytes: 2000,
					phase: 'request',
					method: 'POST',
					pathPattern: /\/Entries\/\d+\/lost$/,
					times: -1,
				}),
		],
		[
			'the import refused (503), self-hosted v1',
			SELF_HOSTED_V1,
			() =>
				lf.faults.add({
					kind: 'status',
					status: 503,
					method: 'POST',
					pathPattern: /\/Entries\/\d+\/lost$/,
					times: -1,
				}),
		],
		[
			'ImportUploadedParts refused (500) after the parts went up, Cloud chunked',
			CLOUD,
			() =>
				lf.faults.add({
					kind: 'status',
					status: 500,
					method: 'POST',
					pathPattern: /ImportUploadedParts$/,
					times: -1,
				}),
		],
		[
			'every chunked part cut while it is sent, Cloud',
			CLOUD,
			() =>
				lf.faults.add({
					kind: 'reset',
					afterBytes: 2000,
					phase: 'request',
					method: 'PUT',
					pathPattern: /^\/storage\/uploads\//,
					times: -1,
				}),
		],
	] as const)('%s: the item fails, nothing is stored', async (label, mode, arm) => {
		arm();
		const chunked = label.includes('chunked');
		const result = await run(
			importInto('\\Archive', 'lost', chunked ? { simpleImportLimit: 0.01 } : {}),
			{ input: fileInput(content), mode },
		);
		expect(result.success).toEqual([]);
		expect(result.errors).toHaveLength(1);
		expect(lfChildren(lf, mode, '\\Archive')).toEqual([]);
	});

	it.each([
		['Cloud', CLOUD, /\/Folder\/Import$/],
		['self-hosted v1', SELF_HOSTED_V1, /\/Entries\/\d+\/lost$/],
	] as const)(
		'%s: the answer cut after Laserfiche created the document: success with the whole document, or failure with nothing stored',
		async (_label, mode, pattern) => {
			lf.faults.add({
				kind: 'reset',
				afterBytes: 10,
				phase: 'response',
				method: 'POST',
				pathPattern: pattern,
				times: 1,
			});
			const result = await run(importInto('\\Archive', 'lost'), {
				input: fileInput(content),
				mode,
			});
			const names = lfChildren(lf, mode, '\\Archive');
			if (result.success.length === 1) {
				expect(names).toEqual(['lost']);
				expect(md5(storedBytes(mode, '\\Archive\\lost')!)).toBe(md5(content));
			} else {
				expect(result.errors).toHaveLength(1);
				expect(names).toEqual([]);
			}
		},
	);

	it.each([
		['Cloud', CLOUD],
		['self-hosted v1', SELF_HOSTED_V1],
	] as const)(
		'%s: the input binary shrinks after it was described: the item fails, no short document is stored',
		async (_label, mode) => {
			let truncated = 0;
			// The node reads the parent folder first (it checks it and refreshes an expired token): cut then.
			const restore = onLaserficheRequest(lf, 'GET', /\/Entries\/(ByPath|\d+)$/, 1, () => {
				truncated = truncateStoredInput(content, content.length - 100);
			});
			try {
				const result = await run(importInto('\\Archive', 'lost'), {
					input: fileInput(content),
					mode,
				});
				expect(truncated).toBeGreaterThan(0);
				expect(result.success).toEqual([]);
				expect(result.errors).toHaveLength(1);
				expect(lfChildren(lf, mode, '\\Archive')).toEqual([]);
			} finally {
				restore();
			}
		},
	);
});
