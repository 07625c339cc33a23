/** Media types and body parsing: JSON, urlencoded and multipart bodies as a test captured them. */
import type { CapturedRequest, Schema } from './contract-types';
import { isPlainObject, truncate } from './contract-util';

export type BodyKind = 'json' | 'urlencoded' | 'multipart' | 'other';

export function mediaTypeOf(contentType: string | undefined): string | undefined {
	const mediaType = contentType?.split(';')[0].trim().toLowerCase();
	return mediaType ? mediaType : undefined;
}

export function bodyKindOf(mediaType: string): BodyKind {
	if (isJsonMediaType(mediaType)) return 'json';
	if (mediaType === 'application/x-www-form-urlencoded') return 'urlencoded';
	if (mediaType.startsWith('multipart/')) return 'multipart';
	return 'other';
}

export function isJsonMediaType(mediaType: string): boolean {
	return (
		mediaType === 'application/json' ||
		mediaType === 'text/json' ||
		/^application\/[\w.+-]*\+json$/.test(mediaType)
	);
}

export function headerValue(headers: CapturedRequest['headers'], name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

export function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null || body === '') return true;
	if (Buffer.isBuffer(body)) return body.length === 0;
	return isPlainObject(body) && Object.values(body).every((v) => v === undefined);
}

export function findMediaType(
	content: Map<string, Schema | undefined>,
	mediaType: string,
): [string, Schema | undefined] | undefined {
	for (const entry of content) {
		const [documented] = entry;
		if (documented === mediaType || documented === '*/*') return entry;
		if (documented.endsWith('/*') && mediaType.startsWith(documented.slice(0, -1))) return entry;
	}
	if (isJsonMediaType(mediaType)) {
		for (const entry of content) if (isJsonMediaType(entry[0])) return entry;
	}
	return undefined;
}

export function parseJsonBody(body: unknown, at: string, errors: string[]): unknown {
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
	const text = body.toString();
	try {
		return JSON.parse(text);
	} catch {
		errors.push(`${at}: not valid JSON (${JSON.stringify(truncate(text))})`);
		return undefined;
	}
}

export function parseFormBody(
	body: unknown,
	kind: BodyKind,
	contentType: string | undefined,
): Record<string, unknown> {
	if (isPlainObject(body)) return body;
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return {};
	if (kind === 'multipart') return parseMultipart(Buffer.from(body), contentType);
	const fields: Record<string, unknown> = {};
	for (const [name, value] of new URLSearchParams(body.toString())) {
		const previous = fields[name];
		fields[name] =
			previous === undefined
				? value
				: [...(Array.isArray(previous) ? previous : [previous]), value];
	}
	return fields;
}

/** Minimal multipart/form-data reader: part name -> text (or the raw Buffer for file parts). */
function parseMultipart(body: Buffer, contentType: string | undefined): Record<string, unknown> {
	const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
	const parts: Record<string, unknown> = {};
	if (!boundary) return parts;
	const text = body.toString('latin1');
	for (const chunk of text.split(`--${boundary}`).slice(1)) {
		if (chunk.startsWith('--')) break;
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd < 0) continue;
		const head = chunk.slice(0, headerEnd);
		const name = /name="([^"]*)"/i.exec(head)?.[1];
		if (name === undefined) continue;
		const content = Buffer.from(chunk.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1');
		parts[name] = /filename=/i.test(head) ? content : content.toString('utf8');
	}
	return parts;
}
