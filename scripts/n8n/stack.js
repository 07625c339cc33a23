'use strict';
// The whole local stack, shared by `npm run demo` and `npm run test:e2e`: both emulators, a real n8n with
// this package loaded, the owner account, the three credentials pointing at the emulators, and the
// example workflows imported with their credentials bound.
const fs = require('node:fs');
const path = require('node:path');
const cfg = require('./config');
const { ensureN8n } = require('./install');
const { startN8n } = require('./server');
const { startEmulator, emulatorCredentials } = require('./emulators');
const { N8nRest, OWNER, bindCredentials } = require('./rest');
const { installExitHook } = require('./processes');

const EXAMPLES_DIR = path.join(cfg.ROOT, 'examples');

const DATA_MARKER = '.n8n-stack-data';

/**
 * Empties n8n's data folder for a fresh start. Only a folder this tooling created (it holds our marker
 * file) or an empty one is wiped: a mistyped DEMO_DATA_DIR never deletes someone's files.
 */
function resetDataFolder(dir) {
	if (fs.existsSync(dir)) {
		const entries = fs.readdirSync(dir);
		if (entries.length && !entries.includes(DATA_MARKER)) {
			throw new Error(
				`${dir} is not empty and was not created by this tooling: choose another data folder`,
			);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, DATA_MARKER),
		'n8n data of the demo / e2e stack; wiped at every start\n',
	);
}

/** The example workflows (examples/*.json), sorted by file name. */
function loadExamples(dir = EXAMPLES_DIR) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/**
 * Starts everything. Options: ports (n8nPort, brokerPort, filescomPort, laserfichePort; 0 = free port for
 * the emulators), userFolder (n8n's data; wiped first when fresh), log, maxLifetimeSec (hard bound on
 * n8n's life), emulatorLog (a stream for the emulators' stderr).
 * Returns a handle whose stop() stops everything it started; on failure everything is stopped too.
 */
async function startStack({
	n8nPort,
	brokerPort,
	filescomPort = 0,
	laserfichePort = 0,
	userFolder,
	fresh = true,
	log = () => {},
	maxLifetimeSec = 0,
	emulatorLog,
	importExamples = true,
	install: installed,
}) {
	installExitHook();
	const timings = {};
	const t0 = Date.now();
	const mark = (name, since) => {
		timings[name] = Number(((Date.now() - since) / 1000).toFixed(1));
	};
	const stack = { timings, emulators: {}, credentials: {}, workflows: [], owner: OWNER };
	const stoppers = [];
	stack.stop = async () => {
		const results = [];
		while (stoppers.length) {
			const { name, stop } = stoppers.pop();
			try {
				results.push(`${name}: ${await stop()}`);
			} catch (e) {
				results.push(`${name}: ${e.message}`);
			}
		}
		return results;
	};
	try {
		let t = Date.now();
		const install = installed || (await ensureN8n({ log }));
		stack.install = install;
		mark('install', t);

		t = Date.now();
		log('starting the Files.com and Laserfiche emulators');
		const [filescom, laserfiche] = await Promise.all([
			startEmulator('filescom', {
				port: filescomPort,
				logStream: emulatorLog,
				maxLifetimeSec,
				// The instant trigger's webhook points at this local n8n: Files.com would refuse it (public
				// addresses on ports 80, 443, 8080, 8443 only), the emulator accepts it when told.
				env: { FILESCOM_EMULATOR_ALLOW_LOCAL_WEBHOOKS: '1' },
			}).then((e) => {
				stoppers.push({ name: 'Files.com emulator', stop: e.stop });
				return e;
			}),
			startEmulator('laserfiche', {
				port: laserfichePort,
				logStream: emulatorLog,
				maxLifetimeSec,
			}).then((e) => {
				stoppers.push({ name: 'Laserfiche emulator', stop: e.stop });
				return e;
			}),
		]);
		stack.emulators = { filescom: filescom.info, laserfiche: laserfiche.info };
		stack.emulatorPids = [filescom.pid, laserfiche.pid];
		mark('emulators', t);
		log(
			`Files.com emulator at ${filescom.info.baseUrl}, Laserfiche emulator at ${new URL(laserfiche.info.selfHosted.baseUrl).origin}`,
		);

		t = Date.now();
		if (fresh) resetDataFolder(userFolder);
		log(`starting n8n ${install.n8nVersion} (Node ${install.nodeVersion}) on 127.0.0.1:${n8nPort}`);
		const n8n = await startN8n({
			install,
			port: n8nPort,
			brokerPort,
			userFolder,
			log,
			maxLifetimeSec,
		});
		stoppers.push({ name: 'n8n', stop: () => n8n.stop() });
		stack.n8n = n8n;
		mark('n8nStart', t);
		log(`n8n ready at ${n8n.baseUrl} after ${n8n.startSeconds.toFixed(1)}s`);

		t = Date.now();
		const rest = new N8nRest(n8n.baseUrl, { install });
		stack.rest = rest;
		await rest.ensureOwner(OWNER);
		for (const cred of emulatorCredentials(filescom.info, laserfiche.info)) {
			const created = await rest.createCredential(cred);
			stack.credentials[cred.type] = {
				id: created.id,
				name: created.name,
				type: cred.type,
				data: cred.data,
			};
		}
		log(
			`owner ${OWNER.email} set up; credentials created: ${Object.values(stack.credentials)
				.map((c) => c.name)
				.join(', ')}`,
		);
		if (importExamples) {
			for (const { file, workflow } of loadExamples()) {
				const created = await rest.createWorkflow(bindCredentials(workflow, stack.credentials));
				stack.workflows.push({ file, id: created.id, name: created.name, workflow });
			}
			log(`imported ${stack.workflows.length} example workflows`);
		}
		mark('setup', t);
		writeState(stack);
		timings.total = Number(((Date.now() - t0) / 1000).toFixed(1));
		return stack;
	} catch (err) {
		await stack.stop();
		throw err;
	}
}

/** What another process needs to use this running stack (`npm run test:e2e -- --attach`). Owner-only file. */
function writeState(stack) {
	const file = path.join(stack.n8n.userFolder, 'stack.json');
	const state = {
		baseUrl: stack.n8n.baseUrl,
		logFile: stack.n8n.logFile,
		userFolder: stack.n8n.userFolder,
		emulators: stack.emulators,
		credentials: Object.fromEntries(
			Object.entries(stack.credentials).map(([k, c]) => [
				k,
				{ id: c.id, name: c.name, type: c.type },
			]),
		),
	};
	fs.writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
	stack.stateFile = file;
}

/**
 * Uses a stack another process runs (the demo, by default): logs in, re-imports the examples (new
 * workflows), and never stops it. For quick iterations on the e2e checks.
 */
async function attachStack(stateFile, { log = () => {}, importExamples = true } = {}) {
	const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
	const install = await ensureN8n({ log });
	const rest = new N8nRest(state.baseUrl, { install });
	await rest.login(OWNER);
	const data = Object.fromEntries(
		emulatorCredentials(state.emulators.filescom, state.emulators.laserfiche).map((c) => [
			c.type,
			c.data,
		]),
	);
	const credentials = Object.fromEntries(
		Object.entries(state.credentials).map(([k, c]) => [k, { ...c, data: data[k] }]),
	);
	const stack = {
		attached: true,
		install,
		rest,
		owner: OWNER,
		emulators: state.emulators,
		credentials,
		workflows: [],
		timings: {},
		n8n: {
			baseUrl: state.baseUrl,
			logFile: state.logFile,
			userFolder: state.userFolder,
			version: install.n8nVersion,
		},
		stop: async () => ['attached: left running'],
	};
	if (importExamples) {
		for (const { file, workflow } of loadExamples()) {
			const created = await rest.createWorkflow(bindCredentials(workflow, credentials));
			stack.workflows.push({ file, id: created.id, name: created.name, workflow });
		}
		log(`imported ${stack.workflows.length} example workflows`);
	}
	return stack;
}

module.exports = { startStack, attachStack, loadExamples, EXAMPLES_DIR };
