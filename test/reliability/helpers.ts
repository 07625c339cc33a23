/**
 * Shared pieces of the reliability suite: the two emulators (one per test file), node runners, the
 * emulators' request logs, the N-in = N-out check, a mid-run hook on the request logs (to expire
 * tokens or revoke a key at an exact request), and a scan for secrets the harness cannot know in
 * advance (tokens the emulator issued, the client JWTs it received).
 */
import { readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { HarnessCredentials, HarnessInputItem, NodeRun, OnError } from '../harness';
import { CredentialStore, SecretScanner, capturedLogs, runNode } from '../harness';
import { HARNESS_ROOT } from '../harness/environment';
import { onFilesComRequest } from '../filescom/helpers';
import { decodedPath as pathOf } from '../support/requests';
import type { Mode } from '../laserfiche/helpers';
import {
	byId,
	byPath,
	cloudCredentialData,
	modeParameters,
	onLaserficheRequest,
	runLaserfiche as runLaserficheNode,
	selfHostedCredentialData,
} from '../laserfiche/helpers';
import type {
	FilesComEmulator,
	FilesComEmulatorOptions,
	RecordedRequest as FilesComRequest,
} from '../emulators/filescom';
import type {
	LaserficheEmulator,
	LaserficheEmulatorOptions,
	RecordedRequest as LfRequest,
} from '../emulators/laserfiche';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const filesComModule = require('../emulators/filescom') as typeof import('../emulators/filescom');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const laserficheModule =
	require('../emulators/laserfiche') as typeof import('../emulators/laserfiche');

export type { FilesComEmulator, FilesComRequest, LaserficheEmulator, LfRequest };

// ---------------------------------------------------------------------------------------------------
// Files.com
// ---------------------------------------------------------------------------------------------------

export async function startFilesCom(
	options: FilesComEmulatorOptions = {},
): Promise<FilesComEmulator> {
	return await filesComModule.startFilesComEmulator({
		port: 0,
		migrationStepMs: 10,
		requestLogLimit: 100_000,
		...options,
	});
}

export function filesComCredentials(
	emu: FilesComEmulator,
	apiKey = emu.apiKey,
	siteUrl = emu.baseUrl,
): HarnessCredentials {
	return { fc: { type: 'filesComApi', data: { apiKey, siteUrl } } };
}

export interface RunOptions {
	input?: HarnessInputItem[];
	onError?: OnError;
	store?: CredentialStore;
	secrets?: string[];
	credentials?: HarnessCredentials;
}

export async function runFilesCom(
	emu: FilesComEmulator,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<NodeRun> {
	return await runNode({
		node: {
			type: 'filesCom',
			name: 'Files.com',
			parameters,
			credentials: { filesComApi: 'fc' },
			onError: options.onError ?? 'continueErrorOutput',
		},
		credentials: options.credentials ?? filesComCredentials(emu),
		input: options.input ?? [{ json: {} }],
		store: options.store,
		secrets: options.secrets,
	});
}

/** The Files.com file node at a path (white-box), or null. */
export function filesComNode(
	emu: FilesComEmulator,
	path: string,
): { type: string; size?: number; name: string } | null {
	const node = emu.state.tree.lookup(path.replace(/^\/+/, '')) as {
		type: string;
		size?: number;
		name: string;
	} | null;
	return node ? { type: node.type, size: node.size, name: node.name } : null;
}

/** Names in a Files.com folder (white-box). */
export function filesComChildren(emu: FilesComEmulator, folder: string): string[] {
	const node = emu.state.tree.lookup(folder.replace(/^\/+/, '')) as {
		children?: Map<string, { name: string }>;
	} | null;
	return node?.children ? [...node.children.values()].map((child) => child.name).sort() : [];
}

/** Bytes of a stored Files.com file (white-box). */
export function filesComContent(emu: FilesComEmulator, path: string): Buffer {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { readFileSync } = require('node:fs') as typeof import('node:fs');
	const node = emu.state.tree.lookup(path.replace(/^\/+/, '')) as {
		blob?: { file: string };
	} | null;
	if (!node?.blob) throw new Error(`No stored file at ${path}`);
	return readFileSync(node.blob.file);
}

// ---------------------------------------------------------------------------------------------------
// Laserfiche
// ---------------------------------------------------------------------------------------------------

export async function startLaserfiche(
	options: LaserficheEmulatorOptions = {},
): Promise<LaserficheEmulator> {
	return await laserficheModule.startLaserficheEmulator({
		port: 0,
		taskDurationMs: 10,
		...options,
	});
}

/** Which Laserfiche deployment and API version a run uses (the node tests' Mode). */
export type LfMode = Mode;

export const CLOUD: LfMode = { label: 'Cloud v2', authentication: 'cloud', version: 'v2' };
export const SELF_HOSTED_V1: LfMode = {
	label: 'self-hosted v1',
	authentication: 'selfHosted',
	version: 'v1',
};

/** The emulator's Cloud and self-hosted credential data (shared with the node tests). */
export {
	cloudCredentialData as cloudData,
	modeParameters,
	selfHostedCredentialData as selfHostedData,
};

let credentialGeneration = 0;

/** A user name in another letter case (the server compares user names case-insensitively). */
function recased(name: string, generation: number): string {
	return [...name]
		.map((character, index) =>
			(generation >> index) & 1 ? character.toUpperCase() : character.toLowerCase(),
		)
		.join('');
}

/**
 * The credential of one run. The node shares a token answer between executions of one process for
 * 10 s, keyed by the credential's data: each run gets data that means the same but keys differently
 * (a query string on the token URL, the user name in another letter case), so every run starts like
 * a fresh execution and the token requests a test counts are its own.
 */
export function laserficheCredentials(
	lf: LaserficheEmulator,
	mode: LfMode,
	override: IDataObject = {},
): HarnessCredentials {
	const generation = ++credentialGeneration;
	return mode.authentication === 'cloud'
		? {
				lf: {
					type: 'laserficheCloudApi',
					data: {
						...cloudCredentialData(lf),
						tokenUrl: `${lf.cloud.tokenUrl}?run=${generation}`,
						...override,
					},
				},
			}
		: {
				lf: {
					type: 'laserficheSelfHostedApi',
					data: {
						...selfHostedCredentialData(lf, mode.version),
						username: recased(lf.selfHosted.username, generation),
						...override,
					},
				},
			};
}

/** Runs the Laserfiche node (the node tests' runner) on the Error output by default, with this run's own credential. */
export async function runLaserfiche(
	lf: LaserficheEmulator,
	mode: LfMode,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<NodeRun> {
	return await runLaserficheNode(lf, mode, parameters, {
		...options,
		onError: options.onError ?? 'continueErrorOutput',
		credentials: options.credentials ?? laserficheCredentials(lf, mode),
	});
}

export { byId, byPath, onLaserficheRequest };
export { onFilesComRequest };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LfRepository = any;

export function repositoryOf(lf: LaserficheEmulator, mode: LfMode): LfRepository {
	return mode.authentication === 'cloud'
		? lf.state.repositories.cloud
		: lf.state.repositories.selfHosted;
}

/** The entry at a backslash path in the emulator's model (white-box), or undefined. */
export function lfEntryAt(
	lf: LaserficheEmulator,
	mode: LfMode,
	path: string,
): IDataObject | undefined {
	const resolved = repositoryOf(lf, mode).resolvePath(path) as { entry?: IDataObject };
	return resolved.entry;
}

/** Names of a folder's children (white-box). */
export function lfChildren(lf: LaserficheEmulator, mode: LfMode, path: string): string[] {
	const repo = repositoryOf(lf, mode);
	const folder = lfEntryAt(lf, mode, path);
	if (!folder) return [];
	return (repo.childrenOf(folder.id) as IDataObject[]).map((child) => String(child.name)).sort();
}

// ---------------------------------------------------------------------------------------------------
// Request logs and mid-run hooks
// ---------------------------------------------------------------------------------------------------

/** The decoded path of a logged request, without its query string. */
/** Requests of the emulators' logs that match a method and a pattern of their (decoded) path. */
export function matching<T extends { method: string; path: string; url: string }>(
	requests: T[],
	method: string | undefined,
	pattern: RegExp,
): T[] {
	return requests.filter(
		(request) =>
			(method === undefined || request.method === method) && pattern.test(pathOf(request)),
	);
}

// ---------------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------------

/** Input item indexes of output items (from pairedItem). */
export function pairedIndexes(items: INodeExecutionData[]): number[] {
	return items.map((item) => {
		const paired = item.pairedItem;
		const first = Array.isArray(paired) ? paired[0] : paired;
		return typeof first === 'number' ? first : (first?.item ?? -1);
	});
}

/**
 * N items in = N items out across Success and Error: every input item has exactly one output item
 * (one-to-one operations), or at least one (lists), and nothing else comes out.
 */
export function expectAccounted(run: NodeRun, count: number, { oneToOne = true } = {}): void {
	const success = pairedIndexes(run.success);
	const errors = pairedIndexes(run.errors);
	const all = [...success, ...errors];
	const expected = Array.from({ length: count }, (_, index) => index);
	if (oneToOne) {
		expect(all.sort((a, b) => a - b)).toEqual(expected);
	} else {
		expect([...new Set(all)].sort((a, b) => a - b)).toEqual(expected);
		for (const index of errors) expect(success).not.toContain(index);
	}
}

/** The node error (or run error) with its class name, message and description. */
export function failureOf(
	run: NodeRun,
): { name: string; message: string; description: string } | undefined {
	const error = (run.nodeError(run.nodeName) ?? run.error) as
		| {
				constructor?: { name?: string };
				name?: string;
				message?: string;
				description?: string | null;
		  }
		| undefined;
	if (!error) return undefined;
	// n8n keeps the node's error as a plain copy: its class is in `name`.
	const name = error.name && error.name !== 'Error' ? error.name : (error.constructor?.name ?? '');
	return { name, message: error.message ?? '', description: error.description ?? '' };
}

/**
 * A second scan over a finished run for secrets the harness did not know before the run: tokens the
 * emulator issued and client JWTs it received. Covers run data, the execution error and the logs
 * captured since `logsFrom`.
 */
export function scanRun(run: NodeRun, secrets: string[], logsFrom: number): void {
	const scanner = new SecretScanner();
	scanner.add(secrets.filter((secret) => secret.length >= 8));
	const { Input: _input, ...produced } = run.run.data.resultData.runData;
	scanner.assertClean('the run data', produced);
	scanner.assertClean('the execution error', run.run.data.resultData.error);
	scanner.assertClean('the logs', capturedLogs.slice(logsFrom));
}

/** Every token the Laserfiche emulator issued and every client JWT and bearer it was sent. */
export function laserficheWireSecrets(lf: LaserficheEmulator): string[] {
	const secrets = new Set<string>();
	const tokens = (lf.emulator as { tokens: { _tokens?: Map<string, unknown> } }).tokens;
	for (const value of tokens._tokens?.keys() ?? []) secrets.add(value);
	for (const request of lf.state.requests) {
		const authorization = String(request.headers.authorization ?? '');
		const bearer = /^Bearer\s+(\S+)/i.exec(authorization)?.[1];
		if (!bearer) continue;
		secrets.add(bearer);
		// A client JWT carries the service principal key inside its payload: each segment is a secret too.
		for (const segment of bearer.split('.')) if (segment.length >= 16) secrets.add(segment);
	}
	return [...secrets];
}

export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

export { CredentialStore, capturedLogs };

/** Milliseconds between two requests of the Laserfiche log (recorded times). */
export function gapMs(a: { time: string }, b: { time: string }): number {
	return Date.parse(b.time) - Date.parse(a.time);
}

/** Cuts the stored input binary (n8n's filesystem binary store) to `size` bytes, found by its content. */
export function truncateStoredInput(content: Buffer, size: number): number {
	let cut = 0;
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			const stat = statSync(full);
			if (stat.isDirectory()) walk(full);
			else if (stat.size === content.length && readFileSync(full).equals(content)) {
				truncateSync(full, size);
				cut++;
			}
		}
	};
	walk(join(HARNESS_ROOT, 'binaryData'));
	return cut;
}

/** Whether an operation class may be repeated after a 5xx or a reset ('either': both outcomes are accepted). */
export type Idempotency = true | false | 'either';

/** What the fault matrices of both services know of an operation class. */
export interface OpClassBase {
	name: string;
	parameters: INodeParameters;
	input: (i: number) => HarnessInputItem;
	/** The request each item makes that the fault hits. */
	key: { method: string; pattern: RegExp };
	/** The authenticated request of an item (where keys are revoked or tokens expire; default: the key request). */
	auth?: { method: string; pattern: RegExp };
	idempotent: Idempotency;
	/**
	 * Whether the 429 case waits a whole second of Retry-After and checks the wait (one class per way a
	 * request is sent: API call, upload, download); the others get Retry-After: 0, which keeps the suite
	 * quick and still takes the Retry-After path.
	 */
	timedRetryAfter?: boolean;
	/** One output item per input item (false for lists). */
	oneToOne: boolean;
}
