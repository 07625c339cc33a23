/**
 * Runs a polling trigger's `poll()` once through n8n-core's real PollContext, with workflow static data
 * kept between calls (pass the same `staticData` object), as an active workflow's poller does.
 *
 *   const staticData = {};
 *   const first = await runPoll({ node, credentials, staticData });   // first poll: nothing emitted
 *   const second = await runPoll({ node, credentials, staticData });
 */
import './environment';

import type { IDataObject, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import { CredentialStore, HarnessCredentialsHelper } from './credentials-helper';
import { pollContext } from './execution-context';
import { PACKAGE_NAME, loadTypes } from './node-types';
import type { HarnessCredentials, HarnessNode } from './run-workflow';
import { watchPresignedUrls } from './presigned-urls';
import type { PresignedUrl } from './presigned-urls';
import { initBinaryData } from './run-workflow';
import { SecretScanner, scanMark, secretsOf } from './secret-scan';

export interface PollRunOptions {
	node: HarnessNode;
	credentials?: HarnessCredentials;
	store?: CredentialStore;
	/** Workflow static data; reuse the object across polls to keep the trigger's state. */
	staticData?: IDataObject;
	/** 'trigger' for an active workflow's poll, 'manual' for the editor's "Fetch test event". */
	mode?: 'trigger' | 'manual';
	/** The poll budget n8n gives; null: no getPollBudgetMs at all (n8n 1.x). */
	pollBudgetMs?: number | null;
	/** More values that must not appear in the result, the error, the static data or the logs. */
	secrets?: string[];
}

export interface PollRun {
	/** What poll() returned: null when nothing is new. */
	result: INodeExecutionData[][] | null;
	/** The emitted items (first output), [] when nothing is new. */
	items: INodeExecutionData[];
	staticData: IDataObject;
	store: CredentialStore;
}

export async function runPoll(options: PollRunOptions): Promise<PollRun> {
	const types = await loadTypes();
	await initBinaryData();
	const store = options.store ?? new CredentialStore();
	for (const [id, credential] of Object.entries(options.credentials ?? {}))
		store.setIfMissing(id, credential.data);
	const staticData = options.staticData ?? {};

	const type = options.node.type.includes('.')
		? options.node.type
		: `${PACKAGE_NAME}.${options.node.type}`;
	const nodeType = types.nodeTypes.getByNameAndVersion(type, options.node.typeVersion) as INodeType;
	const node: INode = {
		id: 'trigger',
		name: options.node.name ?? options.node.type.split('.').pop()!,
		type,
		typeVersion: options.node.typeVersion ?? [nodeType.description.version].flat().slice(-1)[0],
		position: [0, 0],
		parameters: options.node.parameters ?? {},
		credentials: Object.fromEntries(
			Object.entries(options.node.credentials ?? {}).map(([credType, id]) => [
				credType,
				{ id, name: id },
			]),
		),
	};
	const mode = options.mode ?? 'trigger';
	const scanPoll = (produced: unknown, presignedUrls: PresignedUrl[]) => {
		const scanner = new SecretScanner();
		scanner.addPresignedUrls(presignedUrls);
		scanner.add(options.secrets ?? []);
		for (const credential of Object.values(options.credentials ?? {})) {
			scanner.add(secretsOf(types.getCredentialType(credential.type), credential.data));
		}
		scanner.addFromStore(store, (name) => types.getCredentialType(name));
		scanner.assertClean('the poll result or error', produced);
		scanner.assertClean('the trigger static data', staticData);
		scanner.assertLogsClean(mark);
	};
	const { context, workflow } = pollContext({
		nodes: [node],
		nodeTypes: types.nodeTypes,
		credentialsHelper: new HarnessCredentialsHelper(types, store),
		workflow: { id: 'harness-poll-workflow', active: true, staticData },
		mode,
		pollBudgetMs: options.pollBudgetMs,
	});
	if (typeof nodeType.poll !== 'function') throw new Error(`${type} is not a polling trigger`);
	const mark = scanMark();
	const watch = watchPresignedUrls();
	let result: INodeExecutionData[][] | null;
	try {
		result = await nodeType.poll.call(context);
	} catch (error) {
		scanPoll(error, watch.stop());
		throw error;
	}
	scanPoll(result, watch.stop());
	return {
		result,
		items: result?.[0] ?? [],
		staticData: workflow.staticData as IDataObject,
		store,
	};
}
