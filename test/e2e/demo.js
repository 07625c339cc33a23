'use strict';
// `npm run demo`, brought up by a script as a user would (in its own process group, like a terminal
// job), stopped with SIGINT (Ctrl-C), then /proc is scanned: nothing it started may be left running.
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const cfg = require('../../scripts/n8n/config');
const {
	freePort,
	listProcesses,
	portInUse,
	groupAlive,
	sleep,
} = require('../../scripts/n8n/processes');
const { N8nRest } = require('../../scripts/n8n/rest');
const { assert, check } = require('./lib');

/** Processes (other than this one) that belong to the demo: by data folder, ports or demo script. */
function leftovers({ dataDir, ports }) {
	const portMarks = ports.map((p) => `=${p}\0`);
	return listProcesses().filter((p) => {
		if (p.pid === process.pid) return false;
		if (p.cmdline.includes(dataDir) || p.cwd.startsWith(dataDir)) return true;
		if (p.environ.includes(dataDir)) return true;
		if (p.cmdline.includes('scripts/demo.js') && portMarks.some((m) => p.environ.includes(m)))
			return true;
		return false;
	});
}

async function demoTest({ log, timings }) {
	const ports = {
		n8n: await freePort(),
		broker: await freePort(),
		filescom: await freePort(),
		laserfiche: await freePort(),
	};
	const dataDir = path.join(cfg.CACHE_DIR, `e2e-demo-${process.pid}`);
	const env = {
		...process.env,
		DEMO_BUILD: 'skip',
		DEMO_N8N_PORT: String(ports.n8n),
		DEMO_BROKER_PORT: String(ports.broker),
		FILESCOM_EMULATOR_PORT: String(ports.filescom),
		LASERFICHE_EMULATOR_PORT: String(ports.laserfiche),
		DEMO_DATA_DIR: dataDir,
	};
	const logFile = path.join(cfg.ROOT, 'artifacts', 'e2e', 'demo.log');
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.createWriteStream(logFile);
	let demo = null;
	let exit = null;
	const output = [];
	const started = Date.now();
	try {
		await check(
			'demo: `npm run demo` comes up (n8n, emulators, owner, credentials, examples)',
			async () => {
				const scripts = require(path.join(cfg.ROOT, 'package.json')).scripts || {};
				const [cmd, argv] = scripts.demo
					? ['npm', ['run', '--silent', 'demo']]
					: [process.execPath, ['scripts/demo.js']];
				if (!scripts.demo)
					log('  (package.json has no "demo" script yet: running node scripts/demo.js directly)');
				demo = spawn(cmd, argv, {
					cwd: cfg.ROOT,
					env,
					detached: true,
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				// 'close': the process has exited and its output is read to the end.
				demo.on('close', (code, signal) => {
					exit = { code, signal };
				});
				demo.stderr.pipe(out, { end: false });
				const lines = readline.createInterface({ input: demo.stdout });
				const ready = await new Promise((resolve, reject) => {
					const timer = setTimeout(
						() => reject(new Error(`no "demo ready" line after 180 s (see ${logFile})`)),
						180000,
					);
					lines.on('line', (line) => {
						out.write(`${line}\n`);
						output.push(line);
						const m = /demo ready in (\d+) s/.exec(line);
						if (m) {
							clearTimeout(timer);
							resolve(Number(m[1]));
						}
					});
					demo.on('close', (code, signal) => {
						clearTimeout(timer);
						reject(
							new Error(`the demo exited before it was ready (${code ?? signal}); see ${logFile}`),
						);
					});
				});
				timings.demoReady = ready;
				const rest = new N8nRest(`http://127.0.0.1:${ports.n8n}`);
				await rest.login();
				const creds = await rest.listCredentials();
				const workflows = await rest.listWorkflows();
				const examples = fs
					.readdirSync(path.join(cfg.ROOT, 'examples'))
					.filter((f) => f.endsWith('.json'));
				assert.equal(creds.length, 3, 'three credentials');
				assert.equal(workflows.length, examples.length, 'one workflow per example');
				return `ready in ${ready} s (measured ${((Date.now() - started) / 1000).toFixed(1)} s), ${creds.length} credentials, ${workflows.length} workflows`;
			},
			{ timeoutMs: 200000 },
		);

		await check(
			'demo: SIGINT (Ctrl-C) stops it and leaves no process behind',
			async () => {
				assert.ok(demo && demo.pid && !exit, 'the demo is running');
				const before = leftovers({ dataDir, ports: Object.values(ports) });
				log(
					`  running before SIGINT:\n${before.map((p) => `    ${p.pid} ${p.cmdline.slice(0, 110)}`).join('\n')}`,
				);
				assert.ok(
					before.length >= 4,
					`expected the demo, n8n and two emulators; found ${before.length}`,
				);
				const t = Date.now();
				process.kill(-demo.pid, 'SIGINT');
				const deadline = Date.now() + 60000;
				while (!exit && Date.now() < deadline) await sleep(100);
				assert.ok(exit, 'the demo did not exit within 60 s of SIGINT');
				// Its children may take a moment longer to be reaped; wait (bounded) for them to go.
				let left = leftovers({ dataDir, ports: Object.values(ports) });
				while (left.length && Date.now() < deadline) {
					await sleep(200);
					left = leftovers({ dataDir, ports: Object.values(ports) });
				}
				timings.demoStop = Number(((Date.now() - t) / 1000).toFixed(1));
				assert.deepEqual(
					left.map((p) => `${p.pid} ${p.cmdline.slice(0, 120)}`),
					[],
					'processes left behind',
				);
				for (const [name, port] of Object.entries(ports)) {
					assert.equal(await portInUse(port), false, `${name} port ${port} still listening`);
				}
				// `node scripts/demo.js` exits 0; under `npm run demo` npm itself ends by the SIGINT it received.
				assert.ok(
					exit.code === 0 || exit.signal === 'SIGINT' || exit.code === 130,
					`the demo's exit (${JSON.stringify(exit)})`,
				);
				assert.match(
					output.join('\n'),
					/stopped n8n: SIGTERM/,
					'n8n was stopped gracefully (SIGTERM, not SIGKILL)',
				);
				assert.match(output.join('\n'), /\bbye\b/, 'the demo finished its shutdown');
				return `stopped in ${timings.demoStop} s; ${before.length} processes before, 0 after; ports closed`;
			},
			{ timeoutMs: 90000 },
		);
	} finally {
		// Whatever happened: nothing of the demo survives this test.
		if (demo && demo.pid && groupAlive(demo.pid)) {
			try {
				process.kill(-demo.pid, 'SIGKILL');
			} catch {}
		}
		for (const p of leftovers({ dataDir, ports: Object.values(ports) })) {
			try {
				process.kill(p.pid, 'SIGKILL');
			} catch {}
		}
		out.end();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

module.exports = { demoTest, leftovers };
