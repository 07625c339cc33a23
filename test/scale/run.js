#!/usr/bin/env node
'use strict';
// `npm run test:scale`: the package under n8n's queue mode. Postgres and Redis (Debian packages, installed
// when missing) on 127.0.0.1, both emulators, then n8n (the cached version of the e2e suite) as one main
// instance and two `n8n worker` processes, binary data in the database, our package loaded in all three.
// 40 webhook executions, in two waves of 20 sent at once, spread by the queue over the workers: Files.com
// upload then download of 5 MiB files, Laserfiche import then export (Cloud and self-hosted), compared byte
// for byte, and failing items routed to the Error branches. Between the waves, with nothing in flight, the
// Laserfiche emulator expires every token, so the expiry is mid-run for both deployments by construction.
// Checks: both workers ran executions (their logs), every execution succeeded or routed its failures as
// designed, no file was written twice (emulator logs and contents), Laserfiche tokens were requested at
// most once per credential per worker process before and after the expiry, the first call after it met a
// 401 and new tokens were issued (emulator log, each request tagged with the n8n process that sent it). Prints `scale: N executions, W workers, X failed, Y ms median`,
// stops everything it started and verifies that nothing is left.
//
//   SCALE_EXECUTIONS (40)  SCALE_FILE_MIB (5)  SCALE_WORKERS (2)  SCALE_CONCURRENCY (10, per worker)
//   SCALE_TIMEOUT_MS (14 min after the n8n install)  SCALE_SKIP_BUILD=1  SCALE_KEEP=1 (keep the run folder)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const axios = require('axios');
const cfg = require('../../scripts/n8n/config');
const { ensureN8n, isInstalled } = require('../../scripts/n8n/install');
const { startEmulator, emulatorCredentials } = require('../../scripts/n8n/emulators');
const { N8nRest, OWNER } = require('../../scripts/n8n/rest');
const {
	installExitHook,
	killAllSync,
	groupAlive,
	listProcesses,
	portInUse,
	runCommand,
	sleep,
	stopAll,
} = require('../../scripts/n8n/processes');
const { ensureDebianPackages, startPostgres, startRedis } = require('../../scripts/scale/services');
const { startQueueCluster, workerExecutions } = require('../../scripts/scale/cluster');
const workflows = require('../../scripts/scale/workflows');
const { assert, check, fail, log, summary, median, percentile } = require('./lib');
const { instantTriggerUnderQueue } = require('./instant-trigger');

const N = Number(process.env.SCALE_EXECUTIONS || 40);
const FILE_BYTES = Math.round(Number(process.env.SCALE_FILE_MIB || 5) * 1024 * 1024);
const WORKERS = Number(process.env.SCALE_WORKERS || 2);
const CONCURRENCY = Number(process.env.SCALE_CONCURRENCY || 10);
const TIMEOUT_MS = Number(process.env.SCALE_TIMEOUT_MS || 14 * 60 * 1000);
const REQUEST_TIMEOUT_MS = 6 * 60 * 1000;
// Once every execution sent so far has finished on a worker, main has this long to answer the rest.
const ANSWER_GRACE_MS = 60 * 1000;
const ARTIFACTS = path.join(cfg.ROOT, 'artifacts', 'scale');
const KINDS = ['filescom', 'lfCloud', 'lfSelfHosted', 'errors'];
const TAG = 'x-scale-process';

const started = Date.now();
const marker = `scale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
const timings = {};
const stoppers = []; // { name, stop, pid?, ports? }
const startedPids = [];
const usedPorts = [];
let runDir = null;
let finishing = false;
let numbers = { executions: 0, workersUsed: 0, failed: 0, medianMs: NaN };

const seconds = (since) => Number(((Date.now() - since) / 1000).toFixed(1));

/** Stops everything in reverse start order (n8n before its database and queue), bounded. */
async function teardown() {
	const results = [];
	while (stoppers.length) {
		const { name, stop } = stoppers.pop();
		try {
			results.push(
				`${name}: ${await Promise.race([stop(), sleep(40000).then(() => 'stop timed out')])}`,
			);
		} catch (e) {
			results.push(`${name}: ${e.message}`);
		}
	}
	// Anything started but not yet handed over (e.g. n8n processes while the cluster was starting).
	const rest = (
		await Promise.race([stopAll({ graceMs: 10000 }), sleep(30000).then(() => [])])
	).filter((r) => r !== 'none' && r !== 'already stopped');
	if (rest.length) results.push(`others: ${rest.join(', ')}`);
	if (results.length) log(`stopped: ${results.join('; ')}`);
	return results;
}

/** Nothing of this run may be left: no process group, no process carrying the run marker, no port. */
async function verifyNothingLeft() {
	const deadline = Date.now() + 15000;
	let left = [];
	for (;;) {
		const groups = startedPids
			.filter((pid) => groupAlive(pid))
			.map((pid) => `process group ${pid}`);
		const marked = listProcesses()
			.filter(
				(p) =>
					p.pid !== process.pid &&
					(p.environ.includes(`N8N_SCALE_RUN=${marker}`) || (runDir && p.cmdline.includes(runDir))),
			)
			.map((p) => `pid ${p.pid} (${p.cmdline.slice(0, 100)})`);
		const ports = [];
		for (const port of usedPorts) if (await portInUse(port)) ports.push(`port ${port}`);
		left = [...groups, ...marked, ...ports];
		if (!left.length || Date.now() > deadline) break;
		await sleep(500);
	}
	return left;
}

function saveArtifacts() {
	if (!runDir) return;
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	for (const f of fs.readdirSync(runDir)) {
		if (f.endsWith('.log')) {
			try {
				fs.copyFileSync(path.join(runDir, f), path.join(ARTIFACTS, f));
			} catch {}
		}
	}
	if (process.env.SCALE_KEEP) {
		log(`run folder kept: ${runDir}`);
	} else {
		fs.rmSync(runDir, { recursive: true, force: true });
	}
}

async function finish(code) {
	if (finishing) return;
	finishing = true;
	await teardown();
	await check('nothing left behind (processes, process groups, ports)', async () => {
		const left = await verifyNothingLeft();
		if (left.length) {
			killAllSync();
			throw new Error(`still running: ${left.join(', ')}`);
		}
		return `${startedPids.length} process groups stopped, ${usedPorts.length} ports closed`;
	});
	saveArtifacts();
	timings.total = seconds(started);
	const { passed, failed, results } = summary();
	log(
		`timings (s): ${Object.entries(timings)
			.map(([k, v]) => `${k} ${v}`)
			.join(', ')}`,
	);
	if (failed)
		log(
			`failed checks:\n${results
				.filter((r) => !r.ok)
				.map((r) => `  - ${r.name}`)
				.join('\n')}`,
		);
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	fs.writeFileSync(
		path.join(ARTIFACTS, 'summary.json'),
		JSON.stringify(
			{
				...numbers,
				checksPassed: passed,
				checksFailed: failed,
				timings,
				results: results.map((r) => ({
					name: r.name,
					ok: r.ok,
					detail: r.ok ? r.detail : String(r.error && r.error.message),
				})),
			},
			null,
			2,
		),
	);
	process.stdout.write(
		`scale: ${numbers.executions} executions, ${numbers.workersUsed} workers, ${numbers.failed} failed, ${Number.isFinite(numbers.medianMs) ? numbers.medianMs : 'n/a'} ms median\n`,
	);
	process.stdout.write(`scale checks: ${passed} passed, ${failed} failed\n`);
	process.exit(failed || code ? 1 : 0);
}

async function abort(reason) {
	fail('scale run', new Error(reason));
	await finish(1);
}

installExitHook();
process.on('SIGINT', () => abort('interrupted (SIGINT)'));
process.on('SIGTERM', () => abort('terminated (SIGTERM)'));

function track(name, handle, ports = []) {
	stoppers.push({ name, stop: handle.stop });
	if (handle.pid) startedPids.push(handle.pid);
	usedPorts.push(...ports.filter(Boolean));
}

/** One planned request: a Files.com or Laserfiche round trip of random bytes, or a failing item. */
function planItem(index, kind) {
	const name = `scale-${kind}-${String(index).padStart(2, '0')}`;
	const body = kind === 'errors' ? crypto.randomBytes(1024) : crypto.randomBytes(FILE_BYTES);
	return {
		index,
		kind,
		name,
		fileName: `${name}.bin`,
		body,
		sha: crypto.createHash('sha256').update(body).digest('hex'),
	};
}

/** The workload: N requests, kinds round-robin, 5 MiB of random bytes per round trip. */
function makePlan() {
	return Array.from({ length: N }, (_, i) => planItem(i, KINDS[i % KINDS.length]));
}

const WEBHOOK_PATH = {
	filescom: 'scale-filescom',
	lfCloud: 'scale-laserfiche-cloud',
	lfSelfHosted: 'scale-laserfiche-selfhosted',
	errors: 'scale-errors',
};

async function postWebhook(baseUrl, item, signal) {
	const t = Date.now();
	const res = await axios.post(`${baseUrl}/webhook/${WEBHOOK_PATH[item.kind]}`, item.body, {
		// Files.com stores the file under its file name; Laserfiche names the document without extension.
		params: { name: item.kind === 'filescom' ? item.fileName : item.name },
		headers: {
			'content-type': 'application/octet-stream',
			'content-disposition': `attachment; filename="${item.fileName}"`,
			'x-scale-request': String(item.index),
		},
		responseType: 'arraybuffer',
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
		timeout: REQUEST_TIMEOUT_MS,
		signal,
		validateStatus: () => true,
		proxy: false,
	});
	item.sentAt = t;
	item.answeredAt = Date.now();
	item.latencyMs = item.answeredAt - t;
	item.status = res.status;
	item.response = Buffer.from(res.data);
	return item;
}

/** Bytes of the first binary of the last node that ran in an execution (as n8n recorded it). */
function lastBinaryBytes(exec) {
	const runs = Object.values((exec.data && exec.data.resultData.runData) || {}).map(
		(r) => r[r.length - 1],
	);
	const last = runs.sort((a, b) => (a.startTime || 0) - (b.startTime || 0)).pop();
	const first = last && last.data && last.data.main && last.data.main[0] && last.data.main[0][0];
	const binary = first && first.binary && Object.values(first.binary)[0];
	return binary ? Number(binary.bytes) : undefined;
}

const isTokenRequest = (r) =>
	r.method === 'POST' &&
	(/\/oauth\/Token$/i.test(r.path)
		? 'cloud'
		: /\/v1\/Repositories\/[^/]+\/Token$/i.test(r.path)
			? 'selfHosted'
			: null);
const deploymentOf = (r) =>
	r.path.startsWith('/repository/') || /\/oauth\//i.test(r.path)
		? 'cloud'
		: r.path.startsWith('/LFRepositoryAPI/')
			? 'selfHosted'
			: null;

async function main() {
	log(
		`scale: n8n ${cfg.N8N_VERSION} in queue mode, ${WORKERS} workers x concurrency ${CONCURRENCY}, ${N} executions, ${(FILE_BYTES / 1048576).toFixed(1)} MiB files`,
	);
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS, { recursive: true });

	if (!process.env.SCALE_SKIP_BUILD) {
		const t = Date.now();
		log('building the package (npm run build:incremental)');
		await runCommand('npm', ['run', '--silent', 'build:incremental'], {
			cwd: cfg.ROOT,
			what: 'npm run build:incremental',
			timeoutMs: 5 * 60 * 1000,
		});
		timings.build = seconds(t);
	}
	let t = Date.now();
	const cached = isInstalled();
	const install = await ensureN8n({ log });
	timings[cached ? 'n8nCached' : 'n8nInstall'] = seconds(t);

	const deadline = setTimeout(
		() => abort(`the run exceeded ${TIMEOUT_MS / 1000}s (after the n8n install)`),
		TIMEOUT_MS,
	);
	deadline.unref();
	const lifetime = Math.ceil(TIMEOUT_MS / 1000) + 120; // hard bound on every server's life, whatever happens here

	runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-'));
	t = Date.now();
	await ensureDebianPackages({ log, logFile: path.join(runDir, 'apt.log') });
	timings.debianPackages = seconds(t);

	t = Date.now();
	const markerEnv = { N8N_SCALE_RUN: marker };
	const [pg, redis] = await Promise.all([
		startPostgres({ dir: runDir, log, env: markerEnv, maxLifetimeSec: lifetime }).then(
			(h) => (track('postgres', h, [h.port]), h),
		),
		startRedis({ dir: runDir, log, env: markerEnv, maxLifetimeSec: lifetime }).then(
			(h) => (track('redis', h, [h.port]), h),
		),
	]);
	timings.postgresRedis = seconds(t);

	t = Date.now();
	const emulatorLog = fs.createWriteStream(path.join(runDir, 'emulators.log'));
	const [fc, lf] = await Promise.all(
		['filescom', 'laserfiche'].map((name) =>
			startEmulator(name, {
				port: 0,
				logStream: emulatorLog,
				// The instant trigger's webhook points at main on 127.0.0.1 (Files.com would refuse it).
				env: { ...markerEnv, FILESCOM_EMULATOR_ALLOW_LOCAL_WEBHOOKS: '1' },
				maxLifetimeSec: lifetime,
			}).then((e) => {
				track(`${name} emulator`, e);
				return e;
			}),
		),
	);
	const lfOrigin = new URL(lf.info.selfHosted.baseUrl).origin;
	usedPorts.push(Number(new URL(fc.info.baseUrl).port), Number(new URL(lfOrigin).port));
	log(`emulators: Files.com ${fc.info.baseUrl}, Laserfiche ${lfOrigin}`);
	timings.emulators = seconds(t);

	t = Date.now();
	const cluster = await startQueueCluster({
		install,
		dir: runDir,
		pg,
		redis,
		workers: WORKERS,
		concurrency: CONCURRENCY,
		encryptionKey: crypto.randomBytes(24).toString('hex'),
		marker,
		log,
		maxLifetimeSec: lifetime,
	});
	stoppers.push({
		name: 'n8n (workers, main)',
		stop: async () => (await cluster.stop()).join(', '),
	});
	startedPids.push(cluster.main.pid, ...cluster.workers.map((w) => w.pid));
	usedPorts.push(
		cluster.main.port,
		cluster.main.brokerPort,
		...cluster.workers.flatMap((w) => [w.healthPort, w.brokerPort]),
	);
	timings.n8nMain = Number(cluster.main.readySeconds.toFixed(1));
	timings.n8nWorkers = Number(Math.max(...cluster.workers.map((w) => w.readySeconds)).toFixed(1));
	timings.n8nCluster = seconds(t);

	t = Date.now();
	const rest = new N8nRest(cluster.baseUrl, { install, timeoutMs: 60000 });
	await rest.ensureOwner(OWNER);
	const creds = {};
	for (const c of emulatorCredentials(fc.info, lf.info)) {
		const created = await rest.createCredential(c);
		creds[c.type] = { id: created.id, name: created.name };
	}
	log(
		`owner ${OWNER.email} set up; credentials: ${Object.values(creds)
			.map((c) => c.name)
			.join(', ')}`,
	);

	await check('our package is loaded by main (node and credential types listed)', async () => {
		const names = new Set((await rest.nodeTypes()).map((n) => n.name));
		for (const type of ['filesCom', 'laserfiche'])
			assert.ok(names.has(`${cfg.PACKAGE_NAME}.${type}`), `${type} is not loaded`);
		const credTypes = new Set((await rest.credentialTypes()).map((c) => c.name));
		for (const c of ['filesComApi', 'laserficheCloudApi', 'laserficheSelfHostedApi'])
			assert.ok(credTypes.has(c), `${c} is not loaded`);
		return `${cfg.PACKAGE_NAME}.filesCom, .laserfiche and the 3 credential types`;
	});

	const cloudRepo = lf.info.cloud.repositoryId;
	const defs = {
		filescom: workflows.filesComRoundTrip(creds.filesComApi),
		lfCloud: workflows.laserficheRoundTrip('cloud', creds.laserficheCloudApi, cloudRepo),
		lfSelfHosted: workflows.laserficheRoundTrip(
			'selfHosted',
			creds.laserficheSelfHostedApi,
			cloudRepo,
		),
		errors: workflows.errorRouting(
			creds.filesComApi,
			'selfHosted',
			creds.laserficheSelfHostedApi,
			cloudRepo,
		),
	};
	const wfIds = {};
	for (const [kind, wf] of Object.entries(defs)) {
		const created = await rest.createWorkflow(wf);
		// Activation is asynchronous on n8n 2.x (published through an outbox): waits until every webhook is live.
		await rest.activateWorkflow(created);
		wfIds[kind] = created.id;
	}
	log(
		`4 workflows created and published (production webhooks on main): ${Object.values(WEBHOOK_PATH).join(', ')}`,
	);
	timings.setup = seconds(t);

	// Baselines before the first wave.
	const lfStateBefore = (await axios.get(`${lfOrigin}/__emulator/state`, { proxy: false })).data;
	const plan = makePlan();

	// Two waves with every Laserfiche token expired between them, so the expiry falls mid-run for both
	// deployments by construction, never by how fast executions finish:
	// 1. the first half of the plan at once (each deployment several times; both workers take jobs, as each
	//    runs at most CONCURRENCY at a time and a round trip lasts seconds);
	// 2. nothing is in flight: every token is expired (the emulator's control endpoint) and the position in
	//    the emulator's request log noted;
	// 3. the second half at once. n8n keeps a refreshed token in the credential (database), shared by every
	//    process: the first call of each deployment after the expiry carries an expired token and meets a
	//    401; the process that met it signs in once; others may then read the new token from the credential.
	const wave1 = plan.filter((p) => p.index < Math.ceil(N / 2));
	const wave2 = plan.filter((p) => p.index >= Math.ceil(N / 2));
	const finishedOnWorkers = () =>
		cluster.workers.reduce((s, w) => s + workerExecutions(w.logFile).finished.length, 0);
	const progress = setInterval(() => {
		const answered = plan.filter((p) => p.answeredAt || p.error).length;
		const finished = finishedOnWorkers();
		log(`${answered}/${plan.length} answered, ${finished} finished on the workers`);
	}, 10000);
	// Sends a wave and waits for its answers. A request main has not answered ANSWER_GRACE_MS after every
	// execution started so far finished on a worker is given up (and fails the run) instead of waiting
	// out the request timeout.
	const sendAll = async (items) => {
		const expected = plan.filter((p) => p.index <= Math.max(...items.map((i) => i.index))).length;
		const controller = new AbortController();
		let done = false;
		const watch = (async () => {
			let allFinishedAt;
			for (let waited = 0; !done && waited < REQUEST_TIMEOUT_MS; waited += 1000) {
				await sleep(1000);
				if (allFinishedAt === undefined && finishedOnWorkers() >= expected)
					allFinishedAt = Date.now();
				if (allFinishedAt !== undefined && Date.now() - allFinishedAt > ANSWER_GRACE_MS) {
					controller.abort(
						new Error(
							`not answered by n8n's main ${ANSWER_GRACE_MS / 1000}s after all ${expected} executions had finished on the workers`,
						),
					);
					return;
				}
			}
		})();
		await Promise.all(
			items.map(async (item) => {
				try {
					await postWebhook(cluster.baseUrl, item, controller.signal);
				} catch (err) {
					item.error =
						controller.signal.aborted && controller.signal.reason
							? controller.signal.reason.message
							: err.message;
				}
			}),
		);
		done = true;
		await watch;
	};
	const lfLog = async () =>
		(await axios.get(`${lfOrigin}/__emulator/requests`, { proxy: false, timeout: 30000 })).data
			.value;

	log(
		`wave 1: ${wave1.length} webhook requests at once (${(FILE_BYTES / 1048576).toFixed(1)} MiB round trips and failing items)`,
	);
	t = Date.now();
	await sendAll(wave1);
	timings.wave1 = seconds(t);
	const beforeExpiry = await lfLog();
	const expiry = {
		why: `after wave 1 (${wave1.length} executions answered, nothing in flight)`,
		lastRequestId: beforeExpiry.length
			? beforeExpiry[beforeExpiry.length - 1].requestId
			: undefined,
	};
	await axios.post(`${lfOrigin}/__emulator/expire-tokens`, null, { proxy: false, timeout: 10000 });
	log(`Laserfiche emulator expired every token ${expiry.why}`);

	log(`wave 2: ${wave2.length} webhook requests at once`);
	t = Date.now();
	await sendAll(wave2);
	clearInterval(progress);
	timings.wave2 = seconds(t);
	timings.burst = Number((timings.wave1 + timings.wave2).toFixed(1));
	log(`all ${plan.length} answered (wave 1 ${timings.wave1}s, wave 2 ${timings.wave2}s)`);

	// What n8n recorded: executions in Postgres, their data through the REST API, each worker's log.
	const epoch = (col) => `round(extract(epoch from "${col}") * 1000)`;
	const rows = (
		await pg.query(
			`select id, "workflowId", status, mode, ${epoch('createdAt')}, ${epoch('startedAt')}, ${epoch('stoppedAt')} from execution_entity order by id`,
		)
	)
		.split('\n')
		.filter(Boolean)
		.map((l) => {
			const [id, workflowId, status, mode, createdAt, startedAt, stoppedAt] = l.split('|');
			return {
				id,
				workflowId,
				status,
				mode,
				createdAt: Number(createdAt),
				startedAt: Number(startedAt),
				stoppedAt: Number(stoppedAt),
				durationMs: Number(stoppedAt) - Number(startedAt),
			};
		});
	const byRequest = new Map();
	for (const row of rows) {
		const exec = await rest.waitForExecution(row.id, { timeoutMs: 60000 });
		row.exec = exec;
		const hook = exec.data && exec.data.resultData.runData.Webhook;
		const headers = hook && hook[0].data.main[0][0].json.headers;
		const index = headers && Number(headers['x-scale-request']);
		if (Number.isInteger(index)) {
			if (byRequest.has(index)) row.duplicateOf = byRequest.get(index).id;
			else byRequest.set(index, row);
		}
	}
	const ran = Object.fromEntries(cluster.workers.map((w) => [w.name, workerExecutions(w.logFile)]));
	const workerOf = new Map();
	for (const [name, { started: ids }] of Object.entries(ran))
		for (const id of ids) workerOf.set(id, [...(workerOf.get(id) || []), name]);
	const [lfRequests, fcRequests] = await Promise.all([
		axios
			.get(`${lfOrigin}/__emulator/requests`, { proxy: false, timeout: 30000 })
			.then((r) => r.data.value),
		axios
			.get(`${fc.info.baseUrl}/__emulator/requests`, { proxy: false, timeout: 30000 })
			.then((r) => r.data),
	]);
	const lfStateAfter = (await axios.get(`${lfOrigin}/__emulator/state`, { proxy: false })).data;

	// Per request: answered as designed?
	const failures = [];
	for (const item of plan) {
		const row = byRequest.get(item.index);
		const problems = [];
		if (item.error) problems.push(`request failed: ${item.error}`);
		else if (item.status !== 200)
			problems.push(`HTTP ${item.status}: ${item.response.toString('utf8', 0, 300)}`);
		if (!row) problems.push('no execution found');
		else if (row.status !== 'success') {
			const err = row.exec.data && row.exec.data.resultData.error;
			problems.push(`execution ${row.id} ${row.status}${err ? `: ${err.message}` : ''}`);
		}
		if (!item.error && item.status === 200 && item.kind !== 'errors') {
			const recorded = row && lastBinaryBytes(row.exec);
			if (row && recorded !== item.body.length)
				problems.push(
					`the last node's binary has ${recorded} bytes in the execution data, not ${item.body.length}`,
				);
			const sha = crypto.createHash('sha256').update(item.response).digest('hex');
			if (item.response.length !== item.body.length || sha !== item.sha) {
				problems.push(
					`answer is not the file sent (${item.response.length} bytes, sha256 ${sha.slice(0, 12)} vs ${item.body.length} bytes, ${item.sha.slice(0, 12)})`,
				);
			}
		}
		if (row && row.exec.data && item.kind === 'errors') {
			const runData = row.exec.data.resultData.runData;
			for (const [nodeName, docCheck] of [
				[
					'Files.com download (missing)',
					(d) => d && Number(d['http-code']) === 404 && typeof d.type === 'string',
				],
				[
					'Laserfiche export (missing)',
					(d) => d && Number(d.status) === 404 && typeof d.title === 'string',
				],
			]) {
				const main =
					runData[nodeName] && runData[nodeName][0].data && runData[nodeName][0].data.main;
				const ok = main && (main[0] || []).length === 0 && (main[1] || []).length === 1;
				const item1 = ok && main[1][0].json;
				if (!ok)
					problems.push(
						`${nodeName}: expected 0 success and 1 error item, got ${main ? main.map((m) => (m || []).length).join('/') : 'no run'}`,
					);
				else if (!docCheck(item1.details))
					problems.push(
						`${nodeName}: the error item carries no 404 error document: ${JSON.stringify(item1).slice(0, 300)}`,
					);
			}
		}
		if (row && !workerOf.has(row.id)) problems.push(`execution ${row.id} is in no worker's log`);
		item.execution = row && row.id;
		item.worker = row && (workerOf.get(row.id) || []).join('+');
		if (problems.length) failures.push({ item, problems });
	}
	const latencies = plan.filter((p) => p.latencyMs !== undefined).map((p) => p.latencyMs);
	const workersUsed = cluster.workers.filter((w) => ran[w.name].started.length > 0).length;
	numbers = {
		executions: rows.length,
		workersUsed,
		failed: failures.length,
		medianMs: median(latencies),
	};
	numbers.p90Ms = percentile(latencies, 90);
	numbers.maxMs = Math.max(...latencies);
	numbers.executionMedianMs = median(rows.map((r) => r.durationMs));
	numbers.burstSeconds = timings.burst;
	numbers.perWorker = Object.fromEntries(
		Object.entries(ran).map(([k, v]) => [k, v.started.length]),
	);
	numbers.perKind = Object.fromEntries(
		KINDS.map((k) => [
			k,
			{
				count: plan.filter((p) => p.kind === k).length,
				medianMs: median(plan.filter((p) => p.kind === k && p.latencyMs).map((p) => p.latencyMs)),
			},
		]),
	);
	// Where the time goes, per request: upload to main + enqueue, waiting in the queue, running on a
	// worker, main answering once the job is done (reading the result and the binary back from Postgres).
	const phases = { toQueue: [], inQueue: [], onWorker: [], answer: [] };
	for (const item of plan) {
		const row = byRequest.get(item.index);
		if (!row || !item.answeredAt) continue;
		phases.toQueue.push(row.createdAt - item.sentAt);
		phases.inQueue.push(row.startedAt - row.createdAt);
		phases.onWorker.push(row.stoppedAt - row.startedAt);
		phases.answer.push(item.answeredAt - row.stoppedAt);
	}
	numbers.phasesMedianMs = Object.fromEntries(
		Object.entries(phases).map(([k, v]) => [k, median(v)]),
	);
	log(
		`median per phase (ms): request to queued ${numbers.phasesMedianMs.toQueue}, in queue ${numbers.phasesMedianMs.inQueue}, on a worker ${numbers.phasesMedianMs.onWorker}, execution end to answer ${numbers.phasesMedianMs.answer}`,
	);
	log(
		`latency (request -> answer): median ${numbers.medianMs} ms, p90 ${numbers.p90Ms} ms, max ${numbers.maxMs} ms; execution time median ${numbers.executionMedianMs} ms; by kind: ${Object.entries(
			numbers.perKind,
		)
			.map(([k, v]) => `${k} ${v.medianMs} ms`)
			.join(', ')}`,
	);

	await check(
		`every execution succeeded or routed its failures as designed (${plan.length} requests)`,
		async () => {
			if (failures.length) {
				throw new Error(
					`${failures.length} failed:\n${failures
						.slice(0, 12)
						.map(
							(f) =>
								`    #${f.item.index} ${f.item.kind} (execution ${f.item.execution}, ${f.item.worker || 'no worker'}): ${f.problems.join('; ')}`,
						)
						.join('\n')}`,
				);
			}
			const roundTrips = plan.filter((p) => p.kind !== 'errors');
			const compared = roundTrips.filter((p) => !p.error).length;
			return `${rows.length} executions, all "success"; ${compared} of ${roundTrips.length} files came back byte for byte; ${plan.filter((p) => p.kind === 'errors').length} x 2 error documents on the Error branches`;
		},
	);

	await check('one execution per request, each run once, by a worker (none on main)', async () => {
		assert.equal(rows.length, plan.length, `${rows.length} executions for ${plan.length} requests`);
		const dup = rows.filter((r) => r.duplicateOf);
		assert.equal(
			dup.length,
			0,
			`requests executed twice: ${dup.map((r) => `${r.id} (= ${r.duplicateOf})`).join(', ')}`,
		);
		const modes = [...new Set(rows.map((r) => r.mode))];
		assert.deepEqual(modes, ['webhook'], `execution modes ${modes.join(', ')}`);
		const twice = [...workerOf.entries()].filter(([, w]) => w.length > 1);
		assert.equal(
			twice.length,
			0,
			`executions started by more than one worker: ${twice.map(([id, w]) => `${id}: ${w.join('+')}`).join(', ')}`,
		);
		const mainLog = fs.readFileSync(cluster.main.logFile, 'utf8');
		assert.ok(!/Worker started execution/.test(mainLog), 'main ran executions itself');
		return `${rows.length} executions (mode webhook), each started by exactly one worker`;
	});

	await check(
		'both workers ran executions, with our nodes (worker logs, emulator logs)',
		async () => {
			const counts = Object.entries(numbers.perWorker)
				.map(([k, v]) => `${k} ${v}`)
				.join(', ');
			assert.equal(
				workersUsed,
				WORKERS,
				`only ${workersUsed} of ${WORKERS} workers ran executions (${counts})`,
			);
			// The emulators saw calls from both worker processes and none from main.
			const senders = new Set(
				[...lfRequests, ...fcRequests].map((r) => r.headers && r.headers[TAG]).filter(Boolean),
			);
			for (const w of cluster.workers)
				assert.ok(senders.has(w.name), `the emulators saw no request from ${w.name}`);
			assert.ok(!senders.has('main'), 'main sent requests to the emulators');
			return `${counts} (worker logs); emulator calls came from ${[...senders].sort().join(', ')}`;
		},
	);

	await check('binary data lives in the database (shared by main and the workers)', async () => {
		const [count, bytes] = (
			await pg.query('select count(*), coalesce(sum("fileSize"), 0) from binary_data')
		)
			.split('|')
			.map(Number);
		const roundTrips = plan.filter((p) => p.kind !== 'errors').length;
		assert.ok(
			count >= 2 * roundTrips,
			`${count} binary_data rows, expected at least ${2 * roundTrips} (each round trip: the posted file and the file read back)`,
		);
		const sample = plan.find((p) => p.kind === 'filescom');
		const row = sample && byRequest.get(sample.index);
		const bin = row && row.exec.data.resultData.runData.Download[0].data.main[0][0].binary.data;
		assert.ok(
			bin && /^database:/.test(String(bin.id)),
			`the downloaded binary is not stored in the database: ${JSON.stringify(bin && { id: bin.id, data: bin.data })}`,
		);
		return `${count} files, ${(bytes / 1048576).toFixed(0)} MiB in Postgres table binary_data; e.g. ${bin.id}`;
	});

	await check('no file was written twice (Files.com)', async () => {
		const expected = plan
			.filter((p) => p.kind === 'filescom')
			.map((p) => `${workflows.FILESCOM_FOLDER}/${p.fileName}`);
		const ends = fcRequests.filter(
			(r) =>
				r.method === 'POST' &&
				/\/api\/rest\/v1\/files\//.test(r.path) &&
				r.status >= 200 &&
				r.status < 300,
		);
		const perPath = new Map();
		for (const r of ends) {
			const p = decodeURIComponent(r.path.replace(/^\/api\/rest\/v1\/files/, ''));
			perPath.set(p, [...(perPath.get(p) || []), r.status]);
		}
		for (const p of expected) {
			const statuses = perPath.get(p) || [];
			assert.deepEqual(
				statuses,
				[201],
				`${p}: upload completions ${JSON.stringify(statuses)} (expected exactly one, 201 Created)`,
			);
		}
		assert.equal(
			ends.length,
			expected.length,
			`${ends.length} upload completions for ${expected.length} files`,
		);
		const listing = await axios.get(
			`${fc.info.baseUrl}/api/rest/v1/folders${workflows.FILESCOM_FOLDER}`,
			{
				params: { per_page: 1000 },
				headers: { 'X-FilesAPI-Key': fc.info.apiKey },
				proxy: false,
			},
		);
		const files = listing.data.filter((f) => f.type === 'file');
		assert.deepEqual(
			files.map((f) => `/${f.path}`.replace(/^\/+/, '/')).sort(),
			[...expected].sort(),
			'the folder holds other files than the ones uploaded',
		);
		for (const f of files) assert.equal(Number(f.size), FILE_BYTES, `${f.path}: ${f.size} bytes`);
		return `${expected.length} uploads, each completed once (201); ${workflows.FILESCOM_FOLDER} holds exactly those ${files.length} files of ${FILE_BYTES} bytes`;
	});

	await check('no document was written twice (Laserfiche)', async () => {
		const details = [];
		for (const [kind, deployment] of [
			['lfCloud', 'cloud'],
			['lfSelfHosted', 'selfHosted'],
		]) {
			const names = plan.filter((p) => p.kind === kind).map((p) => p.name);
			const imports = lfRequests.filter(
				(r) =>
					r.method === 'POST' &&
					deploymentOf(r) === deployment &&
					r.status >= 200 &&
					r.status < 300 &&
					(/\/Folder\/Import$/.test(r.path) ||
						/\/Folder\/ImportUploadedParts$/.test(r.path) ||
						/\/v1\/Repositories\/[^/]+\/Entries\/\d+\/[^/]+$/.test(r.path)),
			);
			const importedNames = imports.map((r) =>
				/\/Folder\/Import/.test(r.path)
					? r.body && r.body.request && r.body.request.name
					: decodeURIComponent(r.path.split('/').pop()),
			);
			for (const n of names) {
				const c = importedNames.filter((x) => x === n).length;
				assert.equal(c, 1, `${deployment}: "${n}" imported ${c} times`);
			}
			assert.equal(
				imports.length,
				names.length,
				`${deployment}: ${imports.length} imports for ${names.length} documents (${importedNames.join(', ')})`,
			);
			const before = lfStateBefore.repositories[deployment].reduce((s, r) => s + r.entries, 0);
			const after = lfStateAfter.repositories[deployment].reduce((s, r) => s + r.entries, 0);
			assert.equal(
				after - before,
				names.length,
				`${deployment}: the repository grew by ${after - before} entries for ${names.length} imports`,
			);
			details.push(`${deployment}: ${names.length} imports, +${after - before} entries`);
		}
		return details.join('; ');
	});

	// The request log split where the tokens were expired (nothing was in flight then).
	const cut = lfRequests.findIndex((r) => r.requestId === expiry.lastRequestId);
	const lfBefore = expiry.lastRequestId === undefined ? [] : lfRequests.slice(0, cut + 1);
	const lfAfter = lfRequests.slice(cut + 1);
	const senderOf = (r) => (r.headers && r.headers[TAG]) || 'untagged';

	await check(
		'Laserfiche tokens: at most one request per credential per worker process in each token lifetime',
		async () => {
			assert.ok(
				expiry.lastRequestId === undefined || cut >= 0,
				'the request made just before the expiry is no longer in the emulator log (log too long)',
			);
			const table = {};
			const problems = [];
			for (const [phase, requests] of [
				['before', lfBefore],
				['after', lfAfter],
			]) {
				for (const deployment of ['cloud', 'selfHosted']) {
					const tokens = requests.filter((r) => isTokenRequest(r) === deployment);
					const calls = requests.filter(
						(r) => deploymentOf(r) === deployment && !isTokenRequest(r),
					);
					if (calls.length && !tokens.some((r) => r.status === 200))
						problems.push(`${deployment} ${phase}: ${calls.length} calls and no token issued`);
					for (const sender of new Set(tokens.map(senderOf))) {
						const count = tokens.filter((r) => senderOf(r) === sender).length;
						table[`${deployment} ${sender} ${phase}`] = count;
						if (!sender.startsWith('worker-'))
							problems.push(
								`${deployment} ${sender} ${phase}: ${count} token requests (not from a worker)`,
							);
						else if (count > 1)
							problems.push(`${deployment} ${sender} ${phase}: ${count} token requests`);
					}
				}
			}
			const text = Object.entries(table)
				.sort()
				.map(([k, v]) => `${k} ${v}`)
				.join(', ');
			if (problems.length) throw new Error(`${problems.join('; ')}  [all: ${text}]`);
			return text;
		},
	);

	await check('Laserfiche tokens refreshed correctly after the mid-run expiry', async () => {
		const detail = [];
		for (const deployment of ['cloud', 'selfHosted']) {
			const api = lfAfter.filter((r) => deploymentOf(r) === deployment && !isTokenRequest(r));
			const rejected = api.filter((r) => r.status === 401);
			const refreshed = lfAfter.filter((r) => isTokenRequest(r) === deployment && r.status === 200);
			const okAfterRefresh = api.filter((r) => r.status >= 200 && r.status < 300);
			assert.ok(api.length > 0, `${deployment}: no API call after the expiry`);
			// Every stored token was expired and nothing was in flight: the first call carries an expired token.
			assert.equal(
				api[0].status,
				401,
				`${deployment}: the first call after the expiry answered ${api[0].status}, not 401`,
			);
			assert.ok(refreshed.length > 0, `${deployment}: no new token was issued after the expiry`);
			assert.ok(okAfterRefresh.length > 0, `${deployment}: no call succeeded after the expiry`);
			detail.push(
				`${deployment}: ${rejected.length} calls refused (401) by ${new Set(rejected.map(senderOf)).size} worker(s), ${refreshed.length} new token(s), ${okAfterRefresh.length} calls OK after`,
			);
		}
		const lfItems = plan.filter((p) => p.kind.startsWith('lf') || p.kind === 'errors');
		const lfFailed = failures.filter((f) => lfItems.includes(f.item));
		assert.equal(lfFailed.length, 0, `${lfFailed.length} executions using Laserfiche failed`);
		return `expired ${expiry.why}; ${detail.join('; ')}`;
	});

	await instantTriggerUnderQueue({ rest, fc, pg, creds, cluster, workerExecutions, log });
}

main()
	.catch((err) => fail('scale run', err))
	.finally(() => finish(0));
