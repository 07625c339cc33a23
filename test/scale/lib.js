'use strict';
// Named checks for the queue-mode suite (plain Node, no jest): each records PASS/FAIL with its detail,
// a thrown error fails it and the suite goes on.
const assert = require('node:assert/strict');
const { elapsed } = require('../../scripts/n8n/log');

const results = [];

function log(msg) {
	process.stdout.write(`[scale ${elapsed()}s] ${msg}\n`);
}

async function check(name, fn) {
	try {
		const detail = await fn();
		results.push({ name, ok: true, detail });
		log(`PASS ${name}${detail ? `: ${detail}` : ''}`);
		return detail;
	} catch (err) {
		results.push({ name, ok: false, error: err });
		log(`FAIL ${name}: ${err && err.message ? err.message : err}`);
		return undefined;
	}
}

function fail(name, err) {
	results.push({ name, ok: false, error: err });
	log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
}

function summary() {
	const passed = results.filter((r) => r.ok).length;
	return { passed, failed: results.length - passed, results };
}

function median(values) {
	if (!values.length) return NaN;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

function percentile(values, p) {
	if (!values.length) return NaN;
	const s = [...values].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

module.exports = { assert, check, fail, log, summary, median, percentile };
