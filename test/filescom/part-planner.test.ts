/**
 * The Files.com part planner on its own (a pure function): part size, part count, parallel parts and resends
 * from the file's size and begin_upload's FileUploadPart fields (partsize, next_partsize, available_parts,
 * parallel_parts, retry_parts). The uploads themselves are tested against the emulator in files.test.ts and
 * test/reliability/filescom-*.test.ts.
 */
import { MIN_PART_SIZE, planParts } from '../../nodes/FilesCom/transport/part-planner';

const MIB = 1024 * 1024;

describe('part size and count', () => {
	it('takes the part size Files.com gives and counts the parts, the last one shorter', () => {
		expect(
			planParts({ size: 12 * MIB + 1, answer: { partsize: 6 * MIB }, concurrency: 3 }),
		).toEqual({
			partSize: 6 * MIB,
			partCount: 3,
			concurrency: 3,
			retryParts: true,
		});
	});

	it('uses 5 MiB parts when begin_upload gives no (or no usable) part size', () => {
		for (const partsize of [undefined, 0, -1, 'abc', null]) {
			expect(planParts({ size: 11 * MIB, answer: { partsize }, concurrency: 2 })).toMatchObject({
				partSize: MIN_PART_SIZE,
				partCount: 3,
			});
		}
		expect(MIN_PART_SIZE).toBe(5 * MIB);
	});

	it('reads numbers Files.com sends as text', () => {
		expect(
			planParts({
				size: 20 * MIB,
				answer: { partsize: String(10 * MIB), available_parts: '2' },
				concurrency: 1,
			}),
		).toMatchObject({
			partSize: 10 * MIB,
			partCount: 2,
		});
	});

	it('makes the parts larger when the file would need more than available_parts', () => {
		const size = 10 * MIB + 7;
		const plan = planParts({
			size,
			answer: { partsize: MIB, available_parts: 4 },
			concurrency: 10,
		});
		expect(plan.partSize).toBe(Math.ceil(size / 4));
		expect(plan.partCount).toBe(4);
		expect(plan.partSize * (plan.partCount! - 1)).toBeLessThan(size);
		expect(plan.partSize * plan.partCount!).toBeGreaterThanOrEqual(size);
	});

	it('allows 10,000 parts when available_parts is not given', () => {
		const size = 10_001 * MIB;
		expect(planParts({ size, answer: { partsize: MIB }, concurrency: 1 })).toMatchObject({
			partSize: Math.ceil(size / 10_000),
			partCount: 10_000,
		});
		expect(
			planParts({ size: 10_000 * MIB, answer: { partsize: MIB }, concurrency: 1 }),
		).toMatchObject({ partSize: MIB, partCount: 10_000 });
	});

	it('plans one part for a file exactly one part long, and one empty part for a 0-byte file', () => {
		expect(
			planParts({ size: 5 * MIB, answer: { partsize: 5 * MIB }, concurrency: 3 }),
		).toMatchObject({ partCount: 1, concurrency: 1 });
		expect(planParts({ size: 0, answer: { partsize: 5 * MIB }, concurrency: 3 })).toEqual({
			partSize: 5 * MIB,
			partCount: 1,
			concurrency: 1,
			retryParts: true,
		});
	});

	it('leaves the count open when the size is not known (every part partsize, no available_parts rule)', () => {
		expect(
			planParts({ answer: { partsize: 8 * MIB, available_parts: 1 }, concurrency: 4 }),
		).toEqual({
			partSize: 8 * MIB,
			partCount: undefined,
			concurrency: 4,
			retryParts: true,
		});
	});

	it('does not use next_partsize (documented by the SDKs as unused): all parts but the last have the first size', () => {
		expect(
			planParts({
				size: 30 * MIB,
				answer: { partsize: 6 * MIB, next_partsize: 12 * MIB },
				concurrency: 2,
			}),
		).toMatchObject({
			partSize: 6 * MIB,
			partCount: 5,
		});
	});
});

describe('parallel parts and resends', () => {
	it('sends at most the requested parts at once, never more than there are parts', () => {
		expect(
			planParts({ size: 50 * MIB, answer: { partsize: 5 * MIB }, concurrency: 3 }).concurrency,
		).toBe(3);
		expect(
			planParts({ size: 10 * MIB, answer: { partsize: 5 * MIB }, concurrency: 8 }).concurrency,
		).toBe(2);
		expect(
			planParts({ size: 10 * MIB, answer: { partsize: 5 * MIB }, concurrency: 0 }).concurrency,
		).toBe(1);
	});

	it('sends one part at a time when Files.com says parallel_parts: false (only false: a missing field allows them)', () => {
		expect(
			planParts({
				size: 50 * MIB,
				answer: { partsize: 5 * MIB, parallel_parts: false },
				concurrency: 5,
			}).concurrency,
		).toBe(1);
		expect(
			planParts({
				size: 50 * MIB,
				answer: { partsize: 5 * MIB, parallel_parts: true },
				concurrency: 5,
			}).concurrency,
		).toBe(5);
		expect(
			planParts({
				size: 50 * MIB,
				answer: { partsize: 5 * MIB, parallel_parts: 'false' },
				concurrency: 5,
			}).concurrency,
		).toBe(5);
	});

	it('lets parts be sent again unless Files.com says retry_parts: false', () => {
		expect(planParts({ size: MIB, answer: {}, concurrency: 1 }).retryParts).toBe(true);
		expect(planParts({ size: MIB, answer: { retry_parts: true }, concurrency: 1 }).retryParts).toBe(
			true,
		);
		expect(
			planParts({ size: MIB, answer: { retry_parts: false }, concurrency: 1 }).retryParts,
		).toBe(false);
	});
});
