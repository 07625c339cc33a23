#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: the package inside a real n8n (2.x on Node 24, from the cache), headless, against
// the emulators. Logs the n8n version, our node types as n8n lists them, six credential tests through
// n8n's REST credential test, every example workflow executed with its item counts per branch, a browser
// test of the credential Test button, and `npm run demo` started and stopped with SIGINT.
// Ends with `e2e: N passed, M failed` and exits non-zero on any failure.
//
//   node test/e2e/run.js [--only=stack,credentials,examples,browser,demo] [--skip=demo]
//   E2E_SKIP_BUILD=1 skips `npm run build:incremental`; E2E_TIMEOUT_MS bounds the run after the n8n install
//   (default 15 min; the first install has its own bound, N8N_INSTALL_TIMEOUT_MS, default 30 min).
const fs = require('node:fs');
const path = require('node:path');
const cfg = require('../../scripts/n8n/config');
const { ensureN8n, isInstalled } = require('../../scripts/n8n/install');
const { startStack, attachStack } = require('../../scripts/n8n/stack');
const {
	freePort,
	stopAll,
	killAllSync,
	installExitHook,
	listProcesses,
	runCommand,
	sleep,
} = require('../../scripts/n8n/processes');
const { assert, bounded, check, fail, log, summary } = require('./lib');
const { credentialTests } = require('./credentials');
const { exampleTests } = require('./examples');
const { triggerTests } = require('./triggers');
const { browserTests } = require('./browser');
const { demoTest } = require('./demo');

const SECTIONS = ['credentials', 'examples', 'browser', 'demo'];
const args = Object.fromEntries(
	process.argv.slice(2).map((a) => {
		const [k, v] = a.replace(/^--/, '').split('=');
		return [k, v ? v.split(',') : true];
	}),
);
const wanted = (name) =>
	(!args.only || args.only.includes(name)) && !(args.skip && args.skip.includes(name));

const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 15 * 60 * 1000);
const ARTIFACTS = path.join(cfg.ROOT, 'artifacts', 'e2e');
const started = Date.now();
const timings = {};
let stack = null;
let userFolder = null;

/** Keeps n8n's log as an artifact and removes the run's n8n data folder. */
function cleanUserFolder() {
	if (!userFolder) return;
	try {
		fs.copyFileSync(path.join(userFolder, 'n8n.log'), path.join(ARTIFACTS, 'n8n.log'));
	} catch {}
	fs.rmSync(userFolder, { recursive: true, force: true });
	userFolder = null;
}

function seconds(since) {
	return Number(((Date.now() - since) / 1000).toFixed(1));
}

function finish(code) {
	timings.total = seconds(started);
	const { passed, failed, results } = summary();
	log(
		'timings (s): ' +
			Object.entries(timings)
				.map(([k, v]) => `${k} ${v}`)
				.join(', '),
	);
	if (failed)
		log(
			`failed checks:\n${results
				.filter((r) => !r.ok)
				.map((r) => `  - ${r.name}`)
				.join('\n')}`,
		);
	process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
	process.exit(failed || code ? 1 : 0);
}

async function abort(reason) {
	fail('e2e run', new Error(reason));
	await Promise.race([stopAll({ graceMs: 5000 }), sleep(15000)]);
	killAllSync();
	cleanUserFolder();
	finish(1);
}

installExitHook();
process.on('SIGINT', () => abort('interrupted (SIGINT)'));
process.on('SIGTERM', () => abort('terminated (SIGTERM)'));
/** Bounds the run from here on (the first, cold install of n8n has its own bound and is not counted). */
function startDeadline() {
	const deadline = setTimeout(
		() => abort(`the run exceeded ${TIMEOUT_MS / 1000}s (after the install)`),
		TIMEOUT_MS,
	);
	deadline.unref();
}

function secretsOf(s) {
	const { filescom, laserfiche } = s.emulators;
	return [
		filescom.apiKey,
		filescom.userApiKey,
		laserfiche.cloud.servicePrincipalKey,
		laserfiche.cloud.accessKey,
		laserfiche.selfHosted.password,
	].filter((x) => typeof x === 'string' && x.length >= 8);
}

async function main() {
	log(
		`e2e: n8n ${cfg.N8N_VERSION} on Node ${cfg.NODE_VERSION}; artifacts in ${path.relative(cfg.ROOT, ARTIFACTS)}/`,
	);
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS, { recursive: true });

	if (!process.env.E2E_SKIP_BUILD) {
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
	const install = await ensureN8n({ log: (m) => log(m) });
	timings[cached ? 'installCached' : 'installCold'] = seconds(t);
	startDeadline();

	const needStack = SECTIONS.filter((s) => s !== 'demo').some(wanted);
	if (needStack) {
		t = Date.now();
		userFolder = path.join(cfg.CACHE_DIR, `e2e-n8n-${process.pid}`);
		const emulatorLog = fs.createWriteStream(path.join(ARTIFACTS, 'emulators.log'));
		try {
			stack = args.attach
				? await attachStack(
						args.attach === true ? path.join(cfg.CACHE_DIR, 'demo', 'stack.json') : args.attach[0],
						{
							log,
						},
					)
				: await startStack({
						install,
						n8nPort: await freePort(),
						brokerPort: await freePort(),
						filescomPort: 0,
						laserfichePort: 0,
						userFolder,
						log: (m) => log(m),
						maxLifetimeSec: Math.ceil(TIMEOUT_MS / 1000) + 60,
						emulatorLog,
					});
		} catch (err) {
			fail('stack: emulators + n8n + owner + credentials + examples', err);
			return;
		}
		timings.stackStart = seconds(t);
		timings.n8nStart = stack.timings.n8nStart;

		await check('n8n version', async () => {
			const settings = await stack.rest.settings();
			assert.equal(settings.versionCli, cfg.N8N_VERSION);
			const version = `n8n ${settings.versionCli} on Node ${stack.install.nodeVersion}`;
			log(`  ${version}`);
			return version;
		});

		await check('our package is loaded (node and credential types listed by n8n)', async () => {
			const nodes = (await stack.rest.nodeTypes()).filter((n) =>
				n.name.startsWith(`${cfg.PACKAGE_NAME}.`),
			);
			const names = [...new Set(nodes.map((n) => n.name))].sort();
			log(`  GET /types/nodes.json lists: ${names.join(', ')}`);
			for (const type of ['filesCom', 'filesComTrigger', 'laserfiche', 'laserficheTrigger']) {
				assert.ok(names.includes(`${cfg.PACKAGE_NAME}.${type}`), `${type} is not loaded`);
			}
			const creds = (await stack.rest.credentialTypes()).map((c) => c.name);
			const ours = ['filesComApi', 'laserficheCloudApi', 'laserficheSelfHostedApi'];
			log(
				`  GET /types/credentials.json lists: ${ours.filter((c) => creds.includes(c)).join(', ')}`,
			);
			for (const c of ours) assert.ok(creds.includes(c), `${c} is not loaded`);
			return `${names.length} node types, 3 credential types`;
		});

		if (wanted('credentials')) {
			t = Date.now();
			await credentialTests(stack, log);
			timings.credentials = seconds(t);
		}
		if (wanted('examples')) {
			t = Date.now();
			await exampleTests(stack, log, secretsOf(stack));
			timings.examples = seconds(t);
			t = Date.now();
			await triggerTests(stack, log);
			timings.triggers = seconds(t);
		}
		if (wanted('browser')) {
			t = Date.now();
			await bounded(
				'browser test',
				() => browserTests(stack, { artifactsDir: ARTIFACTS, log }),
				300000,
			);
			timings.browser = seconds(t);
		}

		await check('n8n made no outbound calls it could not make (no DNS failures in its log)', () => {
			const text = fs.readFileSync(stack.n8n.logFile, 'utf8');
			const hits = text
				.split('\n')
				.filter((l) => /ENOTFOUND|EAI_AGAIN|getaddrinfo|api\.n8n\.io|telemetry\.n8n\.io/.test(l));
			assert.deepEqual(hits.slice(0, 5), []);
		});

		if (!stack.attached) {
			t = Date.now();
			const results = await stack.stop();
			stack = null;
			timings.stackStop = seconds(t);
			await check('the stack stops cleanly and leaves no process behind', async () => {
				log(`  ${results.join(', ')}`);
				const left = listProcesses().filter(
					(p) =>
						p.cmdline.includes(userFolder) ||
						p.cwd.startsWith(userFolder) ||
						p.environ.includes(userFolder),
				);
				assert.deepEqual(
					left.map((p) => `${p.pid} ${p.cmdline.slice(0, 100)}`),
					[],
				);
			});
			cleanUserFolder();
		}
	}

	if (wanted('demo')) {
		t = Date.now();
		await demoTest({ log, timings });
		timings.demoTest = seconds(t);
	}
}

main()
	.catch((err) => fail('e2e run', err))
	.finally(async () => {
		if (stack) await stack.stop().catch(() => {});
		await stopAll({ graceMs: 5000 });
		killAllSync();
		cleanUserFolder();
		finish(0);
	});
