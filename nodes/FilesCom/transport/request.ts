/**
 * Every REST call of the Files.com nodes: `${siteUrl}/api/rest/v1/...` through `httpRequestWithAuthentication`
 * (the credential adds `X-FilesAPI-Key`), as JSON, retried per nodes/shared/retry.ts: GETs (and other
 * idempotent calls) after a transient 5xx or a reset, any call after a 429 (Retry-After honoured). HTTP
 * failures keep the error n8n threw, so nodes/shared/errors.ts finds the Files.com error document; failures
 * without any answer (time-out, reset, refused) become a NodeOperationError that says so in words.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { brokenAnswer } from '../../shared/errors';
import { settle, withRetry } from '../../shared/retry';
import type { FilesComContext } from './connection';
import { CREDENTIAL_TYPE, connectionOf } from './connection';
import { networkFailure } from './errors';

interface ApiRequestOptions {
	qs?: IDataObject;
	body?: IDataObject;
	/** Whether the call may be repeated after a transient failure. GETs always may. */
	idempotent?: boolean;
	/** Milliseconds to wait for an answer (the node's Timeout option); undefined: n8n's default. */
	timeout?: number;
}

interface ApiResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

/** One REST call; `endpoint` is below /api/rest/v1 and already encoded (see encodePath). */
export async function apiRequestFull(
	this: FilesComContext,
	method: IHttpRequestMethods,
	endpoint: string,
	options: ApiRequestOptions = {},
): Promise<ApiResponse> {
	const connection = await connectionOf.call(this);
	const request: IHttpRequestOptions = {
		method,
		url: `${connection.baseUrl}${endpoint}`,
		json: true,
		returnFullResponse: true,
		// The REST API answers directly; never follow a redirect with the API key (and skip follow-redirects' overhead).
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (options.qs && Object.keys(options.qs).length > 0) request.qs = options.qs;
	if (options.body !== undefined) request.body = options.body;
	if (options.timeout !== undefined) request.timeout = options.timeout;
	const idempotent = options.idempotent ?? method === 'GET';
	const attempt = async (): Promise<IN8nHttpFullResponse> => {
		const answer = await settle(
			this.helpers.httpRequestWithAuthentication.call(
				this as IExecuteFunctions,
				CREDENTIAL_TYPE,
				request,
				{
					credentialsDecrypted: connection.credentials,
				},
			) as Promise<IN8nHttpFullResponse>,
		);
		if (answer.ok) return answer.value;
		throw brokenAnswer(answer.error);
	};
	const outcome = await settle(withRetry(attempt, { idempotent }));
	if (!outcome.ok) {
		throw (
			networkFailure(this.getNode(), outcome.error, {
				service: 'Files.com',
				timeout: options.timeout,
				repeatable: idempotent,
			}) ?? outcome.error
		);
	}
	const response = outcome.value;
	return {
		body: response.body,
		headers: (response.headers ?? {}) as IDataObject,
		statusCode: response.statusCode,
	};
}

export async function apiRequest(
	this: FilesComContext,
	method: IHttpRequestMethods,
	endpoint: string,
	options: ApiRequestOptions = {},
): Promise<IDataObject> {
	const { body } = await apiRequestFull.call(this, method, endpoint, options);
	return body !== null && typeof body === 'object' ? (body as IDataObject) : {};
}
