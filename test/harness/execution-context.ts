/**
 * The one place test code builds n8n-core's execution machinery: the Workflow, the additional data n8n's CLI
 * hands every execution (URLs, user, credentials helper), and the contexts nodes run in: WorkflowExecute's
 * (runWorkflow), PollContext (runPoll), ExecuteContext (the credential Test button) and LoadOptionsContext (the
 * editor's resource-locator lists).
 *
 *   const context = loadOptionsContext({ nodes: [node], nodeTypes, credentialsHelper, path: 'parameters.path' });
 *   await nodeType.methods.listSearch.searchFolders.call(context, filter);
 */
import { ExecuteContext, LoadOptionsContext, PollContext } from 'n8n-core';
import type {
	ICredentialsHelper,
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeTypes,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

const BASE_URL = 'http://127.0.0.1:5678';

export interface HarnessExecutionOptions {
	/** The workflow's nodes; a context is built for the first one. */
	nodes: INode[];
	nodeTypes: INodeTypes;
	credentialsHelper: ICredentialsHelper;
	workflow?: {
		id?: string;
		name?: string;
		connections?: IConnections;
		active?: boolean;
		staticData?: IDataObject;
		settings?: IWorkflowSettings;
	};
	/** Additional data beyond the harness's defaults (WorkflowExecute's `executionId` and `hooks`, ...). */
	additionalData?: Record<string, unknown>;
}

export interface HarnessExecution {
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
	/** The workflow's first node (as the Workflow holds it). */
	node: INode;
}

export function harnessExecution(options: HarnessExecutionOptions): HarnessExecution {
	const settings = options.workflow ?? {};
	const workflow = new Workflow({
		id: settings.id,
		name: settings.name,
		nodes: options.nodes,
		connections: settings.connections ?? {},
		active: settings.active ?? false,
		nodeTypes: options.nodeTypes,
		staticData: settings.staticData,
		settings: settings.settings,
	});
	const additionalData = {
		credentialsHelper: options.credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		variables: {},
		userId: 'harness-user',
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not supported by the harness');
		},
		...options.additionalData,
	} as unknown as IWorkflowExecuteAdditionalData;
	const node = workflow.getNode(options.nodes[0].name) ?? options.nodes[0];
	return { workflow, additionalData, node };
}

/** The editor's context for a node's listSearch/loadOptions methods; `path` is the parameter asked about. */
export function loadOptionsContext(
	options: HarnessExecutionOptions & { path: string },
): LoadOptionsContext {
	const { workflow, additionalData, node } = harnessExecution(options);
	return new LoadOptionsContext(workflow, node, additionalData, options.path);
}

/** An active workflow's (or "Fetch test event"'s) context for a trigger's `poll()`. */
export function pollContext(
	options: HarnessExecutionOptions & { mode: WorkflowExecuteMode; pollBudgetMs?: number | null },
): { context: PollContext; workflow: Workflow } {
	const { workflow, additionalData, node } = harnessExecution(options);
	const budget = options.pollBudgetMs;
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		options.mode,
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		budget === undefined || budget === null ? undefined : () => budget,
	);
	// null: a context without getPollBudgetMs at all, as n8n 1.x's PollContext.
	if (budget === null) delete (context as { getPollBudgetMs?: unknown }).getPollBudgetMs;
	return { context, workflow };
}

/** A node's execute() context on one empty input item, outside a workflow run (n8n's credential tester). */
export function executeContext(
	options: HarnessExecutionOptions & { mode: WorkflowExecuteMode },
): ExecuteContext {
	const { workflow, additionalData, node } = harnessExecution(options);
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	return new ExecuteContext(
		workflow,
		node,
		additionalData,
		options.mode,
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
}
