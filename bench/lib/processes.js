'use strict';
/** Child processes of the benchmark: emulator hosts (long-lived, RPC over IPC) and one-shot workers. */
const { spawn } = require('node:child_process');
const path = require('node:path');

const HOST = path.join(__dirname, 'emulator-host.js');
const WORKER = path.join(__dirname, 'worker.js');
const ESM_RESOLVER = path.join(__dirname, 'esm-resolver.mjs');

/** Workers still running (killed by stopWorkers() when the benchmark is interrupted). */
const running = new Set();

function stopWorkers() {
	for (const child of running) child.kill('SIGKILL');
}

function tail(text, max = 4000) {
	return text.length > max ? `…${text.slice(-max)}` : text;
}

/** Starts an emulator in its own process; resolves `{ info, call(cmd, args), pid, stop() }`. */
function startHost(service, options = {}, { timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [HOST, service, JSON.stringify(options)], {
			stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
			env: { ...process.env },
		});
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr = tail(stderr + chunk);
		});
		const pending = new Map();
		let nextId = 1;
		let ready = false;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${service} emulator did not start within ${timeoutMs} ms\n${stderr}`));
		}, timeoutMs);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			for (const { reject: fail } of pending.values())
				fail(new Error(`${service} emulator exited (${code ?? signal})\n${stderr}`));
			pending.clear();
			if (!ready)
				reject(
					new Error(
						`${service} emulator exited before it was ready (${code ?? signal})\n${stderr}`,
					),
				);
		});
		child.on('message', (message) => {
			if (message && message.type === 'ready') {
				ready = true;
				clearTimeout(timer);
				const call = (cmd, args) =>
					new Promise((ok, fail) => {
						const id = nextId++;
						pending.set(id, { resolve: ok, reject: fail });
						child.send({ id, cmd, args });
					});
				const stop = () =>
					new Promise((done) => {
						if (child.exitCode !== null || child.signalCode !== null) return done();
						const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
						child.once('exit', () => {
							clearTimeout(killer);
							done();
						});
						child.kill('SIGTERM');
					});
				resolve({ info: message.info, call, pid: child.pid, stop, child });
				return;
			}
			const entry = message && pending.get(message.id);
			if (!entry) return;
			pending.delete(message.id);
			if (message.ok) entry.resolve(message.result);
			else entry.reject(new Error(`${service} emulator: ${message.error}`));
		});
	});
}

/**
 * Runs one measured task in a fresh process; resolves the worker's report (see worker.js) or
 * `{ ok: false, error }` when it failed, crashed or ran out of time.
 */
function runWorker(task, { esm = false, timeoutMs = 600000, profileFile } = {}) {
	return new Promise((resolve) => {
		const args = [...(esm ? ['--import', ESM_RESOLVER] : []), WORKER];
		const env = { ...process.env, BENCH_TASK: JSON.stringify(task) };
		if (profileFile) env.BENCH_PROFILE_FILE = profileFile;
		else delete env.BENCH_PROFILE_FILE;
		const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env });
		running.add(child);
		let output = '';
		child.stdout.on('data', (chunk) => {
			output = tail(output + chunk);
		});
		child.stderr.on('data', (chunk) => {
			output = tail(output + chunk);
		});
		let report;
		child.on('message', (message) => {
			report = message;
		});
		const timer = setTimeout(() => {
			report = report || { ok: false, error: `timed out after ${Math.round(timeoutMs / 1000)} s` };
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('exit', (code, signal) => {
			running.delete(child);
			clearTimeout(timer);
			if (!report)
				report = { ok: false, error: `worker exited (${code ?? signal}) without a report` };
			if (!report.ok && output) report.output = output;
			resolve(report);
		});
	});
}

module.exports = { startHost, runWorker, stopWorkers };
