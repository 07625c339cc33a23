/**
 * API v2's transfers to and from Laserfiche's pre-signed storage links (chunked-upload parts, export
 * downloads), through nodes/shared/presigned.ts; no Laserfiche credentials go there.
 */
import { NodeOperationError } from 'n8n-workflow';

import { brokenAnswer, networkCodeOf, statusOf, storageErrorText } from '../../shared/errors';
import { getDownload, putPart } from '../../shared/presigned';
import type { Connection, FullResponse, RequestContext } from './request';
import { DEFAULT_TIMEOUT_MS } from './request';

/** A part upload carries up to a few hundred MB: without a Timeout option it may take up to 5 minutes. */
const PART_TIMEOUT_MS = 300_000;
/** How many times a part is sent when its ETag shows it arrived changed. */
const PART_SENDS = 3;

/**
 * A transfer to or from a pre-signed storage link that failed after its retries, in words (the storage
 * service's own error when it sent one; never the link, which is a credential of its own).
 */
async function transferFailure(
	context: RequestContext,
	what: string,
	error: unknown,
	timeout?: number,
): Promise<NodeOperationError> {
	const failure = brokenAnswer(error);
	const code = statusOf(failure) === undefined ? networkCodeOf(failure) : undefined;
	return new NodeOperationError(
		context.getNode(),
		`${what} failed: ${await storageErrorText(error, timeout)}`,
		{
			description: code
				? `Network error ${code}. The transfer was tried again and kept failing: run the node again later.`
				: "Laserfiche's storage refused the transfer: run the node again (a new link is asked for every time).",
		},
	);
}

/** Downloads a pre-signed export link (no Laserfiche credentials go there). */
export async function download(
	context: RequestContext,
	connection: Connection,
	url: string,
	timeout?: number,
): Promise<FullResponse> {
	return (await getDownload(context, {
		url,
		skipSslCertificateValidation: connection.skipSsl,
		timeout: timeout ?? DEFAULT_TIMEOUT_MS,
	}).catch(
		async (error: unknown) =>
			await Promise.reject(
				await transferFailure(context, 'Downloading the exported document', error, timeout),
			),
	)) as FullResponse;
}

export interface PartToUpload {
	/** 1-based, for messages. */
	partNumber: number;
	totalParts: number;
	/** Milliseconds to wait for the storage to answer (the node's Timeout option). */
	timeout?: number;
}

/**
 * PUTs one part to its pre-signed upload URL (nodes/shared/presigned.ts); answers the part's ETag. When the
 * ETag is a plain MD5, it must be the MD5 of the bytes sent: a part that arrived changed is sent again (the
 * same URL takes the part anew), a few times, then the upload fails. A URL refused with 403 (expired: S3
 * answers an expired pre-signed URL 403 "Request has expired") is replaced once by `urlFor(true)`.
 */
export async function uploadPart(
	context: RequestContext,
	connection: Connection,
	urlFor: (renew: boolean) => Promise<string>,
	part: Buffer,
	options: PartToUpload = { partNumber: 1, totalParts: 1 },
): Promise<string> {
	const label = `Uploading part ${options.partNumber} of ${options.totalParts}`;
	// The part's URL, asked for once; a 403 replaces it once, and later sends use the replacement.
	let url: string | undefined;
	let renewed = false;
	let renewNext = false;
	const outcome = await putPart(context, {
		body: part,
		request: async () => {
			if (url === undefined || renewNext) url = await urlFor(renewNext);
			renewNext = false;
			return {
				method: 'PUT',
				url,
				headers: { 'Content-Type': 'application/octet-stream' },
				skipSslCertificateValidation: connection.skipSsl,
				timeout: options.timeout ?? PART_TIMEOUT_MS,
			};
		},
		repeatable: true,
		sends: PART_SENDS,
		// S3 and Laserfiche's storage answer the part's MD5, quoted (weak or not).
		etag: { weak: true, encryption: false },
		sendAgainAfter: (error) => {
			if (renewed || statusOf(error) !== 403) return false;
			renewed = renewNext = true;
			return true;
		},
	});
	if (outcome.ok) return outcome.etag;
	if (outcome.problem === 'failed')
		throw await transferFailure(context, label, outcome.error, options.timeout);
	if (outcome.problem === 'no-etag')
		throw new TypeError('The upload URL accepted a part but returned no ETag');
	throw new NodeOperationError(
		context.getNode(),
		`${label} failed: the part arrived changed (the storage's MD5 ${outcome.received} differs from the data sent, ${outcome.sent})`,
		{
			description: `The part was sent ${PART_SENDS} times and arrived different each time: something between n8n and Laserfiche changes the data. Nothing was imported.`,
		},
	);
}
