/**
 * Documents in and out, streamed: a 20 MiB import and export come back byte-identical in both modes;
 * above the server's simple-import limit, API v2 imports through chunked upload (parts to pre-signed
 * URLs, then ImportUploadedParts); a streamed upload refused with a 401 is sent again after n8n's token
 * refresh, from a freshly opened stream.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { LaserficheEmulator, Mode } from './helpers';
import {
	CLOUD,
	CredentialStore,
	MODES,
	SELF_HOSTED_V1,
	byId,
	byPath,
	contractViolations,
	expectNoSecrets,
	repositoryOf,
	requestsSince,
	sha256Of,
	runLaserfiche,
	secretsOf,
	startEmulator,
	visibleText,
} from './helpers';

const MIB = 1024 * 1024;
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'lf-documents-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function makeFile(name: string, size: number): { path: string; sha256: string } {
	const path = join(dir, name);
	const content = randomBytes(size);
	writeFileSync(path, content);
	return { path, sha256: createHash('sha256').update(content).digest('hex') };
}

function importParameters(parentFolder: unknown, options: Record<string, unknown> = {}) {
	return {
		resource: 'document',
		operation: 'import',
		parentFolder,
		binaryPropertyName: 'data',
		options,
	} as never;
}

describe.each(MODES)('20 MiB round trip, $label', (mode: Mode) => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());

	it('imports in one streamed multipart request and exports the same bytes', async () => {
		const file = makeFile(`big-${mode.authentication}.bin`, 20 * MIB);
		const from = lf.state.requests.length;
		const imported = await runLaserfiche(lf, mode, importParameters(byPath('\\Archive')), {
			input: [
				{
					json: {},
					binary: {
						data: {
							path: file.path,
							fileName: 'Big Scan.bin',
							mimeType: 'application/octet-stream',
						},
					},
				},
			],
		});
		expect(imported.status).toBe('success');
		expect(imported.success[0].json).toMatchObject({
			name: 'Big Scan',
			fullPath: '\\Archive\\Big Scan',
			electronicDocumentSize: 20 * MIB,
		});

		const uploads = requestsSince(lf, from).filter(
			(request) => request.method === 'POST' && /Import$|\/Big%20Scan/.test(request.path),
		);
		expect(uploads).toHaveLength(1);
		// An exact Content-Length, not chunked transfer encoding.
		expect(Number(uploads[0].headers['content-length'])).toBeGreaterThan(20 * MIB);
		expect(uploads[0].headers['transfer-encoding']).toBeUndefined();
		expect(String(uploads[0].headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);

		const exported = await runLaserfiche(lf, mode, {
			resource: 'document',
			operation: 'export',
			entry: byPath('\\Archive\\Big Scan'),
		} as never);
		expect(exported.status).toBe('success');
		expect(exported.success[0].binary?.data).toMatchObject({
			fileName: 'Big Scan.bin',
			mimeType: 'application/octet-stream',
		});
		expect(await sha256Of(exported.success[0])).toEqual({ sha256: file.sha256, size: 20 * MIB });
		expect(contractViolations(requestsSince(lf, from))).toEqual([]);
		const secrets = secretsOf(lf);
		expectNoSecrets(visibleText(imported), secrets);
		expectNoSecrets(visibleText(exported), secrets);
	});
});

describe('chunked upload (API v2)', () => {
	it("goes through chunked upload when the file is above the node's simple-import limit", async () => {
		const lf = await startEmulator();
		try {
			const file = makeFile('chunked-1.bin', 12 * MIB + 123);
			const from = lf.state.requests.length;
			const imported = await runLaserfiche(
				lf,
				CLOUD,
				importParameters(byPath('\\Archive'), { simpleImportLimit: 10 }),
				{
					input: [
						{
							json: {},
							binary: {
								data: {
									path: file.path,
									fileName: 'Parts.bin',
									mimeType: 'application/octet-stream',
								},
							},
						},
					],
				},
			);
			expect(imported.status).toBe('success');
			expect(imported.success[0].json).toMatchObject({
				name: 'Parts',
				fullPath: '\\Archive\\Parts',
				electronicDocumentSize: 12 * MIB + 123,
			});

			const requests = requestsSince(lf, from);
			const steps = requests.map(
				(request) =>
					`${request.method} ${request.path.replace(/\/storage\/uploads\/[^/]+\//, '/storage/uploads/…/')}`,
			);
			expect(
				steps.filter(
					(step) => step.includes('/Folder/Import') && !step.includes('ImportUploadedParts'),
				),
			).toEqual([]);
			const urlsRequest = requests.find((request) =>
				request.path.endsWith('/Entries/CreateMultipartUploadUrls'),
			);
			expect(urlsRequest?.body).toMatchObject({
				startingPartNumber: 1,
				numberOfParts: 3,
				fileName: 'Parts.bin',
				mimeType: 'application/octet-stream',
			});
			const parts = requests.filter(
				(request) => request.method === 'PUT' && request.path.startsWith('/storage/uploads/'),
			);
			expect(parts.map((part) => Number(part.headers['content-length']))).toEqual([
				5 * MIB,
				5 * MIB,
				2 * MIB + 123,
			]);
			for (const part of parts) expect(part.headers.authorization).toBeUndefined();
			const importParts = requests.find((request) =>
				request.path.endsWith('/Folder/ImportUploadedParts'),
			);
			expect(importParts?.body).toMatchObject({
				name: 'Parts',
				partETags: parts.map((part) => part.response?.headers.etag),
			});

			const exported = await runLaserfiche(lf, CLOUD, {
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Archive\\Parts'),
			} as never);
			expect(await sha256Of(exported.success[0])).toEqual({
				sha256: file.sha256,
				size: 12 * MIB + 123,
			});
			expect(contractViolations(requestsSince(lf, from))).toEqual([]);
		} finally {
			await lf.stop();
		}
	});

	it('falls back to chunked upload when the server refuses a simple import as too large (413)', async () => {
		const lf = await startEmulator({ simpleImportLimitBytes: 3 * MIB });
		try {
			const file = makeFile('chunked-2.bin', 7 * MIB);
			const from = lf.state.requests.length;
			const imported = await runLaserfiche(lf, CLOUD, importParameters(byPath('\\Archive')), {
				input: [
					{
						json: {},
						binary: {
							data: {
								path: file.path,
								fileName: 'Too Big.bin',
								mimeType: 'application/octet-stream',
							},
						},
					},
				],
			});
			expect(imported.status).toBe('success');
			const requests = requestsSince(lf, from);
			const simple = requests.filter((request) => request.path.endsWith('/Folder/Import'));
			// The emulator answers 413 as soon as it sees the Content-Length; the node sees the 413, or the
			// connection cut while it still sends the body, and goes on in parts either way.
			expect(simple).toHaveLength(1);
			expect([413, undefined]).toContain(simple[0].status);
			expect(
				requests
					.filter((request) => request.path.startsWith('/storage/uploads/'))
					.map((request) => Number(request.headers['content-length'])),
			).toEqual([5 * MIB, 2 * MIB]);
			const exported = await runLaserfiche(lf, CLOUD, {
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Archive\\Too Big'),
			} as never);
			expect(await sha256Of(exported.success[0])).toEqual({ sha256: file.sha256, size: 7 * MIB });
			// The refused import's body was never read by the emulator (it logs only its size): its headers are
			// checked here, its multipart body by the imports that succeed in the other tests.
			expect(String(simple[0].headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
			expect(
				contractViolations(requestsSince(lf, from).filter((request) => request.status !== 413)),
			).toEqual([]);
		} finally {
			await lf.stop();
		}
	});

	it('API v1 has no chunked upload: a file above the server limit gets the 413 document', async () => {
		const lf = await startEmulator({ simpleImportLimitBytes: 1 * MIB });
		try {
			const file = makeFile('too-big-v1.bin', 2 * MIB);
			const run = await runLaserfiche(lf, SELF_HOSTED_V1, importParameters(byPath('\\Archive')), {
				input: [{ json: { n: 1 }, binary: { data: { path: file.path, fileName: 'Too Big.bin' } } }],
				onError: 'continueErrorOutput',
			});
			expect(run.success).toEqual([]);
			expect(run.errors).toHaveLength(1);
			// The emulator answers 413 as soon as it reads the Content-Length and closes the connection: the node
			// reads either the 413 document or the cut connection, which it names as such.
			const error = run.errors[0].json;
			if (error.error === 'Request is too large.') {
				expect(error.details).toMatchObject({
					status: 413,
					title: 'Request is too large.',
					resource: 'document',
					operation: 'import',
					itemIndex: 0,
				});
			} else {
				expect(error).toMatchObject({
					error: 'Laserfiche closed the connection while the document was being uploaded',
				});
				expect(String(error.message)).toMatch(
					/The file is 2\.0 MB: the server's upload limit may be lower/,
				);
			}
			expect(error.n).toBe(1);
			expect(
				lf.state.requests.some((request) => request.path.includes('CreateMultipartUploadUrls')),
			).toBe(false);
		} finally {
			await lf.stop();
		}
	});
});

describe('tokens and streamed uploads', () => {
	it('a streamed upload answered 429 is sent again from a new stream after Retry-After', async () => {
		const lf = await startEmulator();
		try {
			lf.faults.add({
				kind: 'status',
				status: 429,
				retryAfter: 0,
				method: 'POST',
				pathPattern: '/Folder/Import',
			});
			const file = makeFile('rate-limited.bin', 64 * 1024 + 9);
			const from = lf.state.requests.length;
			const imported = await runLaserfiche(lf, CLOUD, importParameters(byId(2)), {
				input: [{ json: {}, binary: { data: { path: file.path, fileName: 'Rate Limited.bin' } } }],
			});
			expect(imported.status).toBe('success');
			const uploads = requestsSince(lf, from).filter((request) =>
				request.path.endsWith('/Folder/Import'),
			);
			expect(uploads.map((request) => request.status)).toEqual([429, 201]);
			expect(Number(uploads[1].headers['content-length'])).toBe(
				Number(uploads[0].headers['content-length']),
			);
			const exported = await runLaserfiche(lf, CLOUD, {
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Archive\\Rate Limited'),
			} as never);
			expect(await sha256Of(exported.success[0])).toEqual({
				sha256: file.sha256,
				size: 64 * 1024 + 9,
			});
		} finally {
			await lf.stop();
		}
	});

	it.each(MODES)(
		'an expired token is refreshed by a plain request before the upload ($label)',
		async (mode: Mode) => {
			const lf = await startEmulator();
			try {
				const store = new CredentialStore();
				// A first execution stores a token; then every token expires.
				expect(
					(
						await runLaserfiche(
							lf,
							mode,
							{ resource: 'entry', operation: 'get', entry: byId(1) } as never,
							{ store },
						)
					).status,
				).toBe('success');
				lf.expireAllTokens();
				const tokenRequests = () =>
					lf.state.tokenRequests.cloud + lf.state.tokenRequests.selfHosted;
				const before = tokenRequests();
				const from = lf.state.requests.length;
				const file = makeFile(`expired-${mode.authentication}.bin`, 3 * MIB + 7);
				const archive = repositoryOf(lf, mode).resolvePath('\\Archive').entry.id as number;
				const imported = await runLaserfiche(lf, mode, importParameters(byId(archive)), {
					input: [{ json: {}, binary: { data: { path: file.path, fileName: 'Refreshed.bin' } } }],
					store,
				});
				expect(imported.status).toBe('success');
				expect(tokenRequests() - before).toBe(1);
				const steps = requestsSince(lf, from).map(
					(request) => `${request.method} ${request.status}`,
				);
				expect(steps).toEqual([
					'GET 401',
					'POST 200',
					'GET 200',
					'POST 201',
					...(mode.version === 'v1' ? ['GET 200'] : []),
				]);
				const exported = await runLaserfiche(
					lf,
					mode,
					{
						resource: 'document',
						operation: 'export',
						entry: byPath('\\Archive\\Refreshed'),
					} as never,
					{ store },
				);
				expect(await sha256Of(exported.success[0])).toEqual({
					sha256: file.sha256,
					size: 3 * MIB + 7,
				});
				expect(tokenRequests() - before).toBe(1);
				expectNoSecrets(visibleText(imported), secretsOf(lf, store));
			} finally {
				await lf.stop();
			}
		},
	);

	it.each(MODES)(
		'a streamed upload refused with 401 is sent again, from a new stream, after the refresh ($label)',
		async (mode: Mode) => {
			const lf = await startEmulator();
			try {
				const store = new CredentialStore();
				expect(
					(
						await runLaserfiche(
							lf,
							mode,
							{ resource: 'entry', operation: 'get', entry: byId(1) } as never,
							{ store },
						)
					).status,
				).toBe('success');
				const before = lf.state.tokenRequests.cloud + lf.state.tokenRequests.selfHosted;
				// The upload itself meets a 401 (the token expired between the folder check and the upload).
				lf.faults.add({
					kind: 'status',
					status: 401,
					method: 'POST',
					pathPattern: mode.version === 'v2' ? '/Folder/Import' : '/Entries/2/',
				});
				const file = makeFile(`refused-${mode.authentication}.bin`, 64 * 1024 + 5);
				const from = lf.state.requests.length;
				const imported = await runLaserfiche(lf, mode, importParameters(byId(2)), {
					input: [{ json: {}, binary: { data: { path: file.path, fileName: 'Sent Twice.bin' } } }],
					store,
				});
				expect(imported.status).toBe('success');
				expect(lf.state.tokenRequests.cloud + lf.state.tokenRequests.selfHosted - before).toBe(1);
				const uploads = requestsSince(lf, from).filter(
					(request) => request.method === 'POST' && !/Token$/.test(request.path),
				);
				expect(uploads.map((request) => request.status)).toEqual([401, 201]);
				expect(uploads[0].headers.authorization).not.toBe(uploads[1].headers.authorization);
				const exported = await runLaserfiche(
					lf,
					mode,
					{
						resource: 'document',
						operation: 'export',
						entry: byPath('\\Archive\\Sent Twice'),
					} as never,
					{ store },
				);
				expect(await sha256Of(exported.success[0])).toEqual({
					sha256: file.sha256,
					size: 64 * 1024 + 5,
				});
			} finally {
				await lf.stop();
			}
		},
	);
});
