/**
 * Chunked upload (API v2) at its edges: part URLs that expire in the middle of an upload are renewed one
 * part at a time (S3 refuses an expired pre-signed URL with 403; the emulator does the same once
 * uploadUrlLifetimeSeconds pass), and a file of more than 100 parts asks for its URLs in batches (one
 * CreateMultipartUploadUrls call gives at most 100).
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { LaserficheEmulator } from './helpers';
import {
	CLOUD,
	byPath,
	contractViolations,
	onLaserficheRequest,
	requestsSince,
	sha256Of,
	runLaserfiche,
	startEmulator,
} from './helpers';

const MIB = 1024 * 1024;
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'lf-chunked-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of random bytes written 4 MiB at a time; its SHA-256. */
function makeFile(name: string, size: number): { path: string; sha256: string } {
	const path = join(dir, name);
	const hash = createHash('sha256');
	const fd = openSync(path, 'w');
	try {
		for (let written = 0; written < size; ) {
			const chunk = randomBytes(Math.min(4 * MIB, size - written));
			writeSync(fd, chunk);
			hash.update(chunk);
			written += chunk.length;
		}
	} finally {
		closeSync(fd);
	}
	return { path, sha256: hash.digest('hex') };
}

async function importAndExport(lf: LaserficheEmulator, name: string, size: number) {
	const file = makeFile(`${name}.bin`, size);
	const from = lf.state.requests.length;
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
						data: {
							path: file.path,
							fileName: `${name}.bin`,
							mimeType: 'application/octet-stream',
						},
					},
				},
			],
		},
	);
	expect(imported.errors.map((item) => item.json)).toEqual([]);
	expect(imported.success[0].json.electronicDocumentSize).toBe(size);
	const requests = requestsSince(lf, from);
	const exported = await runLaserfiche(lf, CLOUD, {
		resource: 'document',
		operation: 'export',
		entry: byPath(`\\Archive\\${name}`),
	} as never);
	expect(await sha256Of(exported.success[0])).toEqual({ sha256: file.sha256, size });
	expect(contractViolations(requestsSince(lf, from))).toEqual([]);
	return requests;
}

const urlRequests = (requests: ReturnType<typeof requestsSince>) =>
	requests
		.filter((request) => request.path.endsWith('/Entries/CreateMultipartUploadUrls'))
		.map(
			(request) =>
				request.body as { uploadId?: string; startingPartNumber: number; numberOfParts: number },
		);

describe('chunked upload (API v2), part URLs and batches', () => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());

	it('part URLs that expire in the middle of the upload are renewed, one part at a time', async () => {
		// The clock passes the URLs' lifetime as the second part is sent: parts 2 and 3 find theirs expired.
		const restore = onLaserficheRequest(lf, 'PUT', /^\/storage\/uploads\//, 2, () =>
			lf.advanceTime((lf.emulator.options.uploadUrlLifetimeSeconds + 1) * 1000),
		);
		let requests;
		try {
			requests = await importAndExport(lf, 'Expiring', 12 * MIB + 5);
		} finally {
			restore();
		}
		const puts = requests
			.filter((request) => request.method === 'PUT' && request.path.startsWith('/storage/uploads/'))
			.map((request) => `${request.path.split('/').pop()} ${String(request.status)}`);
		expect(puts.filter((put) => put.endsWith(' 403')).sort()).toEqual(['2 403', '3 403']);
		expect(puts.filter((put) => put.endsWith(' 200')).sort()).toEqual(['1 200', '2 200', '3 200']);
		const batches = urlRequests(requests);
		expect(batches[0]).toMatchObject({ startingPartNumber: 1, numberOfParts: 3 });
		expect(batches[0].uploadId).toBeUndefined();
		const uploadId = requests
			.find((request) => request.path.startsWith('/storage/uploads/'))!
			.path.split('/')[3];
		expect(
			batches
				.slice(1)
				.map(
					(batch) =>
						`${String(batch.uploadId === uploadId)} ${batch.startingPartNumber}+${batch.numberOfParts}`,
				)
				.sort(),
		).toEqual(['true 2+1', 'true 3+1']);
	});

	it('a file of 101 parts asks for its URLs in two batches (100, then 1) of the same upload', async () => {
		const requests = await importAndExport(lf, 'Many Parts', 100 * 5 * MIB + 1);
		const batches = urlRequests(requests);
		expect(batches.map((batch) => [batch.startingPartNumber, batch.numberOfParts])).toEqual([
			[1, 100],
			[101, 1],
		]);
		expect(batches[0].uploadId).toBeUndefined();
		const uploadId = requests
			.find((request) => request.path.startsWith('/storage/uploads/'))!
			.path.split('/')[3];
		expect(batches[1].uploadId).toBe(uploadId);
		const parts = requests.filter(
			(request) => request.method === 'PUT' && request.path.startsWith('/storage/uploads/'),
		);
		expect(parts).toHaveLength(101);
		expect(
			Number(parts.find((part) => part.path.endsWith('/101'))?.headers['content-length']),
		).toBe(1);
	});
});
