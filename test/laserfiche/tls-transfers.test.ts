/**
 * Transfers over TLS: a self-hosted API Server behind a TLS-terminating front (IIS TLS offload, a load
 * balancer; test/laserfiche/tls-front.ts) with Ignore SSL Issues on. Simple import, chunked import (API
 * v2: part URLs) and export (API v2: the export task's download link; API v1: ranged reads) all go over
 * the front. Behind such a front the server may build the links it hands out (part URLs, download links)
 * with http:// and its own host (it sees plain http): the node then uses the API root's scheme for a link
 * to the API root's own host and port, and leaves every other link (S3, another host) as it is.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { LaserficheEmulator, Mode } from './helpers';
import {
	SELF_HOSTED_V1,
	SELF_HOSTED_V2,
	byPath,
	requestsSince,
	sha256Of,
	runLaserfiche,
	selfHostedCredentialData,
	startEmulator,
} from './helpers';
import type { TlsFront } from './tls-front';
import { startTlsFront } from './tls-front';
import { transferLink } from '../../nodes/Laserfiche/transport/request';

const MIB = 1024 * 1024;
let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'lf-tls-transfers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([SELF_HOSTED_V1, SELF_HOSTED_V2])(
	'transfers over a TLS front, $label',
	(mode: Mode) => {
		let lf: LaserficheEmulator;
		let front: TlsFront;
		beforeAll(async () => {
			lf = await startEmulator();
			front = await startTlsFront(Number(new URL(lf.baseUrl).port));
		});
		afterAll(async () => {
			await front.stop();
			await lf.stop();
		});

		const credentials = () => ({
			lf: {
				type: 'laserficheSelfHostedApi',
				data: {
					...selfHostedCredentialData(lf, mode.version),
					baseUrl: `${front.origin}/LFRepositoryAPI`,
					ignoreSSLIssues: true,
				},
			},
		});

		// API v1 has no chunked upload.
		const cases: Array<[string, number, number]> = [['simple import', 2 * MIB, 100]];
		if (mode.version === 'v2') cases.push(['chunked import', 11 * MIB + 3, 5]);

		it.each(cases)(
			'%s and export, every request through the front',
			async (label, size, simpleImportLimit) => {
				const bytes = randomBytes(size);
				const path = join(dir, `${mode.version}-${size}.bin`);
				writeFileSync(path, bytes);
				const name = `TLS ${label} ${mode.version}`;
				const from = lf.state.requests.length;
				const frontFrom = front.seen.length;
				const imported = await runLaserfiche(
					lf,
					mode,
					{
						resource: 'document',
						operation: 'import',
						parentFolder: byPath('\\Archive'),
						binaryPropertyName: 'data',
						options: { simpleImportLimit },
					} as never,
					{
						credentials: credentials(),
						input: [
							{
								json: {},
								binary: { data: { path, fileName: `${name}.bin`, mimeType: 'application/pdf' } },
							},
						],
					},
				);
				expect(imported.errors.map((item) => item.json)).toEqual([]);
				expect(imported.success[0].json.electronicDocumentSize).toBe(size);
				const exported = await runLaserfiche(
					lf,
					mode,
					{
						resource: 'document',
						operation: 'export',
						entry: byPath(`\\Archive\\${name}`),
						binaryPropertyName: 'data',
						options: {},
					} as never,
					{ credentials: credentials() },
				);
				expect(exported.errors.map((item) => item.json)).toEqual([]);
				expect((await sha256Of(exported.success[0])).sha256).toBe(
					createHash('sha256').update(bytes).digest('hex'),
				);

				const seen = requestsSince(lf, from);
				if (label === 'chunked import')
					expect(
						seen.filter((request) => request.path.startsWith('/storage/uploads/')).length,
					).toBe(3);
				expect(
					front.seen.slice(frontFrom).filter((request) => !request.url.startsWith('/__emulator')),
				).toHaveLength(seen.length);
				expect(front.tlsErrors).toBe(0);
			},
		);
	},
);

describe('transferLink', () => {
	const connection = { apiRoot: 'https://lf.example.com/LFRepositoryAPI' };
	it.each([
		// TLS offload: the server's own host on http → the API root's https
		[
			'http://lf.example.com/storage/exports/1/a.pdf?x=1',
			'https://lf.example.com/storage/exports/1/a.pdf?x=1',
		],
		// already on the API root's scheme
		['https://lf.example.com/storage/1', 'https://lf.example.com/storage/1'],
		// another host (S3), another port: left alone
		[
			'http://bucket.s3.amazonaws.com/part?X-Amz-Signature=a',
			'http://bucket.s3.amazonaws.com/part?X-Amz-Signature=a',
		],
		['http://lf.example.com:8080/storage/1', 'http://lf.example.com:8080/storage/1'],
	])('%s → %s', (link, expected) => {
		expect(transferLink(connection, link)).toBe(expected);
	});
});
