'use strict';
// Start the package's emulators as separate processes (their cli.js), read the one JSON line each prints
// once ready (URLs and secrets), and stop them again.
const path = require('node:path');
const readline = require('node:readline');
const cfg = require('./config');
const { spawnGroup, stopGroup } = require('./processes');

const EMULATORS = {
	filescom: {
		cli: 'test/emulators/filescom/cli.js',
		portEnv: 'FILESCOM_EMULATOR_PORT',
		defaultPort: 4041,
	},
	laserfiche: {
		cli: 'test/emulators/laserfiche/cli.js',
		portEnv: 'LASERFICHE_EMULATOR_PORT',
		defaultPort: 4042,
	},
};

/**
 * Spawns one emulator on `port` (0 = any free port) and resolves to { info, pid, stop() } once its JSON
 * line arrives (bounded by timeoutMs). stderr goes to `logStream` when given.
 */
function startEmulator(
	name,
	{ port, timeoutMs = 30000, logStream, env = {}, maxLifetimeSec = 0 } = {},
) {
	const spec = EMULATORS[name];
	return new Promise((resolve, reject) => {
		const childEnv = { ...process.env, ...env };
		childEnv[spec.portEnv] = String(port ?? spec.defaultPort);
		// With maxLifetimeSec (tests), `timeout` bounds the emulator's life whatever happens to its parent.
		const [command, args] =
			maxLifetimeSec > 0
				? [
						'timeout',
						['-k', '5', String(maxLifetimeSec), process.execPath, path.join(cfg.ROOT, spec.cli)],
					]
				: [process.execPath, [path.join(cfg.ROOT, spec.cli)]];
		const child = spawnGroup(command, args, {
			cwd: cfg.ROOT,
			env: childEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (d) => {
			if (logStream) logStream.write(d);
			if (stderr.length < 20000) stderr += d;
		});
		const stop = () => stopGroup(child.pid, { graceMs: 5000 });
		let settled = false;
		const fail = (msg) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			stop().finally(() =>
				reject(new Error(`${name} emulator: ${msg}${stderr ? `\n${stderr.trim()}` : ''}`)),
			);
		};
		const timer = setTimeout(() => fail(`no ready line after ${timeoutMs / 1000}s`), timeoutMs);
		child.on('error', (e) => fail(e.message));
		child.on('exit', (code, signal) => fail(`exited before it was ready (${code ?? signal})`));
		const lines = readline.createInterface({ input: child.stdout });
		lines.once('line', (line) => {
			if (settled) return;
			let info;
			try {
				info = JSON.parse(line);
			} catch {
				return fail(`its first line is not JSON: ${line.slice(0, 200)}`);
			}
			settled = true;
			clearTimeout(timer);
			// Keep draining stdout so the emulator never blocks on a full pipe.
			child.stdout.resume();
			resolve({ name, info, pid: child.pid, child, stop });
		});
	});
}

/** The three credentials of the package, pointing at running emulators (names are what examples reference). */
function emulatorCredentials(filescom, laserfiche) {
	return [
		{
			name: 'Files.com (emulator)',
			type: 'filesComApi',
			data: { apiKey: filescom.apiKey, siteUrl: filescom.baseUrl },
		},
		{
			name: 'Laserfiche Cloud (emulator)',
			type: 'laserficheCloudApi',
			data: {
				servicePrincipalSecretKey: laserfiche.cloud.servicePrincipalKey,
				accessKeySecret: laserfiche.cloud.accessKey,
				scope: 'repository.ReadWrite',
				// The emulator's access key names a domain nobody resolves: point at the emulator instead.
				customEndpoints: true,
				tokenUrl: laserfiche.cloud.tokenUrl,
				apiBaseUrl: laserfiche.cloud.apiBaseUrl,
			},
		},
		{
			name: 'Laserfiche Self-Hosted (emulator)',
			type: 'laserficheSelfHostedApi',
			data: {
				baseUrl: laserfiche.selfHosted.baseUrl,
				repositoryId: laserfiche.selfHosted.repositoryId,
				username: laserfiche.selfHosted.username,
				password: laserfiche.selfHosted.password,
				ignoreSSLIssues: false,
				apiVersion: 'v1',
			},
		},
	];
}

module.exports = { EMULATORS, startEmulator, emulatorCredentials };
