'use strict';
// A very small test runner for the e2e suite (plain Node, no jest): named checks with timings, a log,
// and a summary line `e2e: N passed, M failed`.
const assert = require('node:assert/strict');
const { elapsed } = require('../../scripts/n8n/log');

const results = [];

function log(msg) {
	process.stdout.write(`[e2e ${elapsed()}s] ${msg}\n`);
}

/** Runs one named check (bounded by timeoutMs); a thrown error fails it, and the suite continues. */
async function check(name, fn, { timeoutMs = 120000 } = {}) {
	const started = Date.now();
	let timer;
	try {
		const value = await Promise.race([
			Promise.resolve().then(fn),
			new Promise((_, reject) => {
				timer = setTimeout(
					() => reject(new Error(`timed out after ${timeoutMs / 1000}s`)),
					timeoutMs,
				);
			}),
		]);
		const seconds = (Date.now() - started) / 1000;
		results.push({ name, ok: true, seconds });
		log(
			`PASS ${name} (${seconds.toFixed(1)}s)${value && typeof value === 'string' ? `: ${value}` : ''}`,
		);
		return value;
	} catch (err) {
		const seconds = (Date.now() - started) / 1000;
		results.push({ name, ok: false, seconds, error: err });
		log(`FAIL ${name} (${seconds.toFixed(1)}s): ${err && err.stack ? err.stack : err}`);
		return undefined;
	} finally {
		clearTimeout(timer);
	}
}

/** Records a failure that happened outside a check (e.g. the stack did not start). */
function fail(name, err) {
	results.push({ name, ok: false, seconds: 0, error: err });
	log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
}

/** Runs a group of checks with an upper bound on its time; a timeout or a crash counts as a failure. */
async function bounded(name, fn, timeoutMs) {
	let timer;
	try {
		await Promise.race([
			Promise.resolve().then(fn),
			new Promise((_, reject) => {
				timer = setTimeout(
					() => reject(new Error(`timed out after ${timeoutMs / 1000}s`)),
					timeoutMs,
				);
			}),
		]);
	} catch (err) {
		fail(name, err);
	} finally {
		clearTimeout(timer);
	}
}

function summary() {
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	return { passed, failed, results };
}

module.exports = { assert, bounded, check, fail, log, summary };
