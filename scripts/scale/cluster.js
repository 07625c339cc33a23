'use strict';
// n8n in queue mode: one main instance (`n8n start`: UI, REST, webhooks; it enqueues executions in Redis)
// and N workers (`n8n worker`: they take executions off the queue), all on one Postgres, binary data in
// the database (shared by every process), this package loaded in each of them. Each process has its own
// user folder (package linked into its nodes folder), its own task-runner broker port, and, for a worker,
// its own health-server port. Every wait is bounded; stop() stops them all (workers first).
const fs = require('node:fs');
const path = require('node:path');
const { n8nEnv, linkPackage, checkBuilt, tail, httpStatus } = require('../n8n/server');
const { spawnGroup, stopGroup, freePort, sleep } = require('../n8n/processes');

const TAG_PRELOAD = path.join(__dirname, 'tag-requests.js');

/** Environment every process of the cluster shares: queue mode, Postgres, Redis, binary data in the DB. */
function queueEnv({ pg, redis, mainPort, marker }) {
	return {
		EXECUTIONS_MODE: 'queue',
		// Manual runs (editor, REST /run) go to the workers too, not only production ones.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		// n8n's default pool (2) starves main when 40 webhooks store and read 5 MiB binaries at once.
		DB_POSTGRESDB_POOL_SIZE: '10',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// Webhooks are served by the main instance; URLs n8n computes point at it.
		WEBHOOK_URL: `http://127.0.0.1:${mainPort}/`,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// Activation (publication) is asynchronous in 2.x: main polls its outbox; 1 s instead of 15 s.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000',
		EXECUTIONS_DATA_PRUNE: 'false',
		// n8n's main answers a "last node" webhook once Bull's job.finished() resolves. finished() first
		// looks for the job id in the queue's completed/failed sets, then waits for the next global
		// 'completed' event. n8n's default keeps no finished job (N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED
		// and ..._FAILED are 0, so Bull removes the job as it completes): a job that completes between
		// main's addJob() and that look-up (main runs its workflowExecuteBefore hooks in between; the
		// error-routing executions take 50 ms on a worker) is neither in the set nor announced again,
		// and main never answers its webhook (seen in 2 of about 20 runs, both on those fast jobs; source:
		// n8n 2.41 dist/workflow-runner.js enqueueExecution, bull 4.16 lib/job.js finished). Keeping the
		// last 1,000 finished jobs closes that window; the run makes 40.
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		N8N_LOG_FORMAT: 'text',
		NODE_OPTIONS: `--require ${TAG_PRELOAD}`,
		N8N_SCALE_RUN: marker,
	};
}

function startProcess({ install, name, args, env, logFile, maxLifetimeSec }) {
	const out = fs.openSync(logFile, 'a');
	let command = install.nodeBin;
	let argv = [install.n8nBin, ...args];
	if (maxLifetimeSec > 0) {
		command = 'timeout';
		argv = ['-k', '10', String(maxLifetimeSec), install.nodeBin, ...argv];
	}
	const child = spawnGroup(command, argv, {
		cwd: env.N8N_USER_FOLDER,
		env,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const proc = { name, pid: child.pid, child, logFile, exited: null, startedAt: Date.now() };
	child.on('exit', (code, signal) => {
		proc.exited = { code, signal };
	});
	proc.stop = () => stopGroup(child.pid, { graceMs: 20000 });
	return proc;
}

async function waitReady(proc, urls, timeoutMs, log) {
	const started = Date.now();
	let lastSay = 0;
	for (;;) {
		if (proc.exited) {
			throw new Error(
				`${proc.name} exited during startup (${proc.exited.code ?? proc.exited.signal}). Last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
			);
		}
		let ready = true;
		for (const url of [urls].flat()) if (ready) ready = (await httpStatus(url)) === 200;
		if (ready) return (Date.now() - started) / 1000;
		const waited = Date.now() - started;
		if (waited > timeoutMs) {
			throw new Error(
				`${proc.name} not ready after ${timeoutMs / 1000}s (${[urls].flat().join(', ')}). Last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
			);
		}
		if (waited - lastSay >= 10000) {
			lastSay = waited;
			log(`waiting for ${proc.name} (${Math.round(waited / 1000)}s)`);
		}
		await sleep(250);
	}
}

/**
 * Starts main (runs the migrations on the fresh database), then the workers side by side.
 * Returns { baseUrl, main, workers: [...], stop() }; each process: { name, pid, logFile, port|healthPort,
 * brokerPort, readySeconds }. On failure everything started is stopped before the error is thrown.
 */
async function startQueueCluster({
	install,
	dir,
	pg,
	redis,
	workers = 2,
	concurrency = 10,
	encryptionKey,
	marker,
	log = () => {},
	maxLifetimeSec = 0,
	readyTimeoutMs = 240000,
}) {
	checkBuilt();
	const procs = [];
	const cluster = {
		workers: [],
		stop: async () => {
			// Workers first (they finish or hand back their jobs), then main.
			const results = await Promise.all(
				cluster.workers.map(async (w) => `${w.name}: ${await w.stop()}`),
			);
			if (cluster.main) results.push(`main: ${await cluster.main.stop()}`);
			return results;
		},
	};
	const mainPort = await freePort();
	const shared = queueEnv({ pg, redis, mainPort, marker });
	const envFor = (name, port, brokerPort, extra = {}) => {
		const userFolder = path.join(dir, name);
		fs.mkdirSync(userFolder, { recursive: true });
		linkPackage(userFolder);
		const env = n8nEnv({
			port,
			brokerPort,
			userFolder,
			encryptionKey,
			extra: { ...shared, SCALE_PROCESS_NAME: name, ...extra },
		});
		env.PATH = `${path.dirname(install.nodeBin)}${path.delimiter}${env.PATH}`;
		return env;
	};
	try {
		const mainBroker = await freePort();
		const main = startProcess({
			install,
			name: 'main',
			args: ['start'],
			env: envFor('main', mainPort, mainBroker),
			logFile: path.join(dir, 'n8n-main.log'),
			maxLifetimeSec,
		});
		procs.push(main);
		cluster.main = Object.assign(main, { port: mainPort, brokerPort: mainBroker });
		cluster.baseUrl = `http://127.0.0.1:${mainPort}`;
		log(
			`starting n8n ${install.n8nVersion} main (queue mode) on 127.0.0.1:${mainPort}; fresh Postgres: migrations first`,
		);
		// n8n 1.x answers its readiness check before the REST routes are mounted: wait for both.
		main.readySeconds = await waitReady(
			main,
			[`${cluster.baseUrl}/healthz/readiness`, `${cluster.baseUrl}/rest/settings`],
			readyTimeoutMs,
			log,
		);
		log(`main ready after ${main.readySeconds.toFixed(1)}s`);

		const specs = [];
		for (let i = 1; i <= workers; i++) {
			specs.push({
				name: `worker-${i}`,
				healthPort: await freePort(),
				brokerPort: await freePort(),
			});
		}
		log(`starting ${workers} workers (concurrency ${concurrency} each)`);
		for (const s of specs) {
			const w = startProcess({
				install,
				name: s.name,
				args: ['worker', `--concurrency=${concurrency}`],
				env: envFor(s.name, mainPort, s.brokerPort, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(s.healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}),
				logFile: path.join(dir, `n8n-${s.name}.log`),
				maxLifetimeSec,
			});
			procs.push(w);
			cluster.workers.push(
				Object.assign(w, { healthPort: s.healthPort, brokerPort: s.brokerPort }),
			);
		}
		await Promise.all(
			cluster.workers.map(async (w) => {
				await waitReady(
					w,
					`http://127.0.0.1:${w.healthPort}/healthz/readiness`,
					readyTimeoutMs,
					log,
				);
				// The health server answers before the queue is set up; the log line comes after it.
				const deadline = Date.now() + 60000;
				while (!/n8n worker is now ready/.test(readLog(w.logFile))) {
					if (w.exited)
						throw new Error(
							`${w.name} exited (${w.exited.code ?? w.exited.signal}):\n${tail(w.logFile)}`,
						);
					if (Date.now() > deadline)
						throw new Error(
							`${w.name}: no "n8n worker is now ready" line after 60s:\n${tail(w.logFile)}`,
						);
					await sleep(200);
				}
				w.readySeconds = (Date.now() - w.startedAt) / 1000;
				log(
					`${w.name} ready after ${w.readySeconds.toFixed(1)}s (health on 127.0.0.1:${w.healthPort}, task broker ${w.brokerPort})`,
				);
			}),
		);
		return cluster;
	} catch (err) {
		await Promise.all(procs.map((p) => p.stop()));
		throw err;
	}
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** A log file without ANSI colours. */
function readLog(file) {
	try {
		return fs.readFileSync(file, 'utf8').replace(ANSI, '');
	} catch {
		return '';
	}
}

/** Execution ids a worker says it started and finished ("Worker started execution 12 (job 3)"). */
function workerExecutions(logFile) {
	const text = readLog(logFile);
	const started = [...text.matchAll(/Worker started execution (\d+) \(job ([^)]+)\)/g)].map(
		(m) => m[1],
	);
	const finished = [...text.matchAll(/Worker finished execution (\d+) \(job ([^)]+)\)/g)].map(
		(m) => m[1],
	);
	return { started, finished };
}

module.exports = {
	startQueueCluster,
	workerExecutions,
	readLog,
	queueEnv,
	TAG_PRELOAD,
};
