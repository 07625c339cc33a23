'use strict';
// Postgres and Redis for the queue-mode suite. Installed from Debian packages when missing, each started
// on 127.0.0.1 on a free port with its data in the run's temporary folder (Postgres as the `postgres`
// user, Redis without persistence), every wait bounded, and stopped again.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { spawnGroup, stopGroup, freePort, sleep } = require('../n8n/processes');

/** Runs a command to completion (bounded), output appended to logFile. Rejects on non-zero exit. */
function runCommand(command, args, { timeoutMs = 60000, env, logFile, uid, gid, input } = {}) {
	return new Promise((resolve, reject) => {
		const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
		if (logFile) fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, {
			env: env || process.env,
			stdio: [input === undefined ? 'ignore' : 'pipe', out, out],
			detached: true,
			...(uid !== undefined ? { uid, gid } : {}),
		});
		if (input !== undefined) child.stdin.end(input);
		if (logFile) fs.closeSync(out);
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) return resolve();
			const tail = logFile
				? fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')
				: '';
			reject(
				new Error(
					`${command} ${args.slice(0, 3).join(' ')} failed (${signal ? `killed by ${signal}` : `exit ${code}`}${signal === 'SIGKILL' ? `, bound ${timeoutMs / 1000}s` : ''})${tail ? `:\n${tail}` : ''}`,
				),
			);
		});
	});
}

function which(name) {
	for (const dir of (
		process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
	).split(':')) {
		const file = path.join(dir, name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {}
	}
	return null;
}

function redisServerBin() {
	return (
		which('redis-server') ||
		(fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null)
	);
}

/** The newest /usr/lib/postgresql/<version>/bin with postgres, initdb and psql in it (Debian's layout). */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	let versions = [];
	try {
		versions = fs.readdirSync(base).filter((v) => /^\d+(\.\d+)?$/.test(v));
	} catch {
		return null;
	}
	versions.sort((a, b) => Number(b) - Number(a));
	for (const v of versions) {
		const dir = path.join(base, v, 'bin');
		if (['postgres', 'initdb', 'psql', 'pg_isready'].every((b) => fs.existsSync(path.join(dir, b))))
			return dir;
	}
	return null;
}

/**
 * Installs redis-server and postgresql with apt when either is missing (`apt-get update` once, then
 * `apt-get install -y --no-install-recommends`). Services are kept from starting during the install
 * (a temporary policy-rc.d when the system has none), so nothing of the packages keeps running.
 */
async function ensureDebianPackages({ log, logFile }) {
	const missing = [];
	if (!redisServerBin()) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!missing.length) {
		log(
			`Debian packages present: redis-server (${redisServerBin()}), postgresql (${postgresBinDir()})`,
		);
		return { installed: [] };
	}
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(
			`missing ${missing.join(', ')}: run as root, or install them: apt-get install -y --no-install-recommends redis-server postgresql`,
		);
	}
	log(`installing ${missing.join(', ')} with apt-get (log: ${logFile})`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy)
		fs.writeFileSync(
			policy,
			'#!/bin/sh\n# temporary: n8n-nodes-filescom-laserfiche test:scale installs packages\nexit 101\n',
			{ mode: 0o755 },
		);
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await runCommand('apt-get', ['update'], { timeoutMs: 5 * 60 * 1000, env, logFile });
		await runCommand(
			'apt-get',
			['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'],
			{
				timeoutMs: 10 * 60 * 1000,
				env,
				logFile,
			},
		);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!redisServerBin() || !postgresBinDir())
		throw new Error(
			`apt-get finished but redis-server or postgres is still missing; see ${logFile}`,
		);
	log(`installed ${missing.join(', ')}`);
	return { installed: missing };
}

/** Resolves once fn() returns a truthy value; rejects after timeoutMs (or at once if failFast() says why). */
async function waitFor(what, fn, { timeoutMs, intervalMs = 200, failFast = () => null }) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	for (;;) {
		const reason = failFast();
		if (reason) throw new Error(`${what}: ${reason}`);
		try {
			const value = await fn();
			if (value) return value;
		} catch (err) {
			lastError = err;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`${what}: not ready after ${timeoutMs / 1000}s${lastError ? ` (${lastError.message})` : ''}`,
			);
		}
		await sleep(intervalMs);
	}
}

function userIds(name) {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${name}:`));
	if (!line)
		throw new Error(`no "${name}" user on this system (the postgresql package creates it)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function bounded(maxLifetimeSec, command, args) {
	return maxLifetimeSec > 0
		? ['timeout', ['-k', '5', String(maxLifetimeSec), command, ...args]]
		: [command, args];
}

/**
 * initdb in `<dir>/pg` (as the postgres user), then postgres on 127.0.0.1:<free port>, and a database
 * `n8n` owned by user `n8n` with a random password. Returns { host, port, user, password, database, pid,
 * query(sql), stop() }.
 */
async function startPostgres({ dir, log, env: extraEnv = {}, maxLifetimeSec = 0 }) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('postgres is not installed');
	const { uid, gid } = userIds('postgres');
	const pgDir = path.join(dir, 'pg');
	const dataDir = path.join(pgDir, 'data');
	const socketDir = path.join(pgDir, 'socket');
	fs.mkdirSync(socketDir, { recursive: true });
	fs.chmodSync(dir, 0o711); // the postgres user only needs to traverse the run folder
	for (const d of [pgDir, socketDir]) fs.chownSync(d, uid, gid);
	fs.chmodSync(pgDir, 0o700);
	const password = crypto.randomBytes(18).toString('hex');
	const pwFile = path.join(pgDir, 'pwfile');
	fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	fs.chownSync(pwFile, uid, gid);
	const logFile = path.join(dir, 'postgres.log');
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...extraEnv };
	await runCommand(
		path.join(bin, 'initdb'),
		[
			'-D',
			dataDir,
			'-U',
			'n8n',
			`--pwfile=${pwFile}`,
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			'-E',
			'UTF8',
			'--locale=C',
		],
		{ timeoutMs: 120000, env, logFile, uid, gid },
	);
	fs.rmSync(pwFile, { force: true });
	const port = await freePort();
	const out = fs.openSync(logFile, 'a');
	const [command, args] = bounded(maxLifetimeSec, path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		socketDir,
		// A throwaway database: durability off, which also spares the 2-core machine.
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const child = spawnGroup(command, args, {
		cwd: pgDir,
		env,
		stdio: ['ignore', out, out],
		uid,
		gid,
	});
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = `exited (${code ?? signal})`;
	});
	const handle = {
		host: '127.0.0.1',
		port,
		user: 'n8n',
		password,
		database: 'n8n',
		pid: child.pid,
		logFile,
		// SIGINT is Postgres' "fast shutdown": clients are disconnected, no waiting for them.
		stop: () => stopGroup(child.pid, { signal: 'SIGINT', graceMs: 15000 }),
	};
	const psql = (sql, database = 'n8n', timeoutMs = 30000) =>
		new Promise((resolve, reject) => {
			const p = spawn(
				path.join(bin, 'psql'),
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(port),
					'-U',
					'n8n',
					'-d',
					database,
					'-X',
					'-A',
					'-t',
					'-v',
					'ON_ERROR_STOP=1',
					'-c',
					sql,
				],
				{
					env: { ...env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
					stdio: ['ignore', 'pipe', 'pipe'],
				},
			);
			let stdout = '';
			let stderr = '';
			p.stdout.on('data', (d) => (stdout += d));
			p.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
			p.on('error', reject);
			p.on('exit', (code) => {
				clearTimeout(timer);
				if (code === 0) resolve(stdout.trim());
				else reject(new Error(`psql: ${stderr.trim() || `exit ${code}`}`));
			});
		});
	handle.query = (sql) => psql(sql);
	try {
		await waitFor('postgres', () => psql('select 1', 'postgres', 5000).then((r) => r === '1'), {
			timeoutMs: 60000,
			intervalMs: 300,
			failFast: () => exited,
		});
		await psql('CREATE DATABASE n8n', 'postgres');
	} catch (err) {
		await handle.stop();
		throw new Error(
			`${err.message}\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}`,
		);
	}
	log(`postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (data in ${dataDir})`);
	return handle;
}

function redisPing(port) {
	return new Promise((resolve) => {
		const sock = net.connect({ host: '127.0.0.1', port });
		let data = '';
		const done = (v) => {
			sock.destroy();
			resolve(v);
		};
		sock.setTimeout(2000, () => done(false));
		sock.on('error', () => done(false));
		sock.on('connect', () => sock.write('PING\r\n'));
		sock.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
	});
}

/** redis-server on 127.0.0.1:<free port>, no persistence (no RDB snapshots, no AOF). */
async function startRedis({ dir, log, env: extraEnv = {}, maxLifetimeSec = 0 }) {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed');
	const redisDir = path.join(dir, 'redis');
	fs.mkdirSync(redisDir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const [command, args] = bounded(maxLifetimeSec, bin, [
		'--bind',
		'127.0.0.1',
		'--port',
		String(port),
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		redisDir,
		'--daemonize',
		'no',
		'--protected-mode',
		'yes',
		'--logfile',
		'',
	]);
	const child = spawnGroup(command, args, {
		cwd: redisDir,
		env: { PATH: process.env.PATH, ...extraEnv },
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = `exited (${code ?? signal})`;
	});
	const handle = {
		host: '127.0.0.1',
		port,
		pid: child.pid,
		logFile,
		stop: () => stopGroup(child.pid, { signal: 'SIGTERM', graceMs: 10000 }),
	};
	try {
		await waitFor('redis', () => redisPing(port), { timeoutMs: 30000, failFast: () => exited });
	} catch (err) {
		await handle.stop();
		throw new Error(
			`${err.message}\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}`,
		);
	}
	log(`redis on 127.0.0.1:${port} (no persistence)`);
	return handle;
}

module.exports = {
	ensureDebianPackages,
	startPostgres,
	startRedis,
	postgresBinDir,
	redisServerBin,
	runCommand,
	waitFor,
};
