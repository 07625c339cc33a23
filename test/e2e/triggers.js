'use strict';
// Triggers in a real n8n.
// - Activation: every example workflow that starts with one of our triggers is activated (n8n starts its
//   poller and runs the first poll, or calls the webhook trigger's checkExists/create), is reported active,
//   and is deactivated again. On n8n 1.x this is where an API the version lacks would fail.
// - The Files.com Instant Trigger end to end: activation adds the webhook behavior on the emulator; a file
//   uploaded through the Files.com API starts an execution with that file; a forged call gets 401 and starts
//   nothing; deactivation removes the behavior.
const { assert, check } = require('./lib');
const { nodeOutputs } = require('../../scripts/n8n/rest');
const cfg = require('../../scripts/n8n/config');
const { filesComCall, uploadText, until } = require('../support/filescom-client');

const OUR_TRIGGERS = /\.(filesComTrigger|filesComInstantTrigger|laserficheTrigger)$/;
const INSTANT = /\.filesComInstantTrigger$/;
const site = (stack) => stack.emulators.filescom;
const filesCom = (stack, method, path, body) => filesComCall(site(stack), method, path, body);
// /Shared exists in the emulator's seed: no parent folders are made.
const uploadThroughFilesCom = (stack, path, content, options = {}) =>
	uploadText(site(stack), path, content, { mkdirParents: false, ...options });

/** Activates the saved workflow (its current version), as the editor's Publish does. */
async function activate(stack, wf) {
	const saved = (await stack.rest.request('GET', `/rest/workflows/${wf.id}`)).data.data;
	return await stack.rest.activateWorkflow({ id: wf.id, versionId: saved.versionId });
}

/** The workflow's executions, newest first (n8n 1.x and 2.x answer the same list). */
async function executionsOf(stack, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const res = await stack.rest.request('GET', `/rest/executions?filter=${filter}&limit=50`);
	const data = res.data.data;
	return Array.isArray(data) ? data : data.results;
}

/** Waits (bounded) for an execution of the workflow newer than `previousId`; returns it. */
async function waitForNewExecution(stack, workflowId, previousId) {
	return await until(
		`a new execution of workflow ${workflowId}`,
		async () => {
			const [newest] = await executionsOf(stack, workflowId);
			return newest && newest.id !== previousId && newest.startedAt ? newest : undefined;
		},
		{ timeoutMs: 60000, everyMs: 50 },
	);
}

/** Waits (bounded) until the workflow has `count` executions; returns them, newest first. */
async function waitForExecutions(stack, workflowId, count) {
	return await until(
		`${count} executions of workflow ${workflowId}`,
		async () => {
			const list = await executionsOf(stack, workflowId);
			return list.length >= count ? list : undefined;
		},
		{ timeoutMs: 60000, everyMs: 250 },
	);
}

/** Waits (bounded) until the emulator's webhook behaviors that `pick` selects are gone. */
async function behaviorsGone(stack, what, pick) {
	await until(
		what,
		async () => {
			const left = (await filesCom(stack, 'GET', '/behaviors')).body.filter(pick);
			return left.length === 0 ? true : undefined;
		},
		{ timeoutMs: 30000, everyMs: 200 },
	);
}

/** Deactivates the workflow and waits (bounded) until its webhook behavior is gone from the emulator. */
async function deactivateAndWait(stack, workflowId) {
	await stack.rest.deactivateWorkflow(workflowId);
	// n8n 2.x unpublishes asynchronously: wait for the delete hook to have run.
	await behaviorsGone(
		stack,
		'deactivation removes the webhook behavior',
		(b) => b.behavior === 'webhook',
	);
}

const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Latency: 50 files uploaded one after another; for each, from the moment the upload's completion
 * (`action=end`, which makes the emulator deliver) is sent to the start of the execution it caused, as
 * n8n records it (`startedAt`). Printed, not asserted: a measurement, not a test of speed.
 */
async function instantTriggerLatency(stack, log, wf, events = 50) {
	await check(
		`instant trigger: latency over ${events} events (file action → execution start)`,
		async () => {
			await activate(stack, wf);
			const latencies = [];
			for (let i = 0; i < events; i++) {
				const [previous] = await executionsOf(stack, wf.id);
				let sent;
				await uploadThroughFilesCom(
					stack,
					`Shared/latency-${Date.now()}-${i}.txt`,
					`event ${i}\n`,
					{
						beforeEnd: () => (sent = Date.now()),
					},
				);
				const newest = await waitForNewExecution(stack, wf.id, previous && previous.id);
				latencies.push(Date.parse(newest.startedAt) - sent);
			}
			await deactivateAndWait(stack, wf.id);
			const sorted = [...latencies].sort((a, b) => a - b);
			const line = `p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted[sorted.length - 1]} ms over ${events} events`;
			log(`  instant trigger latency: ${line}`);
			return line;
		},
	);
}

/** The webhook behaviors on the emulator whose URL is one of n8n's test webhook URLs. */
const isTestBehavior = (b) =>
	b.behavior === 'webhook' && b.value.urls.some((u) => u.includes('/webhook-test/'));
async function testBehaviors(stack) {
	return (await filesCom(stack, 'GET', '/behaviors')).body.filter(isTestBehavior);
}

/**
 * "Listen for test event" (the editor's Execute workflow on a webhook trigger): n8n registers the test
 * webhook (the trigger adds a behavior with n8n's test URL), the next upload runs the workflow once, and
 * n8n then removes the test webhook (the behavior is deleted).
 */
async function instantTriggerTestEvent(stack, log, wf) {
	await check(
		`instant trigger: "Listen for test event" runs once and leaves nothing behind`,
		async () => {
			const body = { triggerToStartFrom: { name: 'Files.com Instant Trigger' } };
			if (cfg.N8N_MAJOR < 2)
				body.workflowData = (await stack.rest.request('GET', `/rest/workflows/${wf.id}`)).data.data;
			const res = await stack.rest.request('POST', `/rest/workflows/${wf.id}/run`, body);
			assert.equal(
				res.data.data.waitingForWebhook,
				true,
				`run answered ${JSON.stringify(res.data)}`,
			);
			const listening = await until(
				'a behavior with the test webhook URL while listening',
				async () => {
					const found = await testBehaviors(stack);
					return found.length ? found : undefined;
				},
				{ timeoutMs: 30000, everyMs: 200 },
			);
			assert.equal(listening.length, 1, 'one behavior with the test webhook URL while listening');
			const [previous] = await executionsOf(stack, wf.id);
			const name = `test-event-${Date.now()}.txt`;
			await uploadThroughFilesCom(stack, `Shared/${name}`, 'test event\n');
			const newest = await waitForNewExecution(stack, wf.id, previous && previous.id);
			const exec = await stack.rest.waitForExecution(newest.id, { timeoutMs: 60000 });
			assert.equal(exec.status, 'success', `execution ${newest.id}: ${exec.status}`);
			assert.equal(exec.mode, 'manual', `execution mode ${exec.mode}`);
			const [items] = nodeOutputs(exec, 'Files.com Instant Trigger');
			assert.equal(items[0].path, `Shared/${name}`);
			await behaviorsGone(
				stack,
				'the test webhook behavior is removed once the test event arrived',
				isTestBehavior,
			);
			log(
				`  test event: execution ${newest.id} (manual) for Shared/${name}; test behavior removed`,
			);
			return `execution ${newest.id} (mode manual); test webhook behavior added, then removed`;
		},
	);
}

async function instantTriggerTests(stack, log, wf) {
	await check(
		`instant trigger: ${wf.file} end to end (Files.com webhook → execution)`,
		async () => {
			await activate(stack, wf);
			const ours = (await filesCom(stack, 'GET', '/behaviors')).body.filter(
				(b) => b.behavior === 'webhook' && b.path === 'Shared',
			);
			assert.equal(ours.length, 1, `webhook behaviors on /Shared after activation: ${ours.length}`);
			const webhookUrl = ours[0].value.urls[0];
			assert.match(
				webhookUrl,
				/\/webhook\//,
				"the behavior delivers to n8n's production webhook URL",
			);
			const before = (await executionsOf(stack, wf.id)).length;

			const name = `instant-${Date.now()}.txt`;
			await uploadThroughFilesCom(stack, `Shared/${name}`, 'hello from Files.com\n');
			const [first] = await waitForExecutions(stack, wf.id, before + 1);
			const exec = await stack.rest.waitForExecution(first.id, { timeoutMs: 60000 });
			assert.equal(exec.status, 'success', `execution ${first.id}: ${exec.status}`);
			const [items] = nodeOutputs(exec, 'Files.com Instant Trigger');
			assert.equal(items.length, 1);
			assert.equal(items[0].event, 'created');
			assert.equal(items[0].path, `Shared/${name}`);
			const run = exec.data.resultData.runData['Files.com Instant Trigger'][0];
			const binary = run.data.main[0][0].binary && run.data.main[0][0].binary.data;
			assert.ok(binary, 'the downloaded file is on the item');
			assert.equal(binary.fileName, name);
			const [archived] = nodeOutputs(exec, 'Move into /Documents/Archive');
			assert.equal(archived.length, 1, 'the file was moved into /Documents/Archive');

			const forged = await fetch(webhookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: `action=create&path=/Shared/forged.txt&type=file`,
			});
			assert.equal(forged.status, 401, `a call without the secret header: HTTP ${forged.status}`);
			// The next real event's execution comes after the forged call's answer: if the forged call had
			// started one, there would be three.
			await uploadThroughFilesCom(stack, `Shared/second-${name}`, 'again\n');
			const after = await waitForExecutions(stack, wf.id, before + 2);
			const settled = await stack.rest.waitForExecution(after[0].id, { timeoutMs: 60000 });
			assert.equal(settled.status, 'success');
			assert.equal(after.length, before + 2, 'the forged call started no execution');

			await deactivateAndWait(stack, wf.id);
			log(
				`  ${wf.file}: execution ${first.id} for Shared/${name}; forged call 401; behavior removed`,
			);
			return `2 uploads → 2 executions; forged → 401; webhook removed on deactivation`;
		},
	);
}

async function triggerTests(stack, log) {
	const triggered = stack.workflows.filter((wf) =>
		wf.workflow.nodes.some((n) => OUR_TRIGGERS.test(n.type)),
	);
	await check('trigger examples exist', () => {
		assert.ok(
			triggered.length >= 3,
			`${triggered.length} example workflows start with our triggers`,
		);
		return triggered.map((wf) => wf.file).join(', ');
	});
	for (const wf of triggered) {
		await check(`trigger activation: ${wf.file} activates and deactivates`, async () => {
			const active = await activate(stack, wf);
			log(`  ${wf.file}: active (version ${active.activeVersionId || active.versionId})`);
			await stack.rest.deactivateWorkflow(wf.id);
			return 'activated, then deactivated';
		});
	}
	for (const wf of triggered.filter((w) => w.workflow.nodes.some((n) => INSTANT.test(n.type)))) {
		await instantTriggerTests(stack, log, wf);
		await instantTriggerLatency(stack, log, wf);
		await instantTriggerTestEvent(stack, log, wf);
	}
}

module.exports = { triggerTests };
