/**
 * `action=end` when its answer is lost. What Files.com does with a `ref` used a second time is documented
 * nowhere (a 404, a 422 `already-completed`, the same answer again, or, with `with_rename`, possibly a second
 * copy: test/emulators/filescom/completions.js offers each), so no status is trusted on its own: the node
 * finds out what was stored.
 * - Without Rename the file can only be at the target path, and completing again stores nothing new there:
 *   the completion is repeated once; a refusal of the used ref leads to the target's metadata, whose size
 *   must match.
 * - With Rename a repeat could store a second copy under another name, so nothing is repeated until the
 *   folder shows that no file holds the uploaded bytes: its files of that size are compared by MD5 (Files.com
 *   computes checksums after the upload, so they are read again a few times while still null). One match is
 *   the upload; none means the first completion stored nothing and it is completed again; anything else fails
 *   the item, naming the files, without a repeat.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { isNetworkFailure, statusOf } from '../../shared/errors';
import { settle } from '../../shared/retry';
import { listFolder } from './paging';
import { displayPath, encodePath } from './paths';
import { apiRequest } from './request';

interface Completion {
	/** Sends `action=end` for the upload. */
	complete: () => Promise<IDataObject>;
	/** Normal-form path of the upload's target. */
	target: string;
	size: number;
	/** With Rename: the MD5 (hex) of the uploaded bytes, to recognise the stored file. */
	md5?: string;
	itemIndex: number;
	timeout?: number;
}

/** How often, and how long apart, the folder is read again while checksums are still null. */
const CHECKSUM_READS = 4;
const CHECKSUM_WAIT_MS = 1000;

const usedRef = (error: unknown) => [404, 422].includes(statusOf(error) ?? 0);

/** Completes the upload once; resolves with the stored File object. */
export async function completeUpload(
	this: IExecuteFunctions,
	completion: Completion,
): Promise<IDataObject> {
	const first = await settle(completion.complete());
	if (first.ok) return first.value;
	if (!isNetworkFailure(first.error)) throw first.error;
	if (completion.md5 === undefined)
		return await completeAtTarget.call(this, completion, first.error);
	const found = await findStored.call(this, completion);
	if (found) return found;
	// No file holds the bytes: the first request stored nothing, so the ref is still open.
	const again = await settle(completion.complete());
	if (again.ok) return again.value;
	throw usedRef(again.error) ? first.error : again.error;
}

async function completeAtTarget(
	this: IExecuteFunctions,
	{ complete, target, size, timeout }: Completion,
	lost: unknown,
): Promise<IDataObject> {
	const again = await settle(complete());
	if (again.ok) return again.value;
	if (!usedRef(again.error)) throw again.error;
	const found = await settle(
		apiRequest.call(this, 'GET', `/file_actions/metadata/${encodePath(target)}`, { timeout }),
	);
	if (!found.ok || found.value.type !== 'file' || Number(found.value.size) !== size) throw lost;
	return found.value;
}

/** The one file of the target's folder holding the uploaded bytes; undefined when none does. */
async function findStored(
	this: IExecuteFunctions,
	{ target, size, md5, itemIndex, timeout }: Completion,
): Promise<IDataObject | undefined> {
	const slash = target.lastIndexOf('/');
	const folder = slash < 0 ? '' : target.slice(0, slash);
	for (let read = 1; ; read++) {
		const listing = await settle(listFolder.call(this, folder, { type: 'file', timeout }));
		// A folder that does not exist yet (created by the completion, with mkdir_parents) holds nothing.
		if (!listing.ok && statusOf(listing.error) === 404) return undefined;
		if (!listing.ok) throw listing.error;
		const sameSize = listing.value.entries.filter((e) => Number(e.size) === size);
		const matching = sameSize.filter((e) => String(e.md5 ?? '').toLowerCase() === md5);
		const unknown = sameSize.filter((e) => typeof e.md5 !== 'string' || e.md5 === '');
		if (matching.length === 1 && unknown.length === 0) return matching[0];
		if (matching.length === 0 && unknown.length === 0) return undefined;
		if (matching.length > 1 || read >= CHECKSUM_READS) {
			const names = [...matching, ...unknown].map((e) => displayPath(String(e.path))).join(', ');
			throw new NodeOperationError(
				this.getNode(),
				`The answer to completing the upload of ${displayPath(target)} was lost, and Files.com does not show which file holds it`,
				{
					itemIndex,
					description: `Candidates (${size} bytes): ${names}. Nothing was sent again, so no second copy was made. Check the folder before running the node again.`,
				},
			);
		}
		await sleep(CHECKSUM_WAIT_MS);
	}
}
