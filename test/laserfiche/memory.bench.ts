/**
 * Benchmark (not part of `npm test`): imports and exports files of two sizes through the real engine
 * and the emulator, sampling the process's RSS, and prints peak RSS above the baseline and throughput.
 * Memory that stays flat between the two sizes shows nothing buffers the file.
 *
 *   npx jest --testMatch '**\/test/laserfiche/memory.bench.ts' --runInBand
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { binaryStream } from '../harness';
import type { Mode } from './helpers';
import { CLOUD, SELF_HOSTED_V1, byPath, runLaserfiche, startEmulator } from './helpers';

const MIB = 1024 * 1024;
const SIZES = [50 * MIB, 200 * MIB];

function writeRandomFile(path: string, size: number): void {
	const fd = openSync(path, 'w');
	const block = randomBytes(4 * MIB);
	for (let written = 0; written < size; written += block.length)
		writeSync(fd, block, 0, Math.min(block.length, size - written));
	closeSync(fd);
}

async function measure<T>(
	work: () => Promise<T>,
): Promise<{ result: T; peakMiB: number; seconds: number }> {
	global.gc?.();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 20);
	const started = process.hrtime.bigint();
	try {
		const result = await work();
		return {
			result,
			peakMiB: (peak - baseline) / MIB,
			seconds: Number(process.hrtime.bigint() - started) / 1e9,
		};
	} finally {
		clearInterval(sampler);
	}
}

jest.setTimeout(600_000);

it('prints memory and throughput of streamed imports and exports', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'lf-bench-'));
	const lines: string[] = [];
	const cases: Array<[string, Mode, Record<string, unknown>]> = [
		['Cloud v2, simple import', CLOUD, { simpleImportLimit: 1024 }],
		['Cloud v2, chunked import', CLOUD, { simpleImportLimit: 1 }],
		['self-hosted v1, simple import', SELF_HOSTED_V1, {}],
	];
	try {
		for (const size of SIZES) {
			const path = join(dir, `file-${size}.bin`);
			writeRandomFile(path, size);
			for (const [label, mode, options] of cases) {
				const lf = await startEmulator({ simpleImportLimitBytes: 2048 * MIB });
				try {
					const name = `Bench ${size}`;
					const imported = await measure(
						async () =>
							await runLaserfiche(
								lf,
								mode,
								{
									resource: 'document',
									operation: 'import',
									parentFolder: byPath('\\Archive'),
									name,
									options,
								} as never,
								{
									input: [{ json: {}, binary: { data: { path, fileName: 'bench.bin' } } }],
								},
							),
					);
					expect(imported.result.status).toBe('success');
					const exported = await measure(async () => {
						const run = await runLaserfiche(lf, mode, {
							resource: 'document',
							operation: 'export',
							entry: byPath(`\\Archive\\${name}`),
						} as never);
						let bytes = 0;
						for await (const chunk of await binaryStream(run.success[0]))
							bytes += (chunk as Buffer).length;
						return bytes;
					});
					expect(exported.result).toBe(size);
					const mb = size / MIB;
					lines.push(
						`${label.padEnd(30)} ${String(mb).padStart(4)} MiB  import: peak +${imported.peakMiB.toFixed(0).padStart(4)} MiB RSS, ${(mb / imported.seconds).toFixed(0).padStart(4)} MiB/s   export: peak +${exported.peakMiB.toFixed(0).padStart(4)} MiB RSS, ${(mb / exported.seconds).toFixed(0).padStart(4)} MiB/s`,
					);
				} finally {
					await lf.stop();
				}
			}
			rmSync(path);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	process.stdout.write(`\n${lines.join('\n')}\n\n`);
});
