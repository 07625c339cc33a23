/**
 * Runs a polling trigger's `poll()` once through n8n-core's real PollContext, with workflow static data
 * kept between calls (pass the same `staticData` object), as an active workflow's poller does.
 *
 *   const staticData = {};
 *   const first = await runPoll({ node, credentials, staticData });   // first poll: nothing emitted
 *   const second = await runPoll({ node, credentials, staticData });
 */
import './environment';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CredentialStore } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import { pollContext } from './execution-context';
import type { HarnessCredentials, HarnessNode } from './run-workflow';
import { watchPresignedUrls } from './presigned-urls';
import type { PresignedUrl } from './presigned-urls';
import { scanMark } from './secret-scan';
import { triggerSetup } from './trigger-node';

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
	const { types, store, nodeType, node, scanner } = await triggerSetup(options);
	const staticData = options.staticData ?? {};
	const mode = options.mode ?? 'trigger';
	const scanPoll = (produced: unknown, presignedUrls: PresignedUrl[]) => {
		const scan = scanner(options.secrets ?? []);
		scan.addPresignedUrls(presignedUrls);
		scan.assertClean('the poll result or error', produced);
		scan.assertClean('the trigger static data', staticData);
		scan.assertLogsClean(mark);
	};
	const { context, workflow } = pollContext({
		nodes: [node],
		nodeTypes: types.nodeTypes,
		credentialsHelper: new HarnessCredentialsHelper(types, store),
		workflow: { id: 'harness-poll-workflow', active: true, staticData },
		mode,
		pollBudgetMs: options.pollBudgetMs,
	});
	if (typeof nodeType.poll !== 'function') throw new Error(`${node.type} is not a polling trigger`);
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
