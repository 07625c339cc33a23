'use strict';
/**
 * The Files.com Instant Trigger in queue mode: a workflow activated on main (which adds the Files.com
 * webhook behavior), five files uploaded through the Files.com API one after another; each delivery is
 * received by main, and its execution runs on a worker (none on main), once, with the uploaded file's path.
 * Deactivation removes the behavior.
 */
const { assert, check } = require('./lib');
const { nodeOutputs } = require('../../scripts/n8n/rest');
const { filesComCall, uploadText, until } = require('../support/filescom-client');

const EVENTS = 5;

function instantWorkflow(cred) {
	return {
		name: 'scale-instant-trigger',
		nodes: [
			{
				parameters: {
					events: ['created'],
					path: { __rl: true, mode: 'path', value: '/scale-instant' },
					includeSubfolders: false,
					options: {},
				},
				id: '5ca1e000-0000-4000-8000-00000000aa01',
				name: 'Files.com Instant Trigger',
				type: 'n8n-nodes-filescom-laserfiche.filesComInstantTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '5ca1e000-0000-4000-8000-00000000aa02',
				credentials: { filesComApi: cred },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * `ctx`: { rest, fc, pg, creds, cluster, workerExecutions, log }. Runs as one scale check.
 */
async function instantTriggerUnderQueue(ctx) {
	const { rest, fc, pg, creds, cluster, workerExecutions, log } = ctx;
	const filesCom = (method, path, body) => filesComCall(fc.info, method, path, body);
	await check(
		'Files.com Instant Trigger: deliveries received by main, run on the workers',
		async () => {
			assert.equal((await filesCom('POST', '/folders/scale-instant', {})).status, 201);
			const created = await rest.createWorkflow(instantWorkflow(creds.filesComApi));
			await rest.activateWorkflow(created);
			const behaviors = (await filesCom('GET', '/behaviors')).body.filter(
				(b) => b.path === 'scale-instant',
			);
			assert.equal(behaviors.length, 1, 'one webhook behavior on /scale-instant after activation');
			assert.ok(
				behaviors[0].value.urls[0].startsWith(`${cluster.baseUrl}/webhook/`),
				`the behavior delivers to main (${behaviors[0].value.urls[0]})`,
			);
			const ids = [];
			for (let i = 0; i < EVENTS; i++) {
				await uploadText(fc.info, `scale-instant/event-${i}.txt`, `event ${i}\n`);
				const id = await until(`execution for event ${i}`, async () => {
					const rows = (
						await pg.query(
							`select id from execution_entity where "workflowId" = '${created.id}' order by id`,
						)
					)
						.split('\n')
						.filter(Boolean);
					return rows.length > i ? rows[i] : undefined;
				});
				ids.push(id);
			}
			const paths = [];
			for (const id of ids) {
				const exec = await rest.waitForExecution(id, { timeoutMs: 60000 });
				assert.equal(exec.status, 'success', `execution ${id}: ${exec.status}`);
				assert.equal(exec.mode, 'webhook', `execution ${id}: mode ${exec.mode}`);
				const [items] = nodeOutputs(exec, 'Files.com Instant Trigger');
				paths.push(items[0].path);
			}
			assert.deepEqual(
				paths,
				[...Array(EVENTS).keys()].map((i) => `scale-instant/event-${i}.txt`),
				'one execution per file, in order, with its path',
			);
			const ranBy = ids.map((id) =>
				cluster.workers
					.filter((w) => workerExecutions(w.logFile).started.includes(id))
					.map((w) => w.name),
			);
			assert.ok(
				ranBy.every((names) => names.length === 1),
				`each execution started by exactly one worker: ${JSON.stringify(ranBy)}`,
			);
			await rest.deactivateWorkflow(created.id);
			await until('the behavior removed after deactivation', async () => {
				const left = (await filesCom('GET', '/behaviors')).body.filter(
					(b) => b.path === 'scale-instant',
				);
				return left.length === 0 ? true : undefined;
			});
			log(`instant trigger: executions ${ids.join(', ')} on ${ranBy.map((n) => n[0]).join(', ')}`);
			return `${EVENTS} uploads → ${EVENTS} executions (mode webhook), run by ${[...new Set(ranBy.flat())].join(' and ')}; behavior removed on deactivation`;
		},
	);
}

module.exports = { instantTriggerUnderQueue };
