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
export interface ErrorContext {
	resource: string;
	operation: string;
	itemIndex: number;
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
	if (typeof body === 'object' && !Buffer.isBuffer(body) && typeof (body as { pipe?: unknown }).pipe !== 'function') {
		if (Array.isArray(body)) return parseBody(body[0]);
		return body as IDataObject;
	}
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
	if (text === undefined) return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return parseBody(parsed);
	} catch {
		return undefined;
	}
}

/** The HTTP response an n8n helper error carries (AxiosError directly or as NodeApiError's cause). */
export function responseOf(error: unknown): { status?: number; headers: Record<string, unknown>; data?: unknown } | undefined {
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

/** Reads a streamed error body (downloads use `encoding: 'stream'`), bounded to 64 KiB. */
export async function readStreamedBody(data: unknown): Promise<unknown> {
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
export async function errorDocumentOf(error: unknown, format: ErrorDocumentFormat): Promise<IDataObject | undefined> {
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
	if (error instanceof NodeApiError && (error.context as HttpErrorLike['context'])?.serviceDocument) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	const document = await errorDocumentOf(error, format);
	const status = statusOf(error);
	const code = networkCodeOf(error);
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
	const apiError = new NodeApiError(node, { message, ...(code ? { code } : {}) } as JsonObject, {
		message: status
			? `${format.service} answered HTTP ${status} without an error document`
			: code
				? `Could not reach ${format.service} (${code})`
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
export function errorItem(error: NodeApiError | NodeOperationError, context: ErrorContext): INodeExecutionData {
	const serviceDocument = (error.context as HttpErrorLike['context'])?.serviceDocument;
	const description = error.description ?? undefined;
	return {
		json: {
			error: error.message,
			message: description ? `${error.message}: ${description}` : error.message,
			details: {
				...(serviceDocument ?? {}),
				resource: context.resource,
				operation: context.operation,
				itemIndex: context.itemIndex,
				...(error instanceof NodeApiError && error.httpCode && !serviceDocument ? { httpCode: error.httpCode } : {}),
			},
		},
		pairedItem: { item: context.itemIndex },
	};
}
