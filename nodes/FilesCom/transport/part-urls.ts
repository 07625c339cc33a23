/**
 * The part URLs of a Files.com upload: `begin_upload` answers part slots (FileUploadPart: URL, method,
 * headers, expiry); more are asked for in batches, continuing the same `ref`, and again when one is about
 * to expire or was refused.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequestFull } from './request';

/** One part slot as `begin_upload` describes it (FileUploadPart). */
export interface FileUploadPart extends IDataObject {
	part_number: number;
	partsize: number;
	ref: string;
	upload_uri: string;
	http_method?: string;
	headers?: IDataObject;
	expires?: string;
	parallel_parts?: boolean;
	retry_parts?: boolean;
	available_parts?: number;
}

/** How many part URLs to ask `begin_upload` for at once. */
const PART_URL_BATCH = 50;

export function asParts(body: unknown): FileUploadPart[] {
	const list = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
	return list as FileUploadPart[];
}

/** A part URL is used only while it has a minute left. */
function fresh(part: FileUploadPart | undefined): part is FileUploadPart {
	if (!part) return false;
	const expires = part.expires ? Date.parse(part.expires) : NaN;
	return Number.isNaN(expires) || expires - Date.now() > 60_000;
}

interface PartUrlSource {
	beginEndpoint: string;
	ref: string;
	totalParts: number;
	/** The slots `begin_upload` opened the upload with. */
	opened: FileUploadPart[];
	itemIndex: number;
	timeout?: number;
}

/** The slot of a part (`renew`: a fresh one); one request for more slots at a time. */
export function partUrls(
	this: IExecuteFunctions,
	source: PartUrlSource,
): (partNumber: number, renew?: boolean) => Promise<FileUploadPart> {
	const { beginEndpoint, ref, totalParts, itemIndex, timeout } = source;
	const slots = new Map<number, FileUploadPart>();
	for (const part of source.opened) slots.set(Number(part.part_number) || 1, part);
	let slotLock: Promise<unknown> = Promise.resolve();
	return async (partNumber: number, renew = false): Promise<FileUploadPart> => {
		if (renew) slots.delete(partNumber);
		const known = slots.get(partNumber);
		if (fresh(known)) return known;
		const turn = slotLock.then(async () => {
			const again = slots.get(partNumber);
			if (fresh(again)) return again;
			const count = Math.min(PART_URL_BATCH, totalParts - partNumber + 1);
			const answer = asParts(
				(
					await apiRequestFull.call(this, 'POST', beginEndpoint, {
						body: { ref, part: partNumber, ...(count > 1 ? { parts: count } : {}) },
						idempotent: true,
						timeout,
					})
				).body,
			);
			for (const part of answer) slots.set(Number(part.part_number), part);
			const slot = slots.get(partNumber);
			if (!slot?.upload_uri) {
				throw new NodeOperationError(
					this.getNode(),
					`Files.com gave no URL for part ${partNumber} of the upload`,
					{ itemIndex },
				);
			}
			return slot;
		});
		slotLock = turn.catch(() => undefined);
		return await turn;
	};
}
