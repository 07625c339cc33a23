/**
 * Exports above the service's limits, with the emulator enforcing them (lib/export-limits.js): a document
 * larger than 50,000,000 bytes comes back byte-identical in every mode, under every answer the emulator
 * offers for the undocumented cases.
 * - API v2 exports through ExportAsync (a task whose result.uri is the download link), never the
 *   synchronous Export, which the spec bounds to 60 s and the emulator refuses for such a document.
 * - API v1 reads the document in 32 MiB ranges (the export guide asks for ranges above 50 MB); an
 *   un-ranged read of it is refused, cut or served as the emulator's `v1LargeExport` says.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { apiClient, cloudToken, selfHostedToken } from '../emulators/laserfiche/fixtures/helpers';
import type { LaserficheEmulator } from './helpers';
import {
	CLOUD,
	MODES,
	SELF_HOSTED_V1,
	byPath,
	contractViolations,
	repositoryOf,
	requestsSince,
	sha256Of,
	runLaserfiche,
	startEmulator,
} from './helpers';

const MIB = 1024 * 1024;
/** Above the 50,000,000 bytes both limits are set to, and more than two 32 MiB ranges. */
const SIZE = 70 * MIB;
const RANGE = 32 * MIB;

let dir: string;
let file: { path: string; sha256: string };

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'lf-large-export-'));
	const content = randomBytes(SIZE);
	file = {
		path: join(dir, 'large.bin'),
		sha256: createHash('sha256').update(content).digest('hex'),
	};
	writeFileSync(file.path, content);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BEHAVIOURS = [
	{ v1LargeExport: 'refuse', syncExportOverLimit: 'problem', v1Status: 413, syncStatus: 500 },
	{ v1LargeExport: 'cut', syncExportOverLimit: 'gateway', v1Status: 200, syncStatus: 504 },
	{ v1LargeExport: 'serve', syncExportOverLimit: 'problem', v1Status: 200, syncStatus: 500 },
] as const;

describe.each(BEHAVIOURS)(
	'a 70 MiB document, emulator v1LargeExport=$v1LargeExport, syncExportOverLimit=$syncExportOverLimit',
	(behaviour) => {
		let lf: LaserficheEmulator;
		beforeAll(async () => {
			// The limits at their defaults (50,000,000 bytes); only the undocumented answers vary.
			lf = await startEmulator({
				v1LargeExport: behaviour.v1LargeExport,
				syncExportOverLimit: behaviour.syncExportOverLimit,
			});
		});
		afterAll(async () => await lf.stop());

		it.each(MODES)('$label: exported byte-identical, within the limits', async (mode) => {
			const name = `Large ${mode.authentication} ${mode.version}`;
			const imported = await runLaserfiche(
				lf,
				mode,
				{
					resource: 'document',
					operation: 'import',
					parentFolder: byPath('\\Archive'),
					binaryPropertyName: 'data',
					options: {},
				} as never,
				{
					input: [
						{
							json: {},
							binary: {
								data: { path: file.path, fileName: `${name}.bin`, mimeType: 'application/pdf' },
							},
						},
					],
				},
			);
			expect(imported.status).toBe('success');
			expect(imported.success[0].json.electronicDocumentSize).toBe(SIZE);

			const from = lf.state.requests.length;
			const exported = await runLaserfiche(lf, mode, {
				resource: 'document',
				operation: 'export',
				entry: byPath(`\\Archive\\${name}`),
				binaryPropertyName: 'data',
				options: {},
			} as never);
			expect(exported.errors.map((item) => item.json)).toEqual([]);
			expect(await sha256Of(exported.success[0])).toEqual({ sha256: file.sha256, size: SIZE });
			const requests = requestsSince(lf, from);
			expect(contractViolations(requests)).toEqual([]);
			const reads = requests.filter((request) => /edoc$|\/storage\/exports\//.test(request.path));
			if (mode.version === 'v1') {
				expect(reads.map((request) => [request.headers.range, request.status])).toEqual([
					[`bytes=0-${RANGE - 1}`, 206],
					[`bytes=${RANGE}-${2 * RANGE - 1}`, 206],
					[`bytes=${2 * RANGE}-${SIZE - 1}`, 206],
				]);
			} else {
				expect(requests.filter((request) => /\/Export$/.test(request.path))).toEqual([]);
				expect(
					requests.filter((request) => /\/ExportAsync$/.test(request.path)).map((r) => r.status),
				).toEqual([202]);
				expect(reads.map((request) => [request.headers.range, request.status])).toEqual([
					[undefined, 200],
				]);
			}
		});

		it('the emulator enforces the limits on the same document', async () => {
			const v2 = apiClient(lf, 'cloud', await cloudToken(lf));
			const cloudDoc = repositoryOf(lf, CLOUD).resolvePath(`\\Archive\\Large cloud v2`).entry;
			const sync = await v2('POST', `/Entries/${cloudDoc.id}/Export`, { json: { part: 'Edoc' } });
			expect(sync.status).toBe(behaviour.syncStatus);

			const v1 = apiClient(lf, 'selfHosted', await selfHostedToken(lf), 'v1');
			const v1Doc = repositoryOf(lf, SELF_HOSTED_V1).resolvePath(
				`\\Archive\\Large selfHosted v1`,
			).entry;
			const whole = await v1(
				'GET',
				`/Entries/${v1Doc.id}/Laserfiche.Repository.Document/edoc`,
			).catch((error: Error) => ({ status: 'cut', error }));
			if (behaviour.v1LargeExport === 'cut') {
				expect(whole.status).toBe('cut');
			} else {
				expect(whole.status).toBe(behaviour.v1Status);
			}
		});
	},
);
