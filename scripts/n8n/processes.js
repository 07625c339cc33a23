'use strict';
// Child processes of the stack: each runs in its own process group (detached), so a stop reaches its
// children too (n8n's task runner). Every process started here is registered and stopped on exit.
const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');

const started = new Set();

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

function signalGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		try {
			process.kill(pgid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Spawns a detached child (own process group) and registers it for cleanup. */
function spawnGroup(command, args, options = {}) {
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid) {
		started.add(child.pid);
		child.once('exit', () => {
			child.exitedAt = Date.now();
		});
	}
	return child;
}

/**
 * Stops a process group: `signal` (SIGTERM), then SIGKILL after `graceMs`. Resolves once no process of the
 * group is left (bounded: at most graceMs + 5 s). Returns how it ended.
 */
async function stopGroup(pid, { signal = 'SIGTERM', graceMs = 15000 } = {}) {
	if (!pid) return 'none';
	started.delete(pid);
	if (!groupAlive(pid)) return 'already stopped';
	signalGroup(pid, signal);
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		if (!groupAlive(pid)) return signal;
		await sleep(100);
	}
	signalGroup(pid, 'SIGKILL');
	const hard = Date.now() + 5000;
	while (Date.now() < hard) {
		if (!groupAlive(pid)) return 'SIGKILL';
		await sleep(100);
	}
	return 'still running';
}

/** Stops every process group started here and still running (TERM, then KILL after graceMs). */
async function stopAll({ graceMs = 10000 } = {}) {
	const pids = [...started];
	return Promise.all(pids.map((pid) => stopGroup(pid, { graceMs })));
}

/** Synchronous last resort (process 'exit' handlers cannot wait): SIGKILL every registered group. */
function killAllSync() {
	for (const pid of started) signalGroup(pid, 'SIGKILL');
	started.clear();
}

let exitHookInstalled = false;
function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', killAllSync);
}

/** A free TCP port on 127.0.0.1 (asks the kernel; closed again before returning). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Whether something accepts connections on 127.0.0.1:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const sock = net.connect({ host: '127.0.0.1', port });
		sock.setTimeout(1000);
		sock.once('connect', () => {
			sock.destroy();
			resolve(true);
		});
		sock.once('timeout', () => {
			sock.destroy();
			resolve(false);
		});
		sock.once('error', () => resolve(false));
	});
}

/** Reads a process's cmdline, cwd and environment from /proc (Linux); null when it is gone or not ours. */
function procInfo(pid) {
	try {
		const cmdline = fs
			.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
			.split('\0')
			.filter(Boolean)
			.join(' ');
		let cwd = '';
		try {
			cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
		} catch {}
		let environ = '';
		try {
			environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
		} catch {}
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return {
			pid,
			cmdline,
			cwd,
			environ,
			state: fields[0],
			ppid: Number(fields[1]),
			pgid: Number(fields[2]),
		};
	} catch {
		return null;
	}
}

function listProcesses() {
	return fs
		.readdirSync('/proc')
		.filter((d) => /^\d+$/.test(d))
		.map((d) => procInfo(Number(d)))
		.filter((p) => p && p.state !== 'Z');
}

/** Runs a command to its end (output shown), killed after `timeoutMs`; rejects unless it exits with 0. */
function runCommand(cmd, argv, { cwd, what = cmd, timeoutMs }) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`${what} failed (${code ?? signal})`));
		});
		child.on('error', reject);
	});
}

module.exports = {
	runCommand,
	spawnGroup,
	stopGroup,
	killAllSync,
	stopAll,
	installExitHook,
	freePort,
	portInUse,
	isAlive,
	groupAlive,
	listProcesses,
	sleep,
};
