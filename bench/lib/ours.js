'use strict';
/**
 * Runs one of our nodes through the test harness (real n8n-core WorkflowExecute, the built package from
 * dist/, binary data in filesystem mode) and reports n8n's own execution time of the node.
 */
require('./ts-register');

const { ExecutionLifecycleHooks } = require('n8n-core');
const { runNode, binaryStream } = require('../../test/harness/run-workflow.ts');

const NODE_NAME = 'Node';

/**
 * The measured window of the worker (bench/lib/worker.js), narrowed to the node under test: n8n-core
 * calls the `nodeExecuteBefore` hook right before a node runs and `nodeExecuteAfter` right after, so the
 * harness's Input node (which first stores the input file as binary data) stays out of the figures.
 */
let measuredWindow;
const runHook = ExecutionLifecycleHooks.prototype.runHook;
ExecutionLifecycleHooks.prototype.runHook = async function (hookName, parameters) {
	const nodeName = Array.isArray(parameters) ? parameters[0] : undefined;
	if (measuredWindow && nodeName === NODE_NAME && hookName === 'nodeExecuteBefore')
		measuredWindow.begin();
	if (measuredWindow && nodeName === NODE_NAME && hookName === 'nodeExecuteAfter')
		measuredWindow.end();
	return await runHook.call(this, hookName, parameters);
};

function describeFailure(run) {
	const error = run.error || run.nodeError(NODE_NAME);
	const message = error
		? `${error.message || error}${error.description ? ` (${error.description})` : ''}`
		: 'no error recorded';
	return `the execution ended with status "${run.status}": ${message}`;
}

/**
 * Runs `type` with `parameters` after the harness's Input node emitting `input`; `window` (optional) is
 * the worker's measured window, opened and closed around the node's own execution.
 * Resolves `{ run, items, ms }`: the node's Success items and its executionTime (ms, measured by n8n).
 */
async function runOurNode({ type, parameters, credentialType, credentialData, input, window }) {
	measuredWindow = window;
	let run;
	try {
		run = await runNode({
			node: { type, name: NODE_NAME, parameters, credentials: { [credentialType]: 'c1' } },
			credentials: { c1: { type: credentialType, data: credentialData } },
			input,
		});
	} finally {
		measuredWindow = undefined;
	}
	if (run.status !== 'success') throw new Error(describeFailure(run));
	const taskData = run.run.data.resultData.runData[NODE_NAME]?.[0];
	return { run, items: run.success, ms: taskData ? taskData.executionTime : undefined };
}

module.exports = { runOurNode, binaryStream, NODE_NAME };
