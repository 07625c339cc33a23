/**
 * What the live scenarios share: a unique folder name, test content with its hash, node runs that must
 * succeed (or fail in an expected way), bounded waits for a condition, and cleanup that always runs.
 * Nothing here is tied to jest: `npm run test:live` runs the scenarios under plain Node.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { HarnessCredentials, NodeRun } from '../harness';
import { CredentialStore, readBinary, runNode } from '../harness';

/** Receives one line per step; the runner prints it, the jest test collects it. */
export type Report = (line: string) => void;

export class LiveCheckFailed extends Error {}

export function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new LiveCheckFailed(message);
}

/** `n8n-live-20261202T204655Z-1a2b3c`: a folder name no earlier or parallel run uses. */
export function uniqueFolderName(now = new Date()): string {
	const stamp = now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');
	return `n8n-live-${stamp}-${randomBytes(3).toString('hex')}`;
}

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Random bytes with a readable head, so that a mix-up of files shows in a hex dump. */
export function testContent(
	label: string,
	size = 64 * 1024 + 17,
): { content: Buffer; sha256: string } {
	const head = Buffer.from(`n8n live test ${label}\n`, 'utf8');
	const content = Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
	return { content, sha256: sha256(content) };
}

export async function sha256Of(
	item: INodeExecutionData | undefined,
): Promise<{ sha256: string; size: number }> {
	check(item?.binary?.data, 'the node output no binary property "data"');
	const content = await readBinary(item, 'data');
	return { sha256: sha256(content), size: content.length };
}

/** The node error of a failed run, in a sentence (the harness has already checked it holds no secret). */
export function failureOf(run: NodeRun): string {
	const error = (run.nodeError(run.nodeName) ?? run.error) as
		| { message?: string; description?: string }
		| undefined;
	const item = run.errors[0]?.json as { message?: unknown; details?: unknown } | undefined;
	const message = error?.message ?? (item ? String(item.message) : `status ${run.status}`);
	const description =
		error?.description ?? (item?.details ? JSON.stringify(item.details) : undefined);
	return description ? `${message} (${description})` : message;
}

/** One node of this package with one credential; every run goes through the harness (real n8n-core). */
export class NodeRunner {
	private readonly store = new CredentialStore();

	constructor(
		private readonly type: 'filesCom' | 'laserfiche',
		private readonly credentialType: string,
		private readonly credentialData: HarnessCredentials[string]['data'],
		private readonly fixedParameters: INodeParameters = {},
	) {}

	/** Runs the node once with the Error output on, so that a failure is data to inspect. */
	async run(
		parameters: INodeParameters,
		binary?: { content: Buffer; fileName: string; mimeType: string },
	): Promise<NodeRun> {
		return await runNode({
			node: {
				type: this.type,
				parameters: { ...this.fixedParameters, ...parameters },
				credentials: { [this.credentialType]: 'live' },
				onError: 'continueErrorOutput',
			},
			credentials: { live: { type: this.credentialType, data: this.credentialData } },
			input: [{ json: {}, ...(binary ? { binary: { data: binary } } : {}) }],
			store: this.store,
		});
	}

	/** Runs the node and returns its Success items; a failed item fails the step with the node's error. */
	async ok(
		what: string,
		parameters: INodeParameters,
		binary?: Parameters<NodeRunner['run']>[1],
	): Promise<INodeExecutionData[]> {
		const run = await this.run(parameters, binary);
		check(run.status === 'success' && run.errors.length === 0, `${what} failed: ${failureOf(run)}`);
		return run.success;
	}
}

/**
 * Checks a condition until it holds, a bounded number of times (real services may apply a delete a
 * moment after answering it); the emulators hold it on the first try.
 */
export async function eventually(
	what: string,
	condition: () => Promise<boolean>,
	attempts = 10,
	intervalMs = 1000,
): Promise<void> {
	for (let attempt = 1; attempt <= attempts; attempt++) {
		if (await condition()) return;
		if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	throw new LiveCheckFailed(
		`${what} (checked ${attempts} times, ${(attempts - 1) * intervalMs} ms apart)`,
	);
}

/**
 * Runs the scenario's steps, then its cleanup whatever happened. A cleanup failure is reported and fails
 * the run; when the steps failed too, their error is the one thrown and the cleanup's is added to it.
 */
export async function withCleanup(
	report: Report,
	label: string,
	steps: () => Promise<void>,
	cleanup: () => Promise<void>,
): Promise<void> {
	let failure: unknown;
	try {
		await steps();
	} catch (error) {
		failure = error;
	}
	try {
		await cleanup();
	} catch (error) {
		report(`${label}: cleanup FAILED: ${(error as Error)?.message ?? String(error)}`);
		if (!failure) throw error;
		(failure as Error).message +=
			` (and the cleanup failed: ${(error as Error)?.message ?? String(error)})`;
	}
	if (failure) throw failure;
}
