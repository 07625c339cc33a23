'use strict';
// Every example workflow (examples/*.json), executed by n8n through its REST API as the editor's
// "Execute workflow" does, its outputs read back and checked: item counts per branch (Success / Error)
// and, on the Error branch, the service's error document unchanged in `details`.
const { assert, check } = require('./lib');
const { nodeOutputs } = require('../../scripts/n8n/rest');
const cfg = require('../../scripts/n8n/config');

/** Our fields of an error item: top level on n8n 2.x, inside `error` on 1.x (nodes/shared/errors.ts). */
function errorFields(item) {
	if (cfg.N8N_MAJOR >= 2) return item;
	assert.equal(
		typeof item.error,
		'object',
		'n8n 1.x error item: `error` holds message, description and details',
	);
	return {
		error: item.error.message,
		message: item.error.description,
		details: item.error.details,
	};
}

/** A Files.com error document: {error, http-code, instance, title, type}. */
function assertErrorItem(input) {
	// n8n merges the input item's fields into error items; ours adds error, message and details.
	const item = errorFields(input);
	assert.equal(typeof item.error, 'string', 'error item: error');
	assert.equal(typeof item.message, 'string', 'error item: message');
}

function assertFilesComErrorDocument(item, { status, type }) {
	assertErrorItem(item);
	const d = errorFields(item).details;
	assert.ok(d && typeof d === 'object', 'details must hold the error document');
	for (const key of ['error', 'http-code', 'instance', 'title', 'type'])
		assert.ok(key in d, `details.${key} missing`);
	assert.equal(d['http-code'], status);
	assert.equal(d.type, type);
	assert.equal(typeof d.resource, 'string');
	assert.equal(typeof d.operation, 'string');
	assert.equal(typeof d.itemIndex, 'number');
}

/** A Laserfiche ProblemDetails document: {type, title, status, detail, instance, operationId, errorSource, errorCode, traceId}. */
function assertProblemDetails(item, { status }) {
	assertErrorItem(item);
	const d = errorFields(item).details;
	assert.ok(d && typeof d === 'object', 'details must hold the ProblemDetails document');
	for (const key of ['type', 'title', 'status']) assert.ok(key in d, `details.${key} missing`);
	assert.equal(d.status, status);
	assert.ok(
		'operationId' in d || 'traceId' in d,
		'a Laserfiche ProblemDetails carries operationId/traceId',
	);
	assert.equal(typeof d.resource, 'string');
	assert.equal(typeof d.operation, 'string');
	assert.equal(typeof d.itemIndex, 'number');
}

/**
 * What each example must produce. `branches`: node name → [success items, error items] of its first
 * run (a node with one output has only [success]). `more`: further checks on the execution.
 */
const EXPECTATIONS = {
	// Started by Files.com's webhook, not by "Execute workflow": run by triggers.js (instantTriggerTests).
	'06-filescom-instant-trigger.json': { instant: true },
	'01-filescom-node.json': {
		start: 'Start',
		branches: {
			'Download file': [2, 1],
			'Upload copy': [2],
			'Uploaded copies': [2],
			'Files.com error documents': [1],
		},
		more(exec) {
			const [ok, errors] = nodeOutputs(exec, 'Download file');
			assert.deepEqual(ok.map((f) => f.path).sort(), [
				'Documents/notes.txt',
				'Documents/report 2024.csv',
			]);
			assertFilesComErrorDocument(errors[0], { status: 404, type: 'not-found' });
			const uploaded = nodeOutputs(exec, 'Upload copy')[0];
			assert.deepEqual(uploaded.map((f) => f.path).sort(), [
				'Shared/Copies/notes.txt',
				'Shared/Copies/report 2024.csv',
			]);
		},
	},
	'02-filescom-trigger.json': {
		start: 'Files.com Trigger',
		branches: {
			'Files.com Trigger': [1],
			'Upload to /Shared/Inbox': [1],
			'Uploaded files': [1],
			'Move into /Processed/2026': [0, 1],
			'Files.com error documents': [1],
		},
		more(exec) {
			const run = exec.data.resultData.runData['Files.com Trigger'][0].data.main[0][0];
			assert.match(run.json.path, /^Documents\/[^/]+$/, 'the newest file of /Documents');
			assert.ok(
				run.binary && run.binary.data && run.binary.data.fileName,
				'the trigger downloaded the file',
			);
			const name = run.json.path.split('/').pop();
			assert.equal(nodeOutputs(exec, 'Upload to /Shared/Inbox')[0][0].path, `Shared/Inbox/${name}`);
			const [, errors] = nodeOutputs(exec, 'Move into /Processed/2026');
			assertFilesComErrorDocument(errors[0], {
				status: 409,
				type: 'processing-failure/destination-parent-does-not-exist',
			});
		},
	},
	'03-laserfiche-cloud.json': {
		start: 'Start',
		branches: {
			'Read template fields': [2, 1],
			'Template fields': [2],
			'Laserfiche error documents': [1],
		},
		more(exec) {
			const [ok, errors] = nodeOutputs(exec, 'Read template fields');
			const invoiceNumbers = ok.map(
				(e) => (e.fields.find((f) => f.name === 'Invoice Number') || {}).values,
			);
			assert.deepEqual(invoiceNumbers, [['INV-2026-0001'], ['INV-2026-0002']]);
			assertProblemDetails(errors[0], { status: 404 });
			assert.match(errorFields(errors[0]).details.detail, /INV-2026-0999/);
		},
	},
	'04-laserfiche-self-hosted.json': {
		start: 'Start',
		branches: {
			'Import document': [1, 1],
			'Export document': [1],
			'Exported documents': [1],
			'Laserfiche error documents': [1],
		},
		more(exec) {
			const [, errors] = nodeOutputs(exec, 'Import document');
			assertProblemDetails(errors[0], { status: 404 });
			const exported = exec.data.resultData.runData['Export document'][0].data.main[0][0];
			const binary = exported.binary && exported.binary.data;
			assert.ok(binary, 'the exported document is in the binary property "data"');
			assert.equal(binary.mimeType, 'text/plain');
			assert.match(binary.fileName, /^Hello from n8n.*\.txt$/);
			assert.match(exported.json.fullPath || exported.json.name, /Hello from n8n/);
		},
	},
	'05-laserfiche-trigger.json': {
		start: 'Laserfiche Trigger',
		branches: {
			'Laserfiche Trigger': [1],
			'Read template fields': [1, 0],
			'Template fields': [1],
			'File into Approved': [0, 1],
			'Laserfiche error documents': [1],
		},
		more(exec) {
			const [, errors] = nodeOutputs(exec, 'File into Approved');
			assertProblemDetails(errors[0], { status: 404 });
		},
	},
};

function counts(outputs) {
	return outputs.map((items) => items.length);
}

async function exampleTests(stack, log, secrets) {
	for (const wf of stack.workflows) {
		const expected = EXPECTATIONS[wf.file];
		if (expected && expected.instant) continue;
		await check(`example ${wf.file} ("${wf.name}") executed by n8n`, async () => {
			assert.ok(expected, `no expectations written for ${wf.file}`);
			const started = Date.now();
			const executionId = await stack.rest.runWorkflow(wf.id, expected.start);
			const exec = await stack.rest.waitForExecution(executionId, { timeoutMs: 90000 });
			const seconds = ((Date.now() - started) / 1000).toFixed(2);
			const lines = [];
			for (const [nodeName, want] of Object.entries(expected.branches)) {
				const outputs = nodeOutputs(exec, nodeName);
				const got = outputs ? counts(outputs) : null;
				const label = got
					? got.length > 1
						? `success ${got[0]}, error ${got[1]}`
						: `${got[0]} items`
					: 'did not run';
				lines.push(`    ${nodeName}: ${label}`);
			}
			log(`  execution ${executionId}: status ${exec.status} in ${seconds}s\n${lines.join('\n')}`);
			const runError = exec.data.resultData.error;
			assert.equal(
				exec.status,
				'success',
				`execution status ${exec.status}${runError ? `: ${runError.message}` : ''}`,
			);
			for (const [nodeName, want] of Object.entries(expected.branches)) {
				const outputs = nodeOutputs(exec, nodeName);
				assert.ok(outputs, `node "${nodeName}" did not run`);
				const got = counts(outputs);
				while (got.length < want.length) got.push(0);
				assert.deepEqual(got.slice(0, want.length), want, `node "${nodeName}": items per output`);
			}
			expected.more(exec);
			const text = JSON.stringify(exec.data);
			for (const secret of secrets)
				assert.ok(!text.includes(secret), 'the execution data must not contain a secret');
			return `status ${exec.status}, ${seconds}s`;
		});
	}
	const missing = Object.keys(EXPECTATIONS).filter(
		(f) => !stack.workflows.some((w) => w.file === f),
	);
	if (missing.length) {
		await check('every expected example exists in examples/', () => {
			assert.deepEqual(missing, []);
		});
	}
}

module.exports = { exampleTests, EXPECTATIONS };
