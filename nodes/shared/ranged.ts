/**
 * A large download read as consecutive single byte ranges, one request at a time, each streamed on as it
 * arrives: memory holds one network chunk, whatever the file size. Laserfiche's v1 API asks for ranges
 * above 50 MB (developer.laserfiche.com guide_exporting-documents: "use the Range header … for files larger
 * than 50 MB"; the v1 spec: "single range with byte unit", answered 206).
 * A server that ignores Range (200, the whole body) is read as one download.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Readable } from './binary';
import { readableFrom } from './binary';
import { headerOf } from './presigned';

/** Bytes asked for per request: well below the 50 MB (50,000,000 bytes) the guide names. */
export const RANGE_BYTES = 32 * 1024 * 1024;

export interface RangeAnswer {
	statusCode: number;
	headers: IDataObject;
	body: Readable;
}

/** `start`..`end` inclusive; `undefined` asks for the whole body (no Range header). */
export type FetchRange = (range?: { start: number; end: number }) => Promise<RangeAnswer>;

interface ContentRange {
	start: number;
	end: number;
	total: number;
}

/** `bytes 0-99/1234` (RFC 9110 §14.4); undefined for anything else (`*` lengths included). */
export function parseContentRange(value: string | undefined): ContentRange | undefined {
	const match = /^bytes\s+(\d+)-(\d+)\/(\d+)$/i.exec((value ?? '').trim());
	if (!match) return undefined;
	const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
	return start <= end && end < total ? { start, end, total } : undefined;
}

/** What a ranged download gives: the body as one stream, the MIME type of the first answer. */
export interface RangedDownload {
	body: Readable;
	contentType?: string;
	/** The whole file's size, when the server stated it. */
	size?: number;
}

function answerSize(answer: RangeAnswer): number | undefined {
	const length = Number(headerOf(answer.headers, 'content-length'));
	return Number.isInteger(length) && length >= 0 ? length : undefined;
}

/** A range's body, which must hold `length` bytes: one that ends early is a cut connection. */
async function* exactly(body: Readable, length: number, what: string): AsyncGenerator<Buffer> {
	let seen = 0;
	for await (const piece of body as AsyncIterable<Buffer>) {
		seen += piece.length;
		yield piece;
	}
	if (seen !== length) {
		throw Object.assign(
			new Error(`The download of ${what} ended after ${seen} of its ${length} bytes`),
			{ code: 'ERR_STREAM_PREMATURE_CLOSE' },
		);
	}
}

async function* remainingRanges(
	first: Readable,
	from: number,
	total: number,
	chunk: number,
	fetchRange: FetchRange,
): AsyncGenerator<Buffer> {
	yield* exactly(first, from, 'bytes 0-' + String(from - 1));
	// A server may answer fewer bytes than asked (RFC 9110 §14.1.2): the next range starts after them.
	for (let start = from; start < total; ) {
		const end = Math.min(start + chunk, total) - 1;
		const answer = await fetchRange({ start, end });
		const range = parseContentRange(headerOf(answer.headers, 'content-range'));
		if (
			answer.statusCode !== 206 ||
			!range ||
			range.start !== start ||
			range.end > end ||
			range.total !== total
		) {
			answer.body.destroy();
			throw new TypeError(
				`The server answered bytes ${start}-${end} of ${total} with ${answer.statusCode} ${
					headerOf(answer.headers, 'content-range') ?? '(no Content-Range)'
				}`,
			);
		}
		yield* exactly(answer.body, range.end - range.start + 1, `bytes ${start}-${range.end}`);
		start = range.end + 1;
	}
}

/**
 * Downloads in ranges of `chunk` bytes when the file is larger than one (`knownSize`, when the caller
 * knows it; otherwise the first answer's Content-Range tells), else in one request.
 */
export async function rangedDownload(
	fetchRange: FetchRange,
	knownSize: number | undefined,
	chunk: number = RANGE_BYTES,
): Promise<RangedDownload> {
	if (knownSize !== undefined && knownSize <= chunk) {
		const whole = await fetchRange();
		return {
			body: whole.body,
			contentType: headerOf(whole.headers, 'content-type'),
			size: answerSize(whole),
		};
	}
	const first = await fetchRange({ start: 0, end: chunk - 1 });
	const contentType = headerOf(first.headers, 'content-type');
	const range =
		first.statusCode === 206
			? parseContentRange(headerOf(first.headers, 'content-range'))
			: undefined;
	if (!range) return { body: first.body, contentType, size: answerSize(first) };
	if (range.start !== 0)
		throw new TypeError(`The server answered bytes ${range.start}-${range.end} for bytes 0-`);
	if (range.end + 1 >= range.total) return { body: first.body, contentType, size: range.total };
	return {
		body: readableFrom(
			first.body,
			remainingRanges(first.body, range.end + 1, range.total, chunk, fetchRange),
		),
		contentType,
		size: range.total,
	};
}
