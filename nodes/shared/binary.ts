/**
 * Binary data without buffering whole files: read an item's binary as a stream (filesystem, database or
 * S3 binary modes) or, in memory mode, as the Buffer n8n already holds. Uploads in parts: parted-upload.ts.
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

/**
 * A byte stream read from `source`, built with the Readable class of `template` (a stream n8n or its HTTP
 * client handed us: fs.ReadStream, IncomingMessage...), whose static `from` node:stream provides.
 */
export function readableFrom(template: Readable, source: AsyncIterable<Buffer>): Readable {
	const factory = (
		template.constructor as unknown as {
			from?: (iterable: AsyncIterable<Buffer>, options?: object) => Readable;
		}
	).from;
	if (typeof factory !== 'function') throw new TypeError('The stream offers no Readable.from');
	return factory(source, { objectMode: false });
}

interface ItemBinary {
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
			description:
				'Set "Input Binary Field" to the name of the binary property that holds the file, e.g. "data".',
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
