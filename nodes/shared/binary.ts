/**
 * Binary data without buffering whole files: read an item's binary as a stream (filesystem, database or
 * S3 binary modes) or, in memory mode, as the Buffer n8n already holds; cut a stream into parts of an
 * exact size (n8n's getBinaryStream chunk size is only a hint, and in S3 mode it is ignored); and run
 * part uploads with bounded concurrency, so memory is at most `partSize × concurrency`.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * How much of a stored file n8n's binary store reads at a time for an upload (its default is 64 KiB). With
 * parts sent in parallel, 16,384 short-lived 64 KiB buffers per GiB made V8 run full garbage collections;
 * 1 MiB reads cut the Files.com node's CPU per GiB from 10-12 s to 7-8 s and the upload time by about a
 * fifth (npm run bench).
 */
export const UPLOAD_READ_CHUNK_BYTES = 1024 * 1024;

/** node:stream's Readable, named without importing node:stream (not allowed for community nodes). */
export type Readable = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface ItemBinary {
	/** The content: a stream for stored binaries, a Buffer in memory mode. */
	content: Readable | Buffer;
	size: number;
	fileName?: string;
	mimeType: string;
	binary: IBinaryData;
}

/** The item's binary property, checked before any request (missing property, empty name). */
export async function getItemBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	chunkSize?: number,
): Promise<ItemBinary> {
	if (propertyName.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'Input Binary Field is empty', {
			itemIndex,
			description: 'Set "Input Binary Field" to the name of the binary property that holds the file, e.g. "data".',
		});
	}
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	if (binary.id) {
		const metadata = await this.helpers.getBinaryMetadata(binary.id);
		const content = await this.helpers.getBinaryStream(binary.id, chunkSize);
		return {
			content,
			size: metadata.fileSize,
			fileName: binary.fileName ?? metadata.fileName,
			mimeType: binary.mimeType ?? metadata.mimeType ?? 'application/octet-stream',
			binary,
		};
	}
	const content = Buffer.from(binary.data, 'base64');
	return {
		content,
		size: content.length,
		fileName: binary.fileName,
		mimeType: binary.mimeType ?? 'application/octet-stream',
		binary,
	};
}

/**
 * Yields consecutive parts of exactly `partSize` bytes (the last one may be shorter; an empty input
 * yields nothing). Holds at most one part plus one incoming chunk in memory.
 */
export async function* splitIntoParts(content: Readable | Buffer, partSize: number): AsyncGenerator<Buffer> {
	if (Buffer.isBuffer(content)) {
		for (let offset = 0; offset < content.length; offset += partSize) {
			yield content.subarray(offset, offset + partSize);
		}
		return;
	}
	let pending: Buffer[] = [];
	let pendingSize = 0;
	for await (const chunk of content as AsyncIterable<Buffer | string>) {
		let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		while (data.length > 0) {
			const take = Math.min(partSize - pendingSize, data.length);
			pending.push(data.subarray(0, take));
			pendingSize += take;
			data = data.subarray(take);
			if (pendingSize === partSize) {
				yield Buffer.concat(pending, pendingSize);
				pending = [];
				pendingSize = 0;
			}
		}
	}
	if (pendingSize > 0) yield Buffer.concat(pending, pendingSize);
}

/**
 * Runs `task` for every value an async source yields, at most `concurrency` at a time, pulling the
 * next value only when a slot is free (so a part source is never read ahead). Resolves with the results
 * in source order; the first failure rejects once the running tasks have settled.
 */
export async function mapWithConcurrency<T, R>(
	source: AsyncIterable<T> | Iterable<T>,
	concurrency: number,
	task: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
	const iterator = (source as AsyncIterable<T>)[Symbol.asyncIterator]
		? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
		: (source as Iterable<T>)[Symbol.iterator]();
	const results: R[] = [];
	let index = 0;
	let failure: unknown;
	let failed = false;
	let sourceLock: Promise<unknown> = Promise.resolve();

	const next = async (): Promise<{ value: T; index: number } | undefined> => {
		const turn = sourceLock.then(async () => await iterator.next());
		sourceLock = turn.catch(() => undefined);
		const step = await turn;
		if (step.done) return undefined;
		return { value: step.value, index: index++ };
	};

	const worker = async () => {
		while (!failed) {
			const entry = await next();
			if (!entry) return;
			try {
				results[entry.index] = await task(entry.value, entry.index);
			} catch (error) {
				if (!failed) failure = error;
				failed = true;
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, concurrency) }, async () => await worker());
	await Promise.all(workers);
	if (failed) throw failure;
	return results;
}

/**
 * Like splitIntoParts, but reads the parts into a few buffers that are used again once the caller is done
 * with a part (`release(part)`), instead of a new Buffer per part. For uploads, where each part is sent and
 * then dropped: a fresh multi-megabyte Buffer per part makes V8 run full garbage collections very often
 * (measured on a 768 MiB upload in 5 MiB parts: 8.4 s of GC instead of 1.4 s, and about twice the CPU).
 * At most one buffer per part not yet released plus the one being filled exist, so with
 * mapWithConcurrency(parts, n, ...) and a release after each task, memory stays at partSize × (n + 1).
 * A part must not be used after its release. In-memory (Buffer) content is cut without copying.
 */
export function splitIntoReusedParts(
	content: Readable | Buffer,
	partSize: number,
): { parts: AsyncGenerator<Buffer>; release: (part: Buffer) => void } {
	const free: Buffer[] = [];
	const owned = new Set<ArrayBufferLike>();
	const release = (part: Buffer) => {
		if (!owned.has(part.buffer)) return;
		owned.delete(part.buffer);
		free.push(Buffer.from(part.buffer, 0, partSize));
	};
	async function* parts(): AsyncGenerator<Buffer> {
		if (Buffer.isBuffer(content)) {
			yield* splitIntoParts(content, partSize);
			return;
		}
		let current: Buffer | undefined;
		let filled = 0;
		for await (const chunk of content as AsyncIterable<Buffer | string>) {
			let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			while (data.length > 0) {
				if (!current) {
					current = free.pop() ?? Buffer.allocUnsafeSlow(partSize);
					owned.add(current.buffer);
				}
				const copied = data.copy(current, filled, 0, Math.min(partSize - filled, data.length));
				filled += copied;
				data = data.subarray(copied);
				if (filled === partSize) {
					yield current;
					current = undefined;
					filled = 0;
				}
			}
		}
		if (current && filled > 0) yield current.subarray(0, filled);
	}
	return { parts: parts(), release };
}
