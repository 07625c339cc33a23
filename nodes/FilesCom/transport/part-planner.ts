/**
 * The part plan of a Files.com upload, from the file's size (when known) and what `begin_upload` answered for
 * its first part (FileUploadPart): the part size, how many parts, how many may be in flight at once, and
 * whether a part may be sent again. Pure: no I/O, no n8n. (The same questions Files.com's Go SDK answers in
 * file/uploadv2_partplanner.go; the rules here are Files.com's documented fields.)
 *
 * - `partsize` is the size of every part but the last (5 MiB, S3's smallest part, when not given);
 * - `available_parts` is how many parts the upload may have (10,000 when not given): a file larger than
 *   available_parts × partsize gets larger parts, still all the same size but the last;
 * - `parallel_parts: false` sends one part at a time, else at most the requested concurrency (never more than
 *   there are parts);
 * - `retry_parts: false` means a part cannot be sent again (no retries, no resend);
 * - `next_partsize` is not used (the SDKs describe it as "currently unused"): every part but the last has the
 *   first part's size.
 * A 0-byte file is one empty part. Without a known size the part count is unknown and the parts are all
 * `partsize` (the content decides where it ends).
 */

export const MIN_PART_SIZE = 5 * 1024 * 1024;
const DEFAULT_AVAILABLE_PARTS = 10000;

/** The fields of begin_upload's answer that shape the plan (as Files.com sends them; any may be missing). */
interface PartPlanAnswer {
	partsize?: unknown;
	next_partsize?: unknown;
	available_parts?: unknown;
	parallel_parts?: unknown;
	retry_parts?: unknown;
}

interface PartPlanInput {
	/** The file's size in bytes, when known. */
	size?: number;
	answer: PartPlanAnswer;
	/** Most parts in flight at once that the user allows. */
	concurrency: number;
}

export interface PartPlan {
	/** Bytes of every part but the last. */
	partSize: number;
	/** How many parts (at least 1); undefined when the size is not known. */
	partCount?: number;
	/** Parts in flight at once (1 when Files.com does not allow parallel parts). */
	concurrency: number;
	/** Whether a part may be sent again (retried after a transient failure, resent when it arrived changed). */
	retryParts: boolean;
}

function positive(value: unknown): number | undefined {
	const number = Number(value);
	return number > 0 ? number : undefined;
}

export function planParts(input: PartPlanInput): PartPlan {
	const { size, answer } = input;
	const availableParts = positive(answer.available_parts) ?? DEFAULT_AVAILABLE_PARTS;
	let partSize = positive(answer.partsize) ?? MIN_PART_SIZE;
	const known = size !== undefined && Number.isFinite(size) && size >= 0;
	if (known && Math.ceil(size / partSize) > availableParts)
		partSize = Math.ceil(size / availableParts);
	const partCount = known ? Math.max(1, Math.ceil(size / partSize)) : undefined;
	const parallel = answer.parallel_parts !== false;
	const concurrency = parallel
		? Math.max(1, Math.min(input.concurrency, partCount ?? input.concurrency))
		: 1;
	return { partSize, partCount, concurrency, retryParts: answer.retry_parts !== false };
}
