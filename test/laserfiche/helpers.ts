/**
 * Shared pieces of the Laserfiche tests: the emulator, credentials for both deployments, a node
 * runner per mode (Cloud through API v2, self-hosted through API v1 or v2), the contract check of every
 * request the emulator saw, and the secret scan.
 */
import { createHash } from 'node:crypto';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { checkRequest, contractForUrl } from '../harness/contract';
import type { HarnessCredentials, HarnessInputItem, NodeRun, OnError } from '../harness';
import { CredentialStore, binaryStream, runNode } from '../harness';
import { decodedPath } from '../support/requests';
import type {
	LaserficheEmulator,
	LaserficheEmulatorOptions,
	RecordedRequest,
} from '../emulators/laserfiche';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const emulatorModule =
	require('../emulators/laserfiche') as typeof import('../emulators/laserfiche');

export type { LaserficheEmulator, RecordedRequest };

export async function startEmulator(
	options: LaserficheEmulatorOptions = {},
): Promise<LaserficheEmulator> {
	return await emulatorModule.startLaserficheEmulator({ port: 0, taskDurationMs: 20, ...options });
}

export interface Mode {
	label: string;
	authentication: 'cloud' | 'selfHosted';
	version: 'v1' | 'v2';
}

export const CLOUD: Mode = { label: 'Cloud (API v2)', authentication: 'cloud', version: 'v2' };
export const SELF_HOSTED_V1: Mode = {
	label: 'self-hosted (API v1)',
	authentication: 'selfHosted',
	version: 'v1',
};
export const SELF_HOSTED_V2: Mode = {
	label: 'self-hosted (API v2)',
	authentication: 'selfHosted',
	version: 'v2',
};
export const MODES: Mode[] = [CLOUD, SELF_HOSTED_V1, SELF_HOSTED_V2];

export function cloudCredentialData(lf: LaserficheEmulator) {
	return {
		servicePrincipalSecretKey: lf.cloud.servicePrincipalKey,
		accessKeySecret: lf.cloud.accessKey,
		scope: 'repository.ReadWrite',
		customEndpoints: true,
		tokenUrl: lf.cloud.tokenUrl,
		apiBaseUrl: lf.cloud.apiBaseUrl,
	};
}

export function selfHostedCredentialData(lf: LaserficheEmulator, apiVersion: 'v1' | 'v2' = 'v1') {
	return {
		baseUrl: lf.selfHosted.baseUrl,
		repositoryId: lf.selfHosted.repositoryId,
		username: lf.selfHosted.username,
		password: lf.selfHosted.password,
		apiVersion,
	};
}

export function credentialsFor(lf: LaserficheEmulator, mode: Mode): HarnessCredentials {
	return mode.authentication === 'cloud'
		? { lf: { type: 'laserficheCloudApi', data: cloudCredentialData(lf) } }
		: { lf: { type: 'laserficheSelfHostedApi', data: selfHostedCredentialData(lf, mode.version) } };
}

/** The node's mode parameters (authentication and, for Cloud, the repository). */
export function modeParameters(lf: LaserficheEmulator, mode: Mode): INodeParameters {
	return mode.authentication === 'cloud'
		? {
				authentication: 'cloud',
				repositoryId: { __rl: true, mode: 'id', value: lf.cloud.repositoryId },
			}
		: { authentication: 'selfHosted' };
}

export interface RunOptions {
	input?: HarnessInputItem[];
	onError?: OnError;
	store?: CredentialStore;
	/** The credential to use instead of the emulator's (or the one the store saved). */
	credentials?: HarnessCredentials;
	/** More secrets for the harness's scan of the run. */
	secrets?: string[];
}

/**
 * The credential for a run: from the store when an earlier run saved it there (with the token
 * preAuthentication persisted, as n8n keeps it in its database), else fresh.
 */
function storedCredentials(
	lf: LaserficheEmulator,
	mode: Mode,
	store?: CredentialStore,
): HarnessCredentials {
	const fresh = credentialsFor(lf, mode);
	if (!store) return fresh;
	let saved: ReturnType<CredentialStore['get']> | undefined;
	try {
		saved = store.get('lf');
	} catch {
		saved = undefined;
	}
	return saved ? { lf: { type: fresh.lf.type, data: saved } } : fresh;
}

/** Runs the Laserfiche node once in a mode with the given parameters. */
export async function runLaserfiche(
	lf: LaserficheEmulator,
	mode: Mode,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<NodeRun> {
	const credentialType =
		mode.authentication === 'cloud' ? 'laserficheCloudApi' : 'laserficheSelfHostedApi';
	return await runNode({
		node: {
			type: 'laserfiche',
			name: 'Laserfiche',
			parameters: { ...modeParameters(lf, mode), ...parameters },
			credentials: { [credentialType]: 'lf' },
			onError: options.onError,
		},
		credentials: options.credentials ?? storedCredentials(lf, mode, options.store),
		input: options.input ?? [{ json: {} }],
		store: options.store,
		secrets: options.secrets,
	});
}

/** A resource locator value. */
export const byPath = (path: string) => ({ __rl: true, mode: 'path', value: path });
export const byId = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });

/** The entry at a path in the emulator's repository model (white-box, for assertions). */
export function repositoryOf(lf: LaserficheEmulator, mode: Mode) {
	return mode.authentication === 'cloud'
		? lf.state.repositories.cloud
		: lf.state.repositories.selfHosted;
}

/**
 * Calls `action` when the `nth` request matching `method` and `pattern` (of its decoded path) is
 * recorded by the emulator: its log is pushed to before the token is checked, so the action applies to
 * that very request. Returns the function that removes the hook.
 */
export function onLaserficheRequest(
	lf: LaserficheEmulator,
	method: string | undefined,
	pattern: RegExp,
	nth: number,
	action: () => void,
): () => void {
	const log = lf.state.requests as RecordedRequest[] & {
		push: (...items: RecordedRequest[]) => number;
	};
	let seen = 0;
	const push = Array.prototype.push;
	Object.defineProperty(log, 'push', {
		configurable: true,
		writable: true,
		value(...items: RecordedRequest[]) {
			const length = push.apply(log, items);
			for (const item of items) {
				if ((method === undefined || item.method === method) && pattern.test(decodedPath(item))) {
					seen++;
					if (seen === nth) action();
				}
			}
			return length;
		},
	});
	return () => {
		delete (log as { push?: unknown }).push;
	};
}

/** Requests the emulator saw since `from`, without the emulator's control routes. */
export function requestsSince(lf: LaserficheEmulator, from: number): RecordedRequest[] {
	return lf.state.requests.slice(from).filter((request) => !request.path.startsWith('/__emulator'));
}

/**
 * Checks every request to a documented API against its spec; returns the violations (empty when all
 * requests are in the contract). Pre-signed upload/download URLs have no spec and are skipped.
 */
export function contractViolations(requests: RecordedRequest[]): string[] {
	const violations: string[] = [];
	for (const request of requests) {
		const contract = contractForUrl(request.url);
		if (!contract) continue;
		const result = checkRequest(contract, {
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
		});
		if (!result.ok)
			violations.push(
				`${request.method} ${request.url} [${contract}]: ${result.errors.join('; ')}`,
			);
	}
	return violations;
}

/** Every secret a run may hold: credential secrets and every access token the emulator issued. */
export function secretsOf(lf: LaserficheEmulator, store?: CredentialStore): string[] {
	const secrets = [lf.cloud.servicePrincipalKey, lf.cloud.accessKey, lf.selfHosted.password];
	for (const update of store?.updates ?? []) {
		if (typeof update.data.accessToken === 'string' && update.data.accessToken)
			secrets.push(update.data.accessToken);
	}
	const tokens = lf.emulator.tokens as { _tokens: Map<string, unknown> };
	for (const value of tokens._tokens.keys()) secrets.push(value);
	return secrets.filter((secret) => secret.length >= 8);
}

/** Serialises whatever a run produced that a user could see: items, errors, messages. */
export function visibleText(run: NodeRun): string {
	const pieces: unknown[] = [];
	for (const branch of run.outputsOf(run.nodeName))
		for (const item of branch) pieces.push(item.json, item.binary);
	const error = run.nodeError(run.nodeName) as
		| { message?: string; description?: string; stack?: string }
		| undefined;
	if (error) pieces.push(error.message, error.description, error.stack, JSON.stringify(error));
	if (run.error)
		pieces.push(
			run.error.message,
			(run.error as { description?: string }).description,
			JSON.stringify(run.error),
		);
	return pieces
		.map((piece) => (typeof piece === 'string' ? piece : JSON.stringify(piece ?? null)))
		.join('\n');
}

/** Fails when a secret appears in what a user can see. */
export function expectNoSecrets(text: string, secrets: string[]): void {
	const leaked = secrets.filter((secret) => text.includes(secret));
	expect(leaked.map((secret) => `${secret.slice(0, 4)}… (${secret.length} chars)`)).toEqual([]);
}

export function jsonOf(items: INodeExecutionData[]) {
	return items.map((item) => item.json);
}

export { CredentialStore };

/** The SHA-256 and size of an item's stored binary, read as a stream. */
export async function sha256Of(
	item: INodeExecutionData,
	property = 'data',
): Promise<{ sha256: string; size: number }> {
	const hash = createHash('sha256');
	let size = 0;
	for await (const chunk of await binaryStream(item, property)) {
		hash.update(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return { sha256: hash.digest('hex'), size };
}
