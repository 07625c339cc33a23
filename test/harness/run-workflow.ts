/**
 * Runs workflows through n8n-core's real engine (WorkflowExecute), with the built package loaded by
 * PackageDirectoryLoader, binary data in filesystem mode and n8n-like credential handling.
 *
 *   const run = await runNode({
 *     node: { type: 'filesCom', parameters: { resource: 'file', operation: 'get', path: '/a.txt' },
 *             credentials: { filesComApi: 'cred' }, onError: 'continueErrorOutput' },
 *     credentials: { cred: { type: 'filesComApi', data: { apiKey, siteUrl } } },
 *     input: [{ json: { n: 1 } }],
 *   });
 *   run.success; run.errors;   // items on the Success and Error outputs, with pairedItem
 */
import './environment';

import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import { CredentialStore, HarnessCredentialsHelper } from './credentials-helper';
import type { HarnessInputItem } from './fixtures/harness-types';
import { encodeItems } from './fixtures/harness-types';
import { harnessExecution } from './execution-context';
import { installLogCapture } from './log-capture';
import { Container } from './n8n-container';
import { watchPresignedUrls } from './presigned-urls';
import type { PresignedUrl } from './presigned-urls';
import { SecretScanner, scanMark, secretsOf } from './secret-scan';
import { HARNESS_PREFIX, PACKAGE_NAME, loadTypes } from './node-types';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface HarnessNode {
	/** Node name in the workflow; defaults to the type's short name. */
	name?: string;
	/** Short type name of this package ('filesCom'), or a full one ('harness.probe'). */
	type: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	/** Credential type → credential id in the run's `credentials`. */
	credentials?: Record<string, string>;
	onError?: OnError;
	/** Per-node retry settings, as the editor's node settings. */
	retryOnFail?: boolean;
}

/** Credentials by id: their type and stored data (what n8n keeps encrypted in its database). */
export type HarnessCredentials = Record<
	string,
	{ type: string; data: ICredentialDataDecryptedObject }
>;

export interface WorkflowRunOptions {
	nodes: HarnessNode[];
	/** `{ from: to }` or `{ from: [to, ...] }`, output 0; or full n8n connections. */
	connections?: Record<string, string | string[]> | IConnections;
	credentials?: HarnessCredentials;
	/** Items emitted by the implicit first node "Input" (type harness.items). */
	input?: HarnessInputItem[];
	/** Reuse a store to keep tokens between runs (credentials already in it are not overwritten) and observe preAuthentication. */
	store?: CredentialStore;
	/** More values that must not appear in outputs, errors or logs (besides the credentials' secrets). */
	secrets?: string[];
	mode?: WorkflowExecuteMode;
}

export interface WorkflowRun {
	run: IRun;
	status: IRun['status'];
	/** The execution-level error, when the workflow stopped. */
	error: IRun['data']['resultData']['error'];
	/** Output branches of a node: index 0 = Success (or the only output), last = Error when enabled. */
	outputsOf(nodeName: string): INodeExecutionData[][];
	/** The error a node's run recorded (set when it threw). */
	nodeError(nodeName: string): unknown;
	store: CredentialStore;
	/** The pre-signed URLs the run used (uploads, downloads): secrets of the run, scanned for like the others. */
	presignedUrls: PresignedUrl[];
}

export interface NodeRun extends WorkflowRun {
	/** Items on the node's first output (Success). */
	success: INodeExecutionData[];
	/** Items on the node's Error output (empty unless onError is continueErrorOutput). */
	errors: INodeExecutionData[];
	nodeName: string;
}

let binaryDataReady: Promise<void> | undefined;

/** Binary data in filesystem mode, as in a default n8n (N8N_DEFAULT_BINARY_DATA_MODE=filesystem). */
export async function initBinaryData(): Promise<BinaryDataService> {
	installLogCapture();
	const service = Container.get(BinaryDataService);
	binaryDataReady ??= service.init();
	await binaryDataReady;
	return service;
}

function fullType(type: string): string {
	return type.includes('.') ? type : `${PACKAGE_NAME}.${type}`;
}

function toConnections(connections: WorkflowRunOptions['connections']): IConnections {
	const result: IConnections = {};
	for (const [from, to] of Object.entries(connections ?? {})) {
		if (typeof to === 'string' || Array.isArray(to)) {
			const targets = typeof to === 'string' ? [to] : to;
			result[from] = { main: [targets.map((node) => ({ node, type: 'main', index: 0 }))] };
		} else {
			result[from] = to as IConnections[string];
		}
	}
	return result;
}

let executionCounter = 0;

export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowRun> {
	const types = await loadTypes();
	await initBinaryData();
	const store = options.store ?? new CredentialStore();
	for (const [id, credential] of Object.entries(options.credentials ?? {}))
		store.setIfMissing(id, credential.data);
	const credentialTypeOf = (id: string) => options.credentials?.[id]?.type;

	const inputNode: INode = {
		id: 'input',
		name: 'Input',
		type: `${HARNESS_PREFIX}.items`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			items: encodeItems(options.input ?? [{ json: {} }]) as unknown as INodeParameters['items'],
		},
	};
	const nodes: INode[] = [inputNode];
	for (const [index, spec] of options.nodes.entries()) {
		const type = fullType(spec.type);
		const nodeType = types.nodeTypes.getByNameAndVersion(type, spec.typeVersion);
		const version = spec.typeVersion ?? [nodeType.description.version].flat().slice(-1)[0];
		nodes.push({
			id: `node-${index}`,
			name: spec.name ?? spec.type.split('.').pop()!,
			type,
			typeVersion: version,
			position: [200 * (index + 1), 0],
			parameters: spec.parameters ?? {},
			credentials: Object.fromEntries(
				Object.entries(spec.credentials ?? {}).map(([credType, id]) => {
					if (credentialTypeOf(id) === undefined)
						throw new Error(`Credential "${id}" is not in options.credentials`);
					return [credType, { id, name: id }];
				}),
			),
			...(spec.onError ? { onError: spec.onError } : {}),
		});
	}
	const connections = toConnections(options.connections ?? { Input: nodes[1]?.name ?? [] });
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const mode = options.mode ?? 'manual';
	const executionId = `harness-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const { workflow, additionalData } = harnessExecution({
		nodes,
		nodeTypes: types.nodeTypes,
		credentialsHelper: new HarnessCredentialsHelper(types, store),
		workflow: {
			id: workflowData.id,
			name: workflowData.name,
			connections,
			settings: workflowData.settings,
		},
		additionalData: { executionId, hooks },
	});

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const mark = scanMark();
	const watch = watchPresignedUrls();
	let presignedUrls: PresignedUrl[] = [];
	let run: IRun;
	try {
		const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
		await execution.processRunExecutionData(workflow);
		run = await finished;
	} finally {
		presignedUrls = watch.stop();
	}

	const runData = run.data.resultData.runData;
	const scanner = new SecretScanner();
	scanner.add(options.secrets ?? []);
	for (const credential of Object.values(options.credentials ?? {})) {
		scanner.add(secretsOf(types.getCredentialType(credential.type), credential.data));
	}
	scanner.addFromStore(store, (type) => types.getCredentialType(type));
	scanner.addPresignedUrls(presignedUrls);
	const { Input: _input, ...producedRunData } = runData;
	scanner.assertClean('the run data (outputs, error items, node errors)', producedRunData);
	scanner.assertClean('the execution error', run.data.resultData.error);
	scanner.assertLogsClean(mark);
	return {
		run,
		presignedUrls,
		status: run.status,
		error: run.data.resultData.error,
		store,
		outputsOf: (nodeName) =>
			(runData[nodeName]?.[0]?.data?.main ?? []).map(
				(branch) => (branch ?? []) as INodeExecutionData[],
			),
		nodeError: (nodeName) => runData[nodeName]?.[0]?.error,
	};
}

/** Runs one node of this package after the "Input" node; see the module comment for an example. */
export async function runNode(
	options: Omit<WorkflowRunOptions, 'nodes' | 'connections'> & { node: HarnessNode },
): Promise<NodeRun> {
	const nodeName = options.node.name ?? options.node.type.split('.').pop()!;
	const result = await runWorkflow({ ...options, nodes: [{ ...options.node, name: nodeName }] });
	const outputs = result.outputsOf(nodeName);
	const hasErrorOutput = options.node.onError === 'continueErrorOutput';
	return {
		...result,
		nodeName,
		success: outputs[0] ?? [],
		errors: hasErrorOutput ? (outputs[outputs.length - 1] ?? []) : [],
	};
}

/** Reads a binary property of an output item back (from the filesystem binary store). */
export async function readBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const service = await initBinaryData();
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`Item has no binary property "${property}"`);
	return await service.getAsBuffer(binary);
}

/** Opens a binary property of an output item as a stream (large files). */
export async function binaryStream(item: INodeExecutionData, property = 'data') {
	const service = await initBinaryData();
	const binary = item.binary?.[property];
	if (!binary?.id) throw new Error(`Item has no stored binary property "${property}"`);
	return await service.getAsStream(binary.id);
}

export type { IDataObject };
