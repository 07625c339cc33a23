/**
 * Shared pieces of the Files.com node tests: the emulator (real HTTP on 127.0.0.1), the credential that
 * points at it, a runner for one node operation, the contract check of every request our node sent, and a
 * scan of everything a run produced for the API key.
 */
import type { INodeExecutionData, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import type { HarnessInputItem, NodeRun, OnError } from '../harness';
import { runListSearch as harnessListSearch, runNode, testCredential } from '../harness';
import { checkRequest, contractForUrl } from '../harness/contract';
import type {
	FilesComEmulator,
	FilesComEmulatorOptions,
	RecordedRequest,
} from '../emulators/filescom';
import { decodedPath } from '../support/requests';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFilesComEmulator } =
	require('../emulators/filescom') as typeof import('../emulators/filescom');

export type { FilesComEmulator, RecordedRequest };

/**
 * Calls `listener` with every request the emulator logs, as it is logged (before it is authenticated,
 * delayed or answered). Returns the function that removes the listener.
 */
export function watchRequests(
	emulator: { state: unknown },
	listener: (request: RecordedRequest) => void,
): () => void {
	const state = emulator.state as { logRequest: (entry: unknown) => RecordedRequest };
	const original = state.logRequest;
	state.logRequest = function (this: unknown, entry: unknown) {
		const record = original.call(this, entry);
		listener(record);
		return record;
	};
	return () => {
		state.logRequest = original;
	};
}

/**
 * Calls `action` when the `nth` request matching `method` and `pattern` (of its decoded path) is
 * logged by the emulator, i.e. before it is authenticated and answered (so the action applies to it).
 */
export function onFilesComRequest(
	emulator: { state: unknown },
	method: string | undefined,
	pattern: RegExp,
	nth: number,
	action: () => void,
): () => void {
	let seen = 0;
	return watchRequests(emulator, (request) => {
		if ((method === undefined || request.method === method) && pattern.test(decodedPath(request))) {
			seen++;
			if (seen === nth) action();
		}
	});
}

export async function startEmulator(
	options: FilesComEmulatorOptions = {},
): Promise<FilesComEmulator> {
	return await startFilesComEmulator({ port: 0, migrationStepMs: 20, ...options });
}

export function credentialsFor(emulator: FilesComEmulator, apiKey = emulator.apiKey) {
	return { c1: { type: 'filesComApi', data: { apiKey, siteUrl: emulator.baseUrl } } };
}

export interface RunOptions {
	input?: HarnessInputItem[];
	onError?: OnError;
	apiKey?: string;
}

/**
 * Runs the Files.com node once with these parameters after the harness's Input node, and asserts that nothing
 * the run produced (items on every output, error items, the node error and the execution error, with their
 * stacks and causes) contains the credential's API key.
 */
export async function runFilesCom(
	emulator: FilesComEmulator,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<NodeRun> {
	const run = await runNode({
		node: {
			type: 'filesCom',
			parameters,
			credentials: { filesComApi: 'c1' },
			...(options.onError ? { onError: options.onError } : {}),
		},
		credentials: credentialsFor(emulator, options.apiKey),
		input: options.input,
	});
	expectNoSecret(run, options.apiKey ?? emulator.apiKey);
	return run;
}

/** A folder parameter (resource locator) in "By Path" mode. */
export function folder(path: string) {
	return { __rl: true, mode: 'path', value: path };
}

/** Requests the emulator logged since `from` (an index into emulator.requests). */
export function requestsSince(emulator: FilesComEmulator, from: number): RecordedRequest[] {
	return emulator.requests.slice(from);
}

/** Requests to the REST API (not to pre-signed part/download URLs) since `from`. */
export function apiRequestsSince(emulator: FilesComEmulator, from: number): RecordedRequest[] {
	return requestsSince(emulator, from).filter((request) => request.path.startsWith('/api/rest/v1'));
}

/**
 * Asserts that every request to the Files.com API since `from` is a documented operation of swagger_doc.json
 * with documented parameters; returns the operation ids, in order.
 */
export function expectRequestsInContract(emulator: FilesComEmulator, from: number): string[] {
	const operations: string[] = [];
	for (const request of apiRequestsSince(emulator, from)) {
		expect(contractForUrl(request.url)).toBe('filescom');
		const result = checkRequest('filescom', {
			method: request.method,
			url: request.url,
			headers: request.headers,
			body:
				request.body && typeof request.body === 'object' && Object.keys(request.body).length === 0
					? undefined
					: request.body,
		});
		if (!result.ok) {
			throw new Error(
				`${request.method} ${request.url} is not in the Files.com contract:\n${result.errors.join('\n')}`,
			);
		}
		operations.push(result.operationId ?? '?');
	}
	return operations;
}

/** Everything a run produced, as text: items of every node output, the run error and the node error. */
export function everythingProduced(run: NodeRun): string {
	const parts: unknown[] = [run.error, run.nodeError(run.nodeName)];
	for (const branch of run.outputsOf(run.nodeName)) parts.push(branch);
	const seen = new WeakSet<object>();
	return JSON.stringify(parts, (_key, value: unknown) => {
		if (value instanceof Error) {
			return {
				...value,
				name: value.name,
				message: value.message,
				stack: value.stack,
				cause: (value as { cause?: unknown }).cause,
			};
		}
		if (value && typeof value === 'object') {
			if (seen.has(value)) return '[circular]';
			seen.add(value);
		}
		return value;
	});
}

/** Asserts that no output, error item, error message or stack of the run contains the secret. */
export function expectNoSecret(run: NodeRun, secret: string): void {
	const text = everythingProduced(run);
	expect(text.length).toBeGreaterThan(0);
	expect(text).not.toContain(secret);
}

export function jsonOf(items: INodeExecutionData[]) {
	return items.map((item) => item.json);
}

/** The credential Test button for a key against the emulator. */
export async function testCredentialFor(emulator: FilesComEmulator, apiKey: string) {
	return await testCredential('filesComApi', { apiKey, siteUrl: emulator.baseUrl });
}

/**
 * Runs one of the node's listSearch methods the way the editor does (n8n's dynamic-parameters service calls
 * it on a LoadOptionsContext of the node), with the credential pointing at the emulator.
 */
export async function runListSearch(
	emulator: FilesComEmulator,
	method: string,
	filter?: string,
	paginationToken?: string,
	apiKey = emulator.apiKey,
): Promise<INodeListSearchResult> {
	// The harness's runListSearch also puts the answer, the error and the logs through the secret scan.
	return await harnessListSearch({
		node: {
			type: 'filesCom',
			name: 'Files.com',
			typeVersion: 1,
			parameters: {},
			credentials: { filesComApi: 'c1' },
		},
		credentials: credentialsFor(emulator, apiKey),
		method,
		filter,
		paginationToken,
		path: 'parameters.path',
	});
}
