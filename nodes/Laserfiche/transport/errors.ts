/**
 * Laserfiche's error documents: RFC 7807 ProblemDetails `{type, title, status, detail, instance,
 * operationId, errorSource, errorCode, traceId}` on every failing call (the Cloud token endpoint adds
 * the OAuth members `error`/`error_description`), and the v1 import's `CreateEntryResult`, whose
 * per-step `exceptions` explain a (partially) failed import.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ErrorDocumentFormat } from '../../shared/errors';

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The first exception message of a v1 CreateEntryResult, if any. */
function createEntryException(document: IDataObject): IDataObject | undefined {
	const operations = document.operations as Record<string, IDataObject | undefined> | undefined;
	if (!operations || typeof operations !== 'object') return undefined;
	for (const step of Object.values(operations)) {
		const exceptions = step?.exceptions as IDataObject[] | undefined;
		if (Array.isArray(exceptions) && exceptions.length > 0) return exceptions[0];
	}
	return undefined;
}

export const laserficheErrorFormat: ErrorDocumentFormat = {
	service: 'Laserfiche',
	isDocument(body: IDataObject): boolean {
		if (text(body.title) !== undefined && body.status !== undefined) return true;
		if (text(body.type) !== undefined) return true;
		return (
			body.operations !== undefined &&
			typeof body.operations === 'object' &&
			body.operations !== null
		);
	},
	message(document: IDataObject): string {
		const exception = createEntryException(document);
		return (
			text(document.title) ??
			text(document.error_description) ??
			text(exception?.message) ??
			text(document.detail) ??
			(document.status
				? `Laserfiche answered HTTP ${String(document.status)}`
				: 'Laserfiche reported an error')
		);
	},
	description(document: IDataObject): string {
		const exception = createEntryException(document);
		const detail = text(document.detail);
		const parts: string[] = [];
		if (detail && detail !== text(document.title)) parts.push(detail);
		const facts: string[] = [];
		if (document.status !== undefined) facts.push(`status ${String(document.status)}`);
		if (text(document.type)) facts.push(`type ${String(document.type)}`);
		const errorCode = document.errorCode ?? exception?.errorCode;
		if (errorCode !== undefined && errorCode !== null)
			facts.push(`error code ${String(errorCode)}`);
		const operationId = text(document.operationId) ?? text(exception?.operationId);
		if (operationId) facts.push(`operation ID ${operationId}`);
		if (facts.length) parts.push(`(${facts.join(', ')})`);
		return parts.join(' ');
	},
};

/**
 * A NodeApiError carrying a Laserfiche document (a failed task's ProblemDetails, a v1 operation
 * progress...) that did not arrive as an HTTP error response.
 */
export function documentError(
	node: INode,
	document: IDataObject,
	message?: string,
	httpCode?: number,
): NodeApiError {
	const error = new NodeApiError(node, document as JsonObject, {
		message: message ?? laserficheErrorFormat.message(document),
		description: laserficheErrorFormat.description(document),
		httpCode:
			httpCode !== undefined
				? String(httpCode)
				: document.status !== undefined
					? String(document.status)
					: undefined,
	});
	error.context.serviceDocument = document;
	return error;
}
