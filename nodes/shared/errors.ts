/**
 * Error documents: each service answers a failure with a JSON document (Files.com
 * `{error, http-code, instance, title, type}`, Laserfiche ProblemDetails). These helpers find that
 * document in whatever n8n's HTTP helpers threw, put it on the Error output unchanged, or turn it into a
 * NodeApiError whose message and description come from the document.
 *
 * The thrown errors are rebuilt from the document alone: the HTTP client's error (which carries the
 * request, and so the credential's headers) never leaves the node.
 */
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Where an error happened, added to every Error-output item's `details`. */
interface ErrorContext {
	resource: string;
	operation: string;
	itemIndex: number;
	/** Carry our fields inside `error` (see nestedErrorItems in execute.ts). */
	nested?: boolean;
}

/** How one service's error document reads: its message, and the description shown under it. */
export interface ErrorDocumentFormat {
	/** The service's name, for messages ("Files.com", "Laserfiche"). */
	service: string;
	/** True when a parsed body is this service's error document. */
	isDocument(body: IDataObject): boolean;
	message(document: IDataObject): string;
	description(document: IDataObject): string;
}

interface HttpErrorLike {
	httpCode?: string | null;
	message?: string;
	description?: string | null;
	context?: { data?: unknown; itemIndex?: number; serviceDocument?: IDataObject };
	cause?: {
		code?: string;
		response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
	};
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
	code?: string;
}

/** Parses a response body (object, JSON text or bytes) into an object, or returns undefined. */
export function parseBody(body: unknown): IDataObject | undefined {
	if (body === null || body === undefined) return undefined;
	if (
		typeof body === 'object' &&
		!Buffer.isBuffer(body) &&
		typeof (body as { pipe?: unknown }).pipe !== 'function'
	) {
		if (Array.isArray(body)) return parseBody(body[0]);
		return body as IDataObject;
	}
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: undefined;
	if (text === undefined) return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return parseBody(parsed);
	} catch {
		return undefined;
	}
}

/** The HTTP response an n8n helper error carries (AxiosError directly or as NodeApiError's cause). */
export function responseOf(
	error: unknown,
): { status?: number; headers: Record<string, unknown>; data?: unknown } | undefined {
	const candidate = error as HttpErrorLike;
	const response = candidate?.cause?.response ?? candidate?.response;
	if (!response) return undefined;
	return { status: response.status, headers: response.headers ?? {}, data: response.data };
}

/** HTTP status of a failed request, if the service answered. */
export function statusOf(error: unknown): number | undefined {
	const response = responseOf(error);
	if (response?.status) return response.status;
	const httpCode = Number((error as HttpErrorLike)?.httpCode);
	return Number.isInteger(httpCode) && httpCode > 0 ? httpCode : undefined;
}

/** Network-level error code (ECONNRESET, ECONNREFUSED, ETIMEDOUT...), if the request never got an answer. */
export function networkCodeOf(error: unknown): string | undefined {
	const candidate = error as HttpErrorLike;
	return candidate?.cause?.code ?? candidate?.code;
}

/** Network codes that mean the service did not answer in time. */
const TIMEOUT_CODES = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * What a network failure means, in words. Messages never contain the code itself: n8n's error classes replace
 * any message that mentions ECONNRESET, ETIMEDOUT... with a generic text, losing what failed.
 */
export function networkProblem(code: string, timeout?: number): string {
	if (TIMEOUT_CODES.has(code))
		return `did not answer in time${timeout ? ` (Timeout option: ${timeout} ms)` : ''}`;
	if (code === 'ECONNRESET' || code === 'EPIPE')
		return 'closed the connection before answering completely (connection reset)';
	if (code === 'ECONNREFUSED') return 'refused the connection';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'could not be found (unknown host name)';
	return 'could not be reached';
}

/** A successful answer whose body was cut: its status and, when the service sent one, its Location header. */
export interface CutAnswer {
	status: number;
	location?: string;
}

const cutAnswers = new WeakMap<object, CutAnswer>();
const networkFailures = new WeakMap<object, { code: string; cutAnswer?: CutAnswer }>();

/**
 * The status of an answer that broke off after its status line (the body was cut), or undefined when the
 * failure is anything else. Only a 2xx: it never fails otherwise, while a 3xx that is not followed fails with
 * its status whole (and repeating it would only send the request to the redirect again).
 */
function cutStatusOf(error: unknown): number | undefined {
	const status = statusOf(error);
	return status !== undefined && status >= 200 && status < 300 ? status : undefined;
}

/**
 * A successful answer that broke off after its status line (the body was cut) is a broken connection, not an
 * HTTP failure: shown as a reset, so that calls safe to repeat are repeated (nodes/shared/retry.ts). The status
 * and Location header of the cut answer stay known (cutAnswerOf): a call that created something may still say
 * what.
 */
export function brokenAnswer(error: unknown): unknown {
	if (cutAnswers.has(error as object)) return error;
	const status = cutStatusOf(error);
	if (status === undefined) return error;
	const reason = (error as Error)?.message ?? 'the answer broke off';
	const location = responseOf(error)?.headers.location;
	const broken = Object.assign(new Error(`The answer broke off after HTTP ${status}: ${reason}`), {
		code: 'ECONNRESET',
	});
	cutAnswers.set(broken, {
		status,
		...(typeof location === 'string' && location !== '' ? { location } : {}),
	});
	return broken;
}

/** The answer a failure cut (made by brokenAnswer, or a network failure made from one), if any. */
export function cutAnswerOf(error: unknown): CutAnswer | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	return cutAnswers.get(error) ?? networkFailures.get(error)?.cutAnswer;
}

/** Whether an error is a network failure made by networkFailure (the request got no usable answer). */
export function isNetworkFailure(error: unknown): boolean {
	return typeof error === 'object' && error !== null && networkFailures.has(error);
}

/** The network code behind a failure made by networkFailure, if it is one. */
export function networkFailureCode(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null ? networkFailures.get(error)?.code : undefined;
}

/**
 * A failure without any (complete) HTTP answer (reset, cut answer, time-out, refused, unknown host), after
 * retries, as an error that says so; undefined for HTTP failures (those carry the service's error document).
 * `address` names what to check first (such as "the Site URL").
 */
export function networkFailure(
	node: INode,
	error: unknown,
	context: { service: string; timeout?: number; repeatable: boolean; address: string },
): NodeOperationError | undefined {
	const broken = brokenAnswer(error);
	if (statusOf(broken) !== undefined) return undefined;
	const code = networkCodeOf(broken);
	if (!code) return undefined;
	const cutAnswer = cutAnswerOf(broken);
	const what = cutAnswer ? ` The answer (HTTP ${cutAnswer.status}) was cut in the middle.` : '';
	const failure = new NodeOperationError(
		node,
		`${context.service} ${networkProblem(code, context.timeout)}`,
		{
			description: `Network error ${code}.${what} ${
				context.repeatable
					? `The request was tried again and kept failing. Check ${context.address} and the network, or run the node again later.`
					: `The request was not repeated automatically because it may already have been carried out: check in ${context.service} before running it again.`
			}`,
		},
	);
	networkFailures.set(failure, { code, ...(cutAnswer ? { cutAnswer } : {}) });
	return failure;
}

/**
 * A storage service's own error (S3 XML `<Code>`/`<Message>`) behind a failed transfer to or from a
 * pre-signed URL, for messages; never the URL.
 */
export async function storageErrorText(error: unknown, timeout?: number): Promise<string> {
	const failure = brokenAnswer(error);
	const status = statusOf(failure);
	const code = networkCodeOf(failure);
	if (!status)
		return code ? `the storage service ${networkProblem(code, timeout)}` : 'the request failed';
	const data = await readStreamedBody(responseOf(failure)?.data);
	const text = Buffer.isBuffer(data) ? data.toString('utf8') : typeof data === 'string' ? data : '';
	const storageCode = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
	const storageMessage = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	const detail = [storageCode, storageMessage].filter(Boolean).join(': ');
	return `the storage service answered HTTP ${status}${detail ? ` (${detail})` : ''}`;
}

/** Reads a streamed error body (downloads use `encoding: 'stream'`), bounded to 64 KiB. */
async function readStreamedBody(data: unknown): Promise<unknown> {
	const stream = data as AsyncIterable<Buffer> & { pipe?: unknown };
	if (!stream || typeof stream.pipe !== 'function') return data;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.from(chunk);
		if (size + buffer.length > 65536) break;
		chunks.push(buffer);
		size += buffer.length;
	}
	return Buffer.concat(chunks);
}

/** The service's error document behind an error, if there is one. */
export async function errorDocumentOf(
	error: unknown,
	format: ErrorDocumentFormat,
): Promise<IDataObject | undefined> {
	const known = (error as HttpErrorLike)?.context?.serviceDocument;
	if (known) return known;
	const response = responseOf(error);
	const fromContext = parseBody((error as HttpErrorLike)?.context?.data);
	if (fromContext && format.isDocument(fromContext)) return fromContext;
	if (!response) return undefined;
	const body = parseBody(await readStreamedBody(response.data));
	return body && format.isDocument(body) ? body : undefined;
}

/**
 * Turns any failure into the error a node throws: a NodeApiError built from the service's error
 * document (message and description from the document, the document kept in `context.serviceDocument`),
 * or the original NodeOperationError (validation), with `itemIndex` set either way.
 */
export async function toNodeError(
	node: INode,
	error: unknown,
	format: ErrorDocumentFormat,
	itemIndex: number,
): Promise<NodeApiError | NodeOperationError> {
	if (error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (
		error instanceof NodeApiError &&
		(error.context as HttpErrorLike['context'])?.serviceDocument
	) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	const document = await errorDocumentOf(error, format);
	const cut = brokenAnswer(error);
	const status = statusOf(cut);
	const code = networkCodeOf(cut);
	if (!document && error instanceof NodeApiError && status === undefined && code === undefined) {
		// Already a node error of ours with no HTTP exchange behind it (e.g. a sign-in step that failed
		// with its own message and description): keep it as it is.
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (document) {
		const apiError = new NodeApiError(node, document as JsonObject, {
			message: format.message(document),
			description: format.description(document),
			httpCode: status ? String(status) : undefined,
			itemIndex,
		});
		apiError.context.serviceDocument = document;
		return apiError;
	}
	const message = (error as Error)?.message ?? String(error);
	const originalDescription = (error as HttpErrorLike)?.description ?? undefined;
	if (!status && code) {
		// No network code in the message nor in the error response: NodeApiError would replace the message
		// with a generic text. A cut answer says so.
		const cutAnswer = cutAnswerOf(cut);
		return new NodeApiError(
			node,
			{ message: `${format.service} ${networkProblem(code)}` } as JsonObject,
			{
				message: `${format.service} ${networkProblem(code)}`,
				description: `Network error ${code}.${cutAnswer ? ` The answer (HTTP ${cutAnswer.status}) was cut in the middle.` : ''}`,
				itemIndex,
			},
		);
	}
	const apiError = new NodeApiError(node, { message } as JsonObject, {
		message: status
			? `${format.service} answered HTTP ${status} without an error document`
			: message,
		description: status ? message : originalDescription,
		httpCode: status ? String(status) : undefined,
		itemIndex,
	});
	return apiError;
}

/**
 * The item a failing input item becomes under "Continue (using error output)": only the keys
 * `error`, `message` and `details` (so n8n routes it to the Error output and merges the input's fields),
 * `details` = the service's error document unchanged plus resource, operation and item index.
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	context: ErrorContext,
): INodeExecutionData {
	const serviceDocument = (error.context as HttpErrorLike['context'])?.serviceDocument;
	const description = error.description ?? undefined;
	const message = description ? `${error.message}: ${description}` : error.message;
	const details = {
		...(serviceDocument ?? {}),
		resource: context.resource,
		operation: context.operation,
		itemIndex: context.itemIndex,
		...(error instanceof NodeApiError && error.httpCode && !serviceDocument
			? { httpCode: error.httpCode }
			: {}),
	};
	const pairedItem = { item: context.itemIndex };
	if (context.nested) {
		// Engines that put an item on the Error output only when `error` (and `message`) are its only fields
		// (n8n 1.x): there the same fields travel inside `error`.
		return {
			json: { error: { message: error.message, description: message, details } },
			pairedItem,
		};
	}
	return { json: { error: error.message, message, details }, pairedItem };
}
