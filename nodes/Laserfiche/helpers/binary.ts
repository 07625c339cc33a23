/**
 * The input file of an import, checked before any request, opened only when it is sent (and opened
 * again if a refused upload has to be sent again): a stream for stored binaries, n8n's own Buffer in
 * memory mode. Nothing is buffered here.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { UPLOAD_READ_CHUNK_BYTES } from '../../shared/binary';
import { invalidInput } from '../../shared/validation';
import type { FileToImport } from '../transport';

export function binaryFile(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): FileToImport {
	const node = context.getNode();
	const name = String(propertyName ?? '').trim();
	if (name === '') {
		throw invalidInput(
			node,
			itemIndex,
			'Binary Property',
			'is empty',
			'Enter the name of the binary property that holds the file, such as "data".',
		);
	}
	const binary = context.helpers.assertBinaryData(itemIndex, name);
	const id = binary.id;
	const fileName = binary.fileName ?? '';
	const mimeType = binary.mimeType || 'application/octet-stream';
	if (!id) {
		const content = Buffer.from(binary.data, 'base64');
		return { size: content.length, fileName, mimeType, open: async () => content };
	}
	const declared = Number(binary.bytes);
	return {
		size: Number.isInteger(declared) && declared >= 0 ? declared : -1,
		fileName,
		mimeType,
		open: async () => await context.helpers.getBinaryStream(id, UPLOAD_READ_CHUNK_BYTES),
	};
}

/** The size of a stored binary when n8n did not record it on the item. */
export async function sizeOf(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	file: FileToImport,
): Promise<FileToImport> {
	if (file.size >= 0) return file;
	const binary = context.helpers.assertBinaryData(itemIndex, propertyName.trim());
	const metadata = await context.helpers.getBinaryMetadata(binary.id!);
	return { ...file, size: metadata.fileSize, fileName: file.fileName || metadata.fileName || '' };
}
