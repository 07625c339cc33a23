/**
 * Request and answer shapes both repository adapters (v1.ts, v2.ts) use.
 */
import type { Readable } from '../../shared/binary';
import type { AuditReason, ExportedFile, SearchOptions } from './repository';
import type { FullResponse, LfRequest } from './request';
import { omitUndefined } from './request';

/** A JSON body sent as a string with its content type (DELETE and PUT bodies the API Server wants as JSON). */
export function jsonBody(body: unknown): Pick<LfRequest, 'body' | 'headers'> {
	return { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
}

/**
 * The request that starts deleting an entry: a JSON body even when empty (v1 answers 415 without one),
 * with the audit reason's comment under `commentKey` (v1 `comment`, v2 `auditReasonComment`).
 */
export function startDeleteRequest(id: number, reason: AuditReason, commentKey: string): LfRequest {
	return {
		method: 'DELETE',
		path: `/Entries/${id}`,
		...jsonBody(
			omitUndefined({
				auditReasonId: reason.auditReasonId,
				[commentKey]: reason.auditReasonComment,
			}),
		),
		idempotent: false,
	};
}

/** The request that starts a search at `path`. */
export function startSearchRequest(
	path: string,
	searchCommand: string,
	options: SearchOptions,
): LfRequest {
	return {
		method: 'POST',
		path,
		body: omitUndefined({
			searchCommand,
			fuzzyType: options.fuzzyType,
			fuzzyFactor: options.fuzzyFactor,
		}),
		idempotent: false,
	};
}

/** The request of a simple search. */
export function simpleSearchRequest(searchCommand: string): LfRequest {
	return { method: 'POST', path: '/SimpleSearches', body: { searchCommand }, idempotent: true };
}

/** An exported document's stream and its content type. */
export function exportedFile(response: Pick<FullResponse, 'body' | 'headers'>): ExportedFile {
	const contentType = response.headers['content-type'];
	return {
		body: response.body as Readable,
		mimeType: typeof contentType === 'string' ? contentType : undefined,
	};
}
