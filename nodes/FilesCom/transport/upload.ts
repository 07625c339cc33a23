/**
 * Uploads the Files.com way: `begin_upload` (part size, part URLs, `ref`), each part PUT to its pre-signed
 * URL with its Content-Length (nodes/shared: parted-upload.ts cuts and schedules the parts, presigned.ts
 * sends each with its MD5-ETag check), then `action=end` with the parts' ETags, and a check of what Files.com
 * stored. Memory stays at about part size × (concurrency + 1).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { Readable } from '../../shared/binary';
import { statusOf, storageErrorText } from '../../shared/errors';
import { uploadInParts } from '../../shared/parted-upload';
import { putPart } from '../../shared/presigned';
import { settle } from '../../shared/retry';
import { completeUpload } from './completion';
import type { PartPlan } from './part-planner';
import { planParts } from './part-planner';
import type { FileUploadPart } from './part-urls';
import { asParts, partUrls } from './part-urls';
import { displayPath, encodePath } from './paths';
import { apiRequest, apiRequestFull } from './request';

interface UploadOptions {
	mkdirParents: boolean;
	withRename: boolean;
	/** Most parts in flight at once (when Files.com allows parallel parts). */
	concurrency: number;
	providedMtime?: string;
	itemIndex: number;
	/** Milliseconds to wait for each answer (API calls and part uploads). */
	timeout?: number;
}

/**
 * Uploads `content` (exactly `size` bytes) to `target` (normal-form path). Returns the stored File object.
 */
export async function uploadFile(
	this: IExecuteFunctions,
	target: string,
	content: Readable | Buffer,
	size: number,
	options: UploadOptions,
): Promise<IDataObject> {
	const outcome = await settle(sendFile.call(this, { target, content, size, options }));
	// Release the input file whatever happened (n8n opened a file handle for it; a failed upload, or a 0-byte
	// file, leaves the stream unread).
	if (!Buffer.isBuffer(content) && !content.destroyed) content.destroy();
	if (outcome.ok) return outcome.value;
	throw outcome.error;
}

function stringHeaders(headers: unknown): IDataObject {
	if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return {};
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(headers as IDataObject)) {
		if (value !== undefined && value !== null) result[key] = String(value);
	}
	return result;
}

/** Sends one part to its slot; answers what `action=end` takes for it. */
async function sendPart(
	this: IExecuteFunctions,
	slotFor: (partNumber: number, renew?: boolean) => Promise<FileUploadPart>,
	plan: PartPlan & { partCount: number },
	target: string,
	data: Buffer,
	partNumber: number,
	{ itemIndex, timeout }: UploadOptions,
): Promise<{ etag: string; part: number }> {
	const node = this.getNode();
	const { partCount, retryParts } = plan;
	const outcome = await putPart(this, {
		body: data,
		request: async (send) => {
			const slot = await slotFor(partNumber, send > 0);
			return {
				method: String(slot.http_method ?? 'PUT').toUpperCase() as IHttpRequestMethods,
				url: slot.upload_uri,
				headers: { ...stringHeaders(slot.headers), 'Content-Length': data.length },
				json: false,
				encoding: 'text',
				...(timeout !== undefined ? { timeout } : {}),
			};
		},
		repeatable: retryParts,
		sends: 3,
		// The storage service's ETag of a part is its MD5 (S3, server-side encryption AES256).
		etag: { weak: false, encryption: true },
		// An expired or refused part URL is renewed once (when Files.com allows a part to be sent again).
		sendAgainAfter: (error, send) => send === 0 && statusOf(error) === 403,
	});
	if (outcome.ok) return { etag: outcome.etag.replace(/"/g, ''), part: partNumber };
	if (outcome.problem === 'no-etag') {
		throw new NodeOperationError(
			node,
			`Uploading part ${partNumber} of ${partCount} failed: no ETag in the answer`,
			{ itemIndex },
		);
	}
	if (outcome.problem === 'changed') {
		throw new NodeOperationError(
			node,
			`Uploading part ${partNumber} of ${partCount} of ${displayPath(target)} failed: the part arrived changed (the storage service's MD5 ${outcome.received} differs from the data sent, ${outcome.sent})`,
			{
				itemIndex,
				description:
					'Nothing was stored. Run the node again; if it keeps failing, something between n8n and Files.com alters the data.',
			},
		);
	}
	throw new NodeOperationError(
		node,
		`Uploading part ${partNumber} of ${partCount} of ${displayPath(target)} failed: ${await storageErrorText(outcome.error, timeout)}`,
		{
			itemIndex,
			description: retryParts
				? 'The part was retried and still failed. Run the node again to restart the upload.'
				: 'Files.com does not allow a part to be sent again for this upload. Run the node again to restart it.',
		},
	);
}

async function sendFile(
	this: IExecuteFunctions,
	{
		target,
		content,
		size,
		options,
	}: { target: string; content: Readable | Buffer; size: number; options: UploadOptions },
): Promise<IDataObject> {
	const node = this.getNode();
	const { itemIndex, timeout } = options;
	const endpointPath = encodePath(target);
	const beginEndpoint = `/file_actions/begin_upload/${endpointPath}`;
	const renameOption = options.withRename ? { with_rename: true } : {};

	// 1. Open the upload: Files.com answers the first part slot, the part size and whether parts may go in parallel.
	const opened = asParts(
		(
			await apiRequestFull.call(this, 'POST', beginEndpoint, {
				body: { size, mkdir_parents: options.mkdirParents, ...renameOption },
				idempotent: false,
				timeout,
			})
		).body,
	);
	const opening = opened[0];
	if (!opening?.ref || !opening.upload_uri) {
		throw new NodeOperationError(
			node,
			'Files.com did not open the upload (no part URL in its answer)',
			{ itemIndex },
		);
	}
	const ref = opening.ref;
	const plan = planParts({
		size,
		answer: opening,
		concurrency: options.concurrency,
	}) as PartPlan & { partCount: number };
	const { partSize, partCount } = plan;

	// 2. Parts, in exact sizes, at most `concurrency` at a time; part URLs in batches, renewed when about to expire.
	const slotFor = partUrls.call(this, {
		beginEndpoint,
		ref,
		totalParts: partCount,
		opened,
		itemIndex,
		timeout,
	});
	// With Rename, the whole file's MD5 tells the stored file apart should the completion's answer be lost.
	const wholeFile = options.withRename ? createHash('md5') : undefined;
	const etags = await uploadInParts({
		content,
		size,
		partSize,
		concurrency: plan.concurrency,
		...(wholeFile ? { onRead: (part: Buffer) => wholeFile.update(part) } : {}),
		sendPart: async (data, partNumber) =>
			await sendPart.call(this, slotFor, plan, target, data, partNumber, options),
	});
	if (etags.length !== partCount) {
		throw new NodeOperationError(
			node,
			`The input file had ${etags.length} part(s) of ${partSize} bytes, expected ${partCount} for ${size} bytes`,
			{
				itemIndex,
				description: 'The binary data changed size while it was read. Run the node again.',
			},
		);
	}

	// 3. Complete the upload, then check what Files.com stored.
	const complete = async () =>
		await apiRequest.call(this, 'POST', `/files/${endpointPath}`, {
			timeout,
			body: {
				action: 'end',
				ref,
				etags,
				size,
				mkdir_parents: options.mkdirParents,
				...renameOption,
				...(options.providedMtime ? { provided_mtime: options.providedMtime } : {}),
			},
			idempotent: false,
		});
	const stored = await completeUpload.call(this, {
		complete,
		target,
		size,
		...(wholeFile ? { md5: wholeFile.digest('hex') } : {}),
		itemIndex,
		timeout,
	});
	if (stored.size !== undefined && stored.size !== null && Number(stored.size) !== size) {
		throw new NodeOperationError(
			node,
			`Files.com stored ${String(stored.size)} bytes for ${displayPath(String(stored.path ?? target))}, but the input file has ${size} bytes`,
			{
				itemIndex,
				description: 'The upload was incomplete. Run the node again to upload the file again.',
			},
		);
	}
	return stored;
}
