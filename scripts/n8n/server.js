'use strict';
// Start and stop a real n8n (the cached 1.x on Node 22 or 2.x on Node 24) with this package loaded from the community
// nodes folder, listening on 127.0.0.1 only, with telemetry, version checks and other outbound calls off.
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const cfg = require('./config');
const { spawnGroup, stopGroup, sleep, portInUse } = require('./processes');

/** Environment that keeps n8n local and quiet: no telemetry, no version checks, no templates, no banners. */
function n8nEnv({ port, brokerPort, userFolder, encryptionKey, extra = {} }) {
	const base = `http://127.0.0.1:${port}`;
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		LANG: process.env.LANG || 'C.UTF-8',
		TZ: process.env.TZ || 'UTC',
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// Off: everything n8n would otherwise send to or fetch from the internet.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// n8n 2.x's MCP registry module fetches from the internet; n8n 1.x has no such module and refuses
		// to start when an unknown one is named.
		...(cfg.N8N_MAJOR >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		// Requests to the local emulators (127.0.0.1) must stay allowed.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		N8N_LOG_OUTPUT: 'console',
		// Our package: loaded from the community nodes folder, like a real install.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...extra,
	};
	// Never pass an empty N8N_CUSTOM_EXTENSIONS: n8n would glob the current directory.
	delete env.N8N_CUSTOM_EXTENSIONS;
	return env;
}

/** Links the project root into $N8N_USER_FOLDER/.n8n/nodes/node_modules/<package name>. */
function linkPackage(userFolder) {
	const nodesModules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	fs.mkdirSync(nodesModules, { recursive: true });
	const link = path.join(nodesModules, cfg.PACKAGE_NAME);
	try {
		const current = fs.readlinkSync(link);
		if (path.resolve(nodesModules, current) === cfg.ROOT) return link;
		fs.rmSync(link, { force: true, recursive: true });
	} catch (e) {
		if (e.code !== 'ENOENT') fs.rmSync(link, { force: true, recursive: true });
	}
	fs.symlinkSync(cfg.ROOT, link, 'dir');
	return link;
}

function checkBuilt() {
	const pkg = require(path.join(cfg.ROOT, 'package.json'));
	const files = [...(pkg.n8n.credentials || []), ...(pkg.n8n.nodes || [])];
	const missing = files.filter((f) => !fs.existsSync(path.join(cfg.ROOT, f)));
	if (missing.length) {
		throw new Error(`the package is not built (${missing.join(', ')} missing): run npm run build`);
	}
}

function httpStatus(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs }, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.on('timeout', () => {
			req.destroy();
			resolve(0);
		});
		req.on('error', () => resolve(0));
	});
}

function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/**
 * Starts n8n and waits until /healthz/readiness and /rest/settings answer 200 (bounded by readyTimeoutMs):
 * n8n 1.x answers its readiness check before the REST routes are mounted.
 * Returns { baseUrl, port, pid, logFile, userFolder, version, startSeconds, stop() }.
 */
async function startN8n({
	install,
	port,
	brokerPort,
	userFolder,
	encryptionKey = crypto.randomBytes(24).toString('hex'),
	logFile = path.join(userFolder, 'n8n.log'),
	readyTimeoutMs = Number(process.env.N8N_READY_TIMEOUT_MS || 180000),
	maxLifetimeSec = 0,
	extraEnv = {},
	log = () => {},
}) {
	checkBuilt();
	for (const p of [port, brokerPort]) {
		if (await portInUse(p))
			throw new Error(`port ${p} on 127.0.0.1 is already in use (another n8n or demo running?)`);
	}
	fs.mkdirSync(userFolder, { recursive: true });
	linkPackage(userFolder);
	const env = n8nEnv({ port, brokerPort, userFolder, encryptionKey, extra: extraEnv });
	env.PATH = `${path.dirname(install.nodeBin)}${path.delimiter}${env.PATH}`;
	const out = fs.openSync(logFile, 'a');
	let command = install.nodeBin;
	let args = [install.n8nBin, 'start'];
	if (maxLifetimeSec > 0) {
		// A hard upper bound on the server's life (tests): even if everything else fails, it ends.
		command = 'timeout';
		args = ['-k', '10', String(maxLifetimeSec), install.nodeBin, ...args];
	}
	const started = Date.now();
	const child = spawnGroup(command, args, { cwd: userFolder, env, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const handle = {
		baseUrl,
		port,
		brokerPort,
		pid: child.pid,
		logFile,
		userFolder,
		encryptionKey,
		version: install.n8nVersion,
		child,
		async stop(opts) {
			return stopGroup(child.pid, { graceMs: 20000, ...opts });
		},
	};
	let lastSay = 0;
	for (;;) {
		if (exited) {
			throw new Error(
				`n8n exited during startup (${exited.code ?? exited.signal}). Last lines of ${logFile}:\n${tail(logFile)}`,
			);
		}
		const status = await httpStatus(`${baseUrl}/healthz/readiness`);
		if (status === 200 && (await httpStatus(`${baseUrl}/rest/settings`)) === 200) break;
		const waited = Date.now() - started;
		if (waited > readyTimeoutMs) {
			await handle.stop();
			throw new Error(
				`n8n not ready after ${readyTimeoutMs / 1000}s. Last lines of ${logFile}:\n${tail(logFile)}`,
			);
		}
		if (waited - lastSay >= 5000) {
			lastSay = waited;
			log(
				`waiting for n8n to be ready (${Math.round(waited / 1000)}s; first start runs the database migrations)`,
			);
		}
		await sleep(250);
	}
	handle.startSeconds = (Date.now() - started) / 1000;
	return handle;
}

module.exports = { startN8n, n8nEnv, linkPackage, checkBuilt, tail, httpStatus };
