/**
 * A webhook trigger the way n8n runs it, with n8n-core's real HookContext and WebhookContext: `activate()`
 * calls the node's checkExists and (when it answers false) create, as n8n does when a workflow is
 * activated; `deactivate()` calls delete; between them a local HTTP server on 127.0.0.1 receives what the
 * service sends to the node's webhook URL, hands each request to the node's `webhook()` and answers as
 * n8n does for "respond immediately" (200, or what the node sent itself). Static data is kept across
 * calls, as n8n keeps it in the workflow.
 *
 *   const hook = await startWebhookTrigger({ node, credentials });
 *   await hook.activate();            // the node subscribes, with hook.url as its webhook URL
 *   ...                               // the service calls hook.url; hook.runs holds what each call started
 *   await hook.deactivate();
 *   await hook.stop();
 */
import './environment';

import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookData,
	IWebhookResponseData,
} from 'n8n-workflow';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HarnessCredentialsHelper } from './credentials-helper';
import { harnessExecution } from './execution-context';
import type { HarnessCredentials, HarnessNode } from './run-workflow';
import { scanMark } from './secret-scan';
import { triggerSetup } from './trigger-node';

export interface WebhookRun {
	status: number;
	/** The items the call started the workflow with; undefined when it started nothing. */
	items?: INodeExecutionData[];
	error?: unknown;
}

export interface WebhookTrigger {
	/** n8n's production webhook URL of the node (on the local server). */
	url: string;
	staticData: IDataObject;
	/** One entry per request the server received, in order. */
	runs: WebhookRun[];
	activate(): Promise<{ existed: boolean }>;
	deactivate(): Promise<void>;
	/** Resolves once `count` requests have been handled, or rejects after `timeoutMs`. */
	waitForRuns(count: number, timeoutMs?: number): Promise<WebhookRun[]>;
	stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	const type = String(req.headers['content-type'] ?? '');
	if (type.includes('application/json')) return text ? JSON.parse(text) : {};
	if (type.includes('application/x-www-form-urlencoded'))
		return Object.fromEntries(new URLSearchParams(text));
	return {};
}

/** The parts of Express's response object nodes use (status, send, json, end). */
function expressLike(res: ServerResponse) {
	const wrapped = res as ServerResponse & {
		status(code: number): typeof wrapped;
		send(body?: unknown): typeof wrapped;
		json(body: unknown): typeof wrapped;
	};
	wrapped.status = (code: number) => {
		res.statusCode = code;
		return wrapped;
	};
	wrapped.send = (body?: unknown) => {
		res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body ?? ''));
		return wrapped;
	};
	wrapped.json = (body: unknown) => {
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify(body));
		return wrapped;
	};
	return wrapped;
}

export async function startWebhookTrigger(options: {
	node: HarnessNode & { webhookId?: string };
	credentials?: HarnessCredentials;
	staticData?: IDataObject;
	/** More values that must not appear in any output. */
	secrets?: string[];
}): Promise<WebhookTrigger> {
	const {
		types,
		store,
		nodeType,
		node,
		scanner: scannerFor,
	} = await triggerSetup({
		...options,
		node: { ...options.node, webhookId: options.node.webhookId ?? 'b0c1d2e3-harness-webhook' },
	});
	const staticData = options.staticData ?? {};
	if (!nodeType.webhook || !nodeType.webhookMethods)
		throw new Error(`${node.type} is not a webhook trigger`);
	const description = nodeType.description.webhooks![0];
	const runs: WebhookRun[] = [];
	const waiters = new Set<() => void>();
	let executionCount = 0;

	// The node's own delivery secret is a secret too: never in an item.
	const scanner = () => {
		const state = staticData[`node:${node.name}`] as IDataObject | undefined;
		return scannerFor([
			...(options.secrets ?? []),
			...(typeof state?.secret === 'string' ? [state.secret] : []),
		]);
	};

	let baseUrl = '';
	const execution = (extra: Record<string, unknown> = {}) =>
		harnessExecution({
			nodes: [node],
			nodeTypes: types.nodeTypes,
			credentialsHelper: new HarnessCredentialsHelper(types, store),
			workflow: { id: 'harness-webhook-workflow', active: true, staticData },
			additionalData: { webhookBaseUrl: `${baseUrl}/webhook`, ...extra },
		});
	const webhookData = (): IWebhookData =>
		({
			httpMethod: description.httpMethod,
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: 'harness-webhook-workflow',
			isTest: false,
		}) as unknown as IWebhookData;

	const server = createServer((req, res) => {
		void (async () => {
			const mark = scanMark();
			const run: WebhookRun = { status: 200 };
			try {
				const url = new URL(req.url ?? '/', 'http://127.0.0.1');
				const body = await readBody(req);
				const httpRequest = {
					body,
					headers: req.headers,
					query: Object.fromEntries(url.searchParams),
					params: {},
					method: req.method,
					url: req.url,
				};
				const httpResponse = expressLike(res);
				const { workflow, additionalData } = execution({
					httpRequest,
					httpResponse,
					executionId: `harness-webhook-${++executionCount}`,
				});
				const context = new WebhookContext(
					workflow,
					workflow.getNode(node.name)!,
					additionalData,
					'trigger',
					webhookData(),
					[],
					null,
				);
				const answer: IWebhookResponseData = await nodeType.webhook!.call(context);
				run.items = answer.workflowData?.[0];
				if (answer.noWebhookResponse) run.status = res.statusCode;
				else if (!res.writableEnded) res.end(JSON.stringify({ message: 'Workflow was started' }));
				const scan = scanner();
				scan.assertClean('the webhook output', run.items ?? []);
				scan.assertLogsClean(mark);
			} catch (error) {
				run.error = error;
				run.status = 500;
				if (!res.headersSent) res.statusCode = 500;
				if (!res.writableEnded) res.end(JSON.stringify({ message: 'Error in workflow' }));
			}
			runs.push(run);
			for (const wake of waiters) wake();
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const hookContext = () => {
		const { workflow, additionalData } = execution();
		return new HookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			'trigger',
			'activate',
			webhookData(),
		);
	};
	const methods = nodeType.webhookMethods!.default!;

	return {
		url: `${baseUrl}/webhook/${node.webhookId}/${String(description.path)}`,
		staticData,
		runs,
		async activate() {
			const existed = await methods.checkExists.call(hookContext());
			if (!existed) await methods.create.call(hookContext());
			return { existed };
		},
		async deactivate() {
			await methods.delete.call(hookContext());
		},
		async waitForRuns(count, timeoutMs = 15000) {
			const deadline = Date.now() + timeoutMs;
			while (runs.length < count) {
				const left = deadline - Date.now();
				if (left <= 0)
					throw new Error(`${runs.length} of ${count} webhook calls after ${timeoutMs} ms`);
				await new Promise<void>((resolve) => {
					const wake = () => {
						clearTimeout(timer);
						waiters.delete(wake);
						resolve();
					};
					const timer = setTimeout(wake, Math.min(left, 1000));
					waiters.add(wake);
				});
			}
			return runs.slice(0, count);
		},
		async stop() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
