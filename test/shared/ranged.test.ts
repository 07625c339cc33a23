/**
 * Ranged downloads on their own (nodes/shared/ranged.ts), against a server stand-in that answers byte
 * ranges of a buffer the ways HTTP allows: 206 with exactly the range, fewer bytes than asked, the whole
 * body (200, Range ignored), a wrong Content-Range, a body that ends early. The Laserfiche v1 export over
 * the emulator is in test/laserfiche/large-export.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import type { FetchRange, RangeAnswer } from '../../nodes/shared/ranged';
import { parseContentRange, rangedDownload } from '../../nodes/shared/ranged';

const content = randomBytes(10_000);

interface Server {
	fetch: FetchRange;
	asked: Array<string | undefined>;
}

/** Answers ranges of `content`; `shape` may change an answer (the n-th request, 0-based). */
function server(
	shape: (
		answer: RangeAnswer,
		index: number,
		range?: { start: number; end: number },
	) => RangeAnswer = (answer) => answer,
	maxRange = Infinity,
): Server {
	const asked: Array<string | undefined> = [];
	const fetch: FetchRange = async (range) => {
		const index = asked.length;
		asked.push(range ? `${range.start}-${range.end}` : undefined);
		if (!range) {
			return shape(
				{
					statusCode: 200,
					headers: { 'content-type': 'application/pdf', 'content-length': String(content.length) },
					body: Readable.from([content]),
				},
				index,
			);
		}
		const end = Math.min(range.end, content.length - 1, range.start + maxRange - 1);
		return shape(
			{
				statusCode: 206,
				headers: {
					'Content-Type': 'application/pdf',
					'Content-Range': `bytes ${range.start}-${end}/${content.length}`,
				},
				body: Readable.from([content.subarray(range.start, end + 1)]),
			},
			index,
			range,
		);
	};
	return { fetch, asked };
}

async function read(body: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

describe('parseContentRange', () => {
	it('reads bytes start-end/total and refuses anything else', () => {
		expect(parseContentRange('bytes 0-99/1234')).toEqual({ start: 0, end: 99, total: 1234 });
		expect(parseContentRange(' Bytes 5-5/6 ')).toEqual({ start: 5, end: 5, total: 6 });
		for (const value of [
			undefined,
			'',
			'bytes 0-99/*',
			'bytes */1234',
			'bytes 10-5/20',
			'bytes 0-20/20',
			'items 0-1/2',
			'bytes 0-1/2 extra',
		])
			expect(parseContentRange(value)).toBeUndefined();
	});
});

describe('rangedDownload', () => {
	it('a file no larger than one range is read in one request without Range', async () => {
		const s = server();
		const download = await rangedDownload(s.fetch, content.length, content.length);
		expect(s.asked).toEqual([undefined]);
		expect(download.size).toBe(content.length);
		expect(download.contentType).toBe('application/pdf');
		expect((await read(download.body)).equals(content)).toBe(true);
	});

	it('a larger file is read range after range, each asked only when the previous one is read', async () => {
		const s = server();
		const download = await rangedDownload(s.fetch, content.length, 4_000);
		expect(s.asked).toEqual(['0-3999']);
		expect(download.size).toBe(content.length);
		expect(download.contentType).toBe('application/pdf');
		expect((await read(download.body)).equals(content)).toBe(true);
		expect(s.asked).toEqual(['0-3999', '4000-7999', '8000-9999']);
	});

	it('an unknown size is learnt from the first Content-Range', async () => {
		const s = server();
		const download = await rangedDownload(s.fetch, undefined, 6_000);
		expect((await read(download.body)).equals(content)).toBe(true);
		expect(s.asked).toEqual(['0-5999', '6000-9999']);
		expect(download.size).toBe(content.length);
	});

	it('an unknown size that fits in the first range is that one request', async () => {
		const s = server();
		const download = await rangedDownload(s.fetch, undefined, 20_000);
		expect((await read(download.body)).equals(content)).toBe(true);
		expect(s.asked).toEqual(['0-19999']);
		expect(download.size).toBe(content.length);
	});

	it('a server that answers fewer bytes than asked is asked for the rest', async () => {
		const s = server(undefined, 3_000);
		const download = await rangedDownload(s.fetch, content.length, 4_000);
		expect((await read(download.body)).equals(content)).toBe(true);
		expect(s.asked).toEqual(['0-3999', '3000-6999', '6000-9999', '9000-9999']);
	});

	it('a server that ignores Range (200, the whole body) is read as one download', async () => {
		const s = server((answer, index) =>
			index === 0
				? {
						statusCode: 200,
						headers: { 'content-type': 'text/plain', 'content-length': String(content.length) },
						body: Readable.from([content]),
					}
				: answer,
		);
		const download = await rangedDownload(s.fetch, content.length, 4_000);
		expect((await read(download.body)).equals(content)).toBe(true);
		expect(s.asked).toEqual(['0-3999']);
		expect(download).toMatchObject({ size: content.length, contentType: 'text/plain' });
	});

	it('a first answer that does not start at byte 0 is refused', async () => {
		const s = server((answer, index) =>
			index === 0
				? {
						...answer,
						headers: { 'content-range': `bytes 10-3999/${content.length}` },
					}
				: answer,
		);
		await expect(rangedDownload(s.fetch, content.length, 4_000)).rejects.toThrow(
			'The server answered bytes 10-3999 for bytes 0-',
		);
	});

	it.each([
		['a 200 instead of 206', (answer: RangeAnswer) => ({ ...answer, statusCode: 200 })],
		['no Content-Range', (answer: RangeAnswer) => ({ ...answer, headers: {} })],
		[
			'another start',
			(answer: RangeAnswer) => ({
				...answer,
				headers: { 'content-range': `bytes 4001-7999/${content.length}` },
			}),
		],
		[
			'more bytes than asked',
			(answer: RangeAnswer) => ({
				...answer,
				headers: { 'content-range': `bytes 4000-8999/${content.length}` },
			}),
		],
		[
			'another total',
			(answer: RangeAnswer) => ({
				...answer,
				headers: { 'content-range': 'bytes 4000-7999/20000' },
			}),
		],
	])('a later range answered with %s fails the download, naming the range', async (_, shape) => {
		const s = server((answer, index) => (index === 1 ? shape(answer) : answer));
		const download = await rangedDownload(s.fetch, content.length, 4_000);
		await expect(read(download.body)).rejects.toThrow(
			/^The server answered bytes 4000-7999 of 10000 with (200|206) /,
		);
		expect(s.asked).toEqual(['0-3999', '4000-7999']);
	});

	it.each([0, 1])(
		'a range whose body ends early (request %i) is a cut connection (ERR_STREAM_PREMATURE_CLOSE)',
		async (short) => {
			const s = server((answer, index, range) =>
				index === short && range
					? { ...answer, body: Readable.from([content.subarray(range.start, range.end - 9)]) }
					: answer,
			);
			const download = await rangedDownload(s.fetch, content.length, 4_000);
			const failure = await read(download.body).catch((error: unknown) => error);
			expect(failure).toMatchObject({
				code: 'ERR_STREAM_PREMATURE_CLOSE',
				message: expect.stringMatching(/ended after 3990 of its 4000 bytes$/),
			});
		},
	);
});
