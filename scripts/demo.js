#!/usr/bin/env node
'use strict';
// `npm run demo`: the whole package working inside a real n8n on this machine, against the embedded
// Files.com and Laserfiche emulators, with no account anywhere. Ctrl-C stops everything it started.
//
// Options (environment):
//   DEMO_BUILD=full|incremental|skip   how to build the package first (default: full, `npm run build`)
//   DEMO_N8N_PORT (5678), DEMO_BROKER_PORT (5679): n8n's port and its task broker's port
//   FILESCOM_EMULATOR_PORT (4041), LASERFICHE_EMULATOR_PORT (4042): the emulators' ports
//   DEMO_DATA_DIR (.cache/demo): n8n's data folder; reset on every start
const path = require('node:path');
const { spawn } = require('node:child_process');
const cfg = require('./n8n/config');
const { createLogger } = require('./n8n/log');
const { startStack } = require('./n8n/stack');
const { killAllSync, stopAll, installExitHook } = require('./n8n/processes');

const log = createLogger('demo');
installExitHook();
const started = Date.now();

function intEnv(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0 || n > 65535) {
		console.error(`${name} must be a port number, got "${raw}"`);
		process.exit(2);
	}
	return n;
}

const options = {
	build: process.env.DEMO_BUILD || 'full',
	n8nPort: intEnv('DEMO_N8N_PORT', 5678),
	brokerPort: intEnv('DEMO_BROKER_PORT', 5679),
	filescomPort: intEnv('FILESCOM_EMULATOR_PORT', 4041),
	laserfichePort: intEnv('LASERFICHE_EMULATOR_PORT', 4042),
	userFolder: path.resolve(process.env.DEMO_DATA_DIR || path.join(cfg.CACHE_DIR, 'demo')),
};

if (!['full', 'incremental', 'skip'].includes(options.build)) {
	console.error(`DEMO_BUILD must be full, incremental or skip, got "${options.build}"`);
	process.exit(2);
}

let stack = null;
let stopping = false;
let building = null;

function build() {
	if (options.build === 'skip') return Promise.resolve();
	const script = options.build === 'incremental' ? 'build:incremental' : 'build';
	log(`building the package (npm run ${script})`);
	return new Promise((resolve, reject) => {
		building = spawn('npm', ['run', '--silent', script], {
			cwd: cfg.ROOT,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		building.on('error', reject);
		building.on('exit', (code, signal) => {
			building = null;
			if (code === 0) resolve();
			else reject(new Error(`npm run ${script} failed (${code ?? signal})`));
		});
	});
}

async function shutdown(reason, exitCode) {
	if (stopping) return;
	stopping = true;
	log(`${reason}: stopping everything the demo started`);
	if (building) building.kill('SIGTERM');
	if (stack) {
		for (const line of await stack.stop()) log(`stopped ${line}`);
	}
	// Anything started before the stack was complete (an install, an emulator, n8n starting up).
	await stopAll();
	log('bye');
	process.exit(exitCode);
}

let firstSigint = 0;
process.on('SIGINT', () => {
	if (stopping) {
		// Under `npm run demo` one Ctrl-C arrives twice (from the terminal and forwarded by npm): only a
		// second Ctrl-C pressed later means "do not wait any longer".
		if (firstSigint && Date.now() - firstSigint > 1500) {
			log('second Ctrl-C: killing everything now');
			killAllSync();
			process.exit(130);
		}
		return;
	}
	firstSigint = Date.now();
	shutdown('Ctrl-C (SIGINT)', 0);
});
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
process.on('SIGHUP', () => shutdown('SIGHUP', 0));

function printGuide(s) {
	const base = s.n8n.baseUrl;
	const wf = s.workflows.map((w) => `     - ${w.name}\n       ${base}/workflow/${w.id}`).join('\n');
	const lines = [
		'',
		'================================================================================',
		`  n8n ${s.install.n8nVersion} is running with n8n-nodes-filescom-laserfiche loaded`,
		'',
		`  Open:      ${base}`,
		`  Log in:    ${s.owner.email}`,
		`  Password:  ${s.owner.password}`,
		'',
		'  Credentials (Overview > Credentials; open one and it tests itself):',
		...Object.values(s.credentials).map((c) => `     - ${c.name}`),
		'',
		'  Example workflows (open one, then "Execute workflow"):',
		wf || '     (none found in examples/)',
		'',
		'  Each example sends one item that fails on purpose: its Files.com or Laserfiche',
		"  error document shows on the node's Error output. Trigger examples: open the",
		'  trigger node and press "Fetch test event", or execute the workflow.',
		'',
		`  Emulators: Files.com ${s.emulators.filescom.baseUrl}`,
		`             Laserfiche ${new URL(s.emulators.laserfiche.selfHosted.baseUrl).origin}`,
		`  n8n log:   ${cfg.display(s.n8n.logFile)}`,
		'  Data is reset on every start. Press Ctrl-C to stop everything.',
		'================================================================================',
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
	log(
		`starting (n8n ${cfg.N8N_VERSION} on Node ${cfg.NODE_VERSION}, cached in ${cfg.display(cfg.STACK_DIR)})`,
	);
	await build();
	if (stopping) return;
	stack = await startStack({
		n8nPort: options.n8nPort,
		brokerPort: options.brokerPort,
		filescomPort: options.filescomPort,
		laserfichePort: options.laserfichePort,
		userFolder: options.userFolder,
		fresh: true,
		log,
	});
	if (stopping) {
		await stack.stop();
		return;
	}
	stack.n8n.child.on('exit', (code, signal) => {
		if (!stopping)
			shutdown(`n8n exited unexpectedly (${code ?? signal}); see ${stack.n8n.logFile}`, 1);
	});
	printGuide(stack);
	log(`demo ready in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((err) => {
	console.error(`\ndemo failed: ${err.message}\n`);
	shutdown('failure', 1);
});
