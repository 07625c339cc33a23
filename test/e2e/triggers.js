'use strict';
// Trigger activation: every example workflow that starts with one of our polling triggers is activated
// in n8n (n8n starts its poller and runs the trigger's first poll), is reported active, and is deactivated
// again. On n8n 1.x this is where a poll() using an API the version lacks would fail.
const { assert, check } = require('./lib');

const OUR_TRIGGERS = /\.(filesComTrigger|laserficheTrigger)$/;

async function triggerTests(stack, log) {
	const triggered = stack.workflows.filter((wf) =>
		wf.workflow.nodes.some((n) => OUR_TRIGGERS.test(n.type)),
	);
	await check('trigger examples exist', () => {
		assert.ok(
			triggered.length >= 2,
			`${triggered.length} example workflows start with our triggers`,
		);
		return triggered.map((wf) => wf.file).join(', ');
	});
	for (const wf of triggered) {
		await check(`trigger activation: ${wf.file} activates and deactivates`, async () => {
			const saved = (await stack.rest.request('GET', `/rest/workflows/${wf.id}`)).data.data;
			const active = await stack.rest.activateWorkflow({ id: wf.id, versionId: saved.versionId });
			log(`  ${wf.file}: active (version ${active.activeVersionId || active.versionId})`);
			await stack.rest.deactivateWorkflow(wf.id);
			return 'activated, then deactivated';
		});
	}
}

module.exports = { triggerTests };
