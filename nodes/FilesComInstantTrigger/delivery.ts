/**
 * One webhook delivery from Files.com: checked (the trigger's secret header, compared in constant time),
 * read (the event's fields from the form body or the query string, whichever carries them), de-duplicated
 * (Files.com delivers again after any answer but a 2xx, for up to 3 days) and turned into the output item.
 * Field names and what no source shows: test/emulators/filescom/WEBHOOKS.md (c).
 */
import type { IDataObject } from 'n8n-workflow';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Files.com's action names and the trigger's event names. */
export const EVENTS: Array<{ name: string; value: string; action: string }> = [
	{ name: 'File Created', value: 'created', action: 'create' },
	{ name: 'File Updated', value: 'updated', action: 'update' },
	{ name: 'File Deleted', value: 'deleted', action: 'destroy' },
	{ name: 'File Moved or Renamed', value: 'moved', action: 'move' },
	{ name: 'File Copied', value: 'copied', action: 'copy' },
	{ name: 'File Downloaded', value: 'downloaded', action: 'read' },
];

/** Deliveries remembered for duplicate detection. */
const REMEMBERED = 200;

export function isAuthentic(expected: unknown, received: unknown): boolean {
	if (typeof expected !== 'string' || expected === '') return false;
	const got = Array.isArray(received) ? received[0] : received;
	if (typeof got !== 'string') return false;
	const a = createHash('sha256').update(expected).digest();
	const b = createHash('sha256').update(got).digest();
	return timingSafeEqual(a, b);
}

/** The event's fields: a form or JSON body when it has them, else the query string. */
export function fieldsOf(body: unknown, query: unknown): IDataObject {
	const fromBody =
		body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
	const fromQuery = query && typeof query === 'object' ? (query as IDataObject) : {};
	return 'action' in fromBody ? fromBody : fromQuery;
}

const text = (value: unknown): string | undefined =>
	value === undefined || value === null || value === '' ? undefined : String(value);
/** A Files.com path without the leading slash (deliveries may have one or not), as the API uses them. */
const pathOf = (value: unknown): string | undefined => text(value)?.replace(/^\/+/, '');

export interface DeliveredEvent extends IDataObject {
	event: string;
	action: string;
	path: string;
}

/** The output item's fields, or undefined when the delivery names no known action or no path. */
export function eventOf(fields: IDataObject): DeliveredEvent | undefined {
	const action = text(fields.action);
	const known = EVENTS.find((e) => e.action === action);
	const path = pathOf(fields.path);
	if (!known || path === undefined) return undefined;
	const size = Number(fields.size);
	return {
		event: known.value,
		action: known.action,
		path,
		destination: pathOf(fields.destination) ?? null,
		type: text(fields.type) === 'directory' ? 'folder' : 'file',
		size: text(fields.size) !== undefined && Number.isFinite(size) ? size : null,
		interface: text(fields.interface) ?? null,
		username: text(fields.username) ?? null,
		at: text(fields.at) ?? null,
	};
}

/** A delivery's identity: a repeat by Files.com carries the same fields, `at` included. */
export function deliveryKey(fields: IDataObject): string {
	return createHash('sha256')
		.update(
			JSON.stringify(
				Object.keys(fields)
					.sort()
					.map((k) => [k, fields[k]]),
			),
		)
		.digest('base64url')
		.slice(0, 22);
}

const remembered = (staticData: IDataObject): string[] =>
	Array.isArray(staticData.delivered) ? (staticData.delivered as string[]) : [];

export function seenBefore(staticData: IDataObject, key: string): boolean {
	return remembered(staticData).includes(key);
}

/** Remembers a delivery once it started an execution: the last REMEMBERED, in the workflow's static data. */
export function remember(staticData: IDataObject, key: string): void {
	staticData.delivered = [...remembered(staticData), key].slice(-REMEMBERED);
}
