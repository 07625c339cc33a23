/**
 * How Files.com failures read: its error document `{error, http-code, instance, title, type}` (rebuilt into a
 * clean NodeApiError by nodes/shared/errors.ts), with hints for the types users can act on, and network
 * failures in the Files.com wording.
 */
import type { IDataObject, INode, NodeOperationError } from 'n8n-workflow';

import type { ErrorDocumentFormat } from '../../shared/errors';
import { networkFailure as sharedNetworkFailure } from '../../shared/errors';

/** Hints shown under a Files.com error, for the error types users can act on. */
const HINTS: Record<string, string> = {
	'not-authenticated/invalid-credentials':
		'The API key is invalid or was revoked. Get a new API key from your Files.com administrator or from your Files.com user settings, and update the credential.',
	'not-authorized/api-key-is-disabled':
		'This API key is disabled (its permission set is "none"). Ask your Files.com administrator to enable it, or use another key.',
	'not-authenticated/lockout-region-mismatch':
		"This key belongs to a Files.com site on another host or region. Set the credential's Site URL to your site's own URL (https://YOUR-SUBDOMAIN.files.com).",
	'not-found':
		"The path does not exist, or the API key has no permission to see it. Check the path and the permissions of the key's user.",
	'processing-failure/destination-exists':
		'Something already exists at the destination. Turn on "Overwrite", or choose another destination.',
	'processing-failure/destination-parent-does-not-exist':
		'The destination folder does not exist. Turn on "Create Parent Folders", or create it first.',
	'processing-failure/folder-not-empty':
		'The folder is not empty. Turn on "Recursive" to delete it with everything in it.',
};

/** How a Files.com error document reads (see nodes/shared/errors.ts). */
export const filesComErrors: ErrorDocumentFormat = {
	service: 'Files.com',
	// `{error, http-code, instance, title, type}`; a JSON answer with `http-code` and a text but no `type` is
	// taken as Files.com's document too (it goes to the Error output unchanged, its HTTP code in the message).
	isDocument: (body) =>
		(typeof body.type === 'string' && ('http-code' in body || 'error' in body)) ||
		('http-code' in body && (typeof body.error === 'string' || typeof body.title === 'string')),
	message: (document) => {
		const text = String(document.title ?? document.error ?? document.type);
		return typeof document.type === 'string'
			? text
			: `${text} (HTTP ${String(document['http-code'])})`;
	},
	description: (document) => {
		const parts: string[] = [];
		if (document.error !== undefined) parts.push(String(document.error));
		parts.push(
			typeof document.type === 'string'
				? `Files.com error "${String(document.title ?? '')}" (type ${document.type}).`
				: `Files.com error "${String(document.title ?? document.error ?? '')}" (HTTP ${String(document['http-code'])}).`,
		);
		const modelErrors = document.model_errors as Record<string, unknown> | undefined;
		if (modelErrors && typeof modelErrors === 'object') {
			const messages = Object.values(modelErrors).flat().map(String);
			if (messages.length > 0) parts.push(`Problems: ${messages.join('; ')}.`);
		}
		const host = (document.data as IDataObject | undefined)?.host;
		if (typeof host === 'string' && host !== '') parts.push(`The key's site is at ${host}.`);
		const hint = HINTS[String(document.type)];
		if (hint) parts.push(hint);
		return parts.join(' ');
	},
};

/** Network failures (shared): the Files.com wording of networkFailure, what to check first being the Site URL. */
export function networkFailure(
	node: INode,
	error: unknown,
	context: { service: string; timeout?: number; repeatable: boolean },
): NodeOperationError | undefined {
	return sharedNetworkFailure(node, error, { ...context, address: 'the Site URL' });
}
