/**
 * multipart/form-data bodies streamed, never buffered: the parts' headers, the file's bytes as they are
 * read, and the closing boundary, with an exact Content-Length computed beforehand (so no chunked
 * transfer encoding, which some servers refuse for uploads). n8n-workflow has no FormData and node:stream
 * may not be imported by a community node, so the stream is built with the Readable class of the binary
 * stream n8n hands us.
 */
import { randomBytes } from 'node:crypto';

import type { Readable } from '../../shared/binary';
import { readableFrom } from '../../shared/binary';

interface MultipartField {
	field: string;
	text: string;
	contentType?: string;
}

interface MultipartFile {
	name: string;
	fileName: string;
	contentType: string;
	size: number;
	content: Readable | Buffer;
}

interface MultipartBody {
	body: Readable | Buffer;
	contentType: string;
	contentLength: number;
}

const CRLF = '\r\n';

function quoted(value: string): string {
	return value
		.replace(/[\r\n]/g, ' ')
		.replace(/\\/g, '\\\\')
		.replace(/"/g, '\\"');
}

function fileDisposition(name: string, fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
	const base = `form-data; name="${quoted(name)}"; filename="${quoted(ascii)}"`;
	return ascii === fileName ? base : `${base}; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

async function* concatenate(
	head: Buffer,
	content: Readable,
	expected: number,
	tail: Buffer,
): AsyncGenerator<Buffer> {
	yield head;
	let seen = 0;
	for await (const chunk of content as AsyncIterable<Buffer | string>) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		seen += buffer.length;
		if (seen > expected)
			throw new Error(`The binary data is longer than its recorded size (${expected} bytes)`);
		yield buffer;
	}
	if (seen !== expected)
		throw new Error(
			`The binary data is shorter than its recorded size (${seen} of ${expected} bytes)`,
		);
	yield tail;
}

/** Text fields first, then one file; a Buffer file gives a Buffer body, a stream a stream. */
function buildMultipart(fields: MultipartField[], file: MultipartFile): MultipartBody {
	const boundary = `----n8nLaserfiche${randomBytes(12).toString('hex')}`;
	let head = '';
	for (const field of fields) {
		head += `--${boundary}${CRLF}Content-Disposition: form-data; name="${quoted(field.field)}"${CRLF}`;
		if (field.contentType) head += `Content-Type: ${field.contentType}${CRLF}`;
		head += `${CRLF}${field.text}${CRLF}`;
	}
	head += `--${boundary}${CRLF}Content-Disposition: ${fileDisposition(file.name, file.fileName)}${CRLF}`;
	head += `Content-Type: ${file.contentType || 'application/octet-stream'}${CRLF}${CRLF}`;
	const headBuffer = Buffer.from(head, 'utf8');
	const tailBuffer = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
	const contentLength = headBuffer.length + file.size + tailBuffer.length;
	const contentType = `multipart/form-data; boundary=${boundary}`;
	if (Buffer.isBuffer(file.content)) {
		return {
			body: Buffer.concat([headBuffer, file.content, tailBuffer]),
			contentType,
			contentLength,
		};
	}
	return {
		body: readableFrom(file.content, concatenate(headBuffer, file.content, file.size, tailBuffer)),
		contentType,
		contentLength,
	};
}

/**
 * The body of a document import, as both API versions take it: a JSON `request` part, then the file under
 * `fileField` (`file` on v2, `electronicDocument` on v1). The file is opened anew on every call, so a
 * request repeated after a token refresh sends a fresh stream.
 */
export async function importRequestBody(
	request: object,
	fileField: string,
	file: { open(): Promise<Readable | Buffer>; size: number; fileName: string; mimeType: string },
): Promise<{ body: Buffer; headers: { 'Content-Type': string; 'Content-Length': number } }> {
	const multipart = buildMultipart(
		[{ field: 'request', text: JSON.stringify(request), contentType: 'application/json' }],
		{
			name: fileField,
			fileName: file.fileName,
			contentType: file.mimeType,
			size: file.size,
			content: await file.open(),
		},
	);
	return {
		body: multipart.body as Buffer,
		headers: { 'Content-Type': multipart.contentType, 'Content-Length': multipart.contentLength },
	};
}
