#!/usr/bin/env node
'use strict';
// `npm run test:live`: the core workflows of Files.com and Laserfiche (Cloud, self-hosted) against the real
// services, each deployment whose variables are set (see config.js and the README), through real n8n-core
// and the test harness, as `npm test` runs them against the emulators (test/live/live.test.ts). Each run
// works in a new folder `n8n-live-<time>-<random>` and removes it at the end, also when a step fails.
// Without any variables it prints one line saying what it skipped and exits 0. Secrets are never printed:
// every line goes through redact(). Exit code: 0 passed or skipped, 1 a scenario failed, 2 bad variables.
//
//   LIVE_TIMEOUT_MS (default 10 min) bounds the whole run.
const { readLiveConfig, skipLine, redact } = require('./config');

const TIMEOUT_MS = Number(process.env.LIVE_TIMEOUT_MS || 10 * 60 * 1000);

async function main() {
	const { targets, skipped, problems } = readLiveConfig(process.env);
	const secrets = targets.flatMap((target) => target.secrets);
	const say = (line) => process.stdout.write(`${redact(line, secrets)}\n`);
	if (problems.length > 0) {
		for (const problem of problems)
			process.stderr.write(`test:live: ${redact(problem, secrets)}\n`);
		return 2;
	}
	if (skipped.length > 0) say(skipLine(skipped));
	if (targets.length === 0) return 0;

	const watchdog = setTimeout(() => {
		say(
			`test:live: timed out after ${TIMEOUT_MS} ms; a folder named n8n-live-… may be left behind`,
		);
		process.exit(1);
	}, TIMEOUT_MS);
	watchdog.unref();
	say(`test:live: running ${targets.map((target) => target.label).join(', ')}`);
	// The harness loads the built package (dist/), as jest's global setup builds it when it is stale.
	await require('../harness/global-setup.js')();
	require('./ts-register');
	const { runTarget } = require('./suite.ts');
	const { LiveCheckFailed } = require('./steps.ts');
	let failed = 0;
	for (const target of targets) {
		const started = Date.now();
		try {
			await runTarget(target, say);
			say(`${target.label}: passed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (error) {
			failed++;
			const detail =
				error instanceof LiveCheckFailed ? error.message : (error?.stack ?? String(error));
			say(`${target.label}: FAILED: ${detail}`);
		}
	}
	say(`test:live: ${targets.length - failed} passed, ${failed} failed`);
	return failed > 0 ? 1 : 0;
}

main().then(
	(code) => process.stdout.write('', () => process.exit(code)),
	(error) => {
		const secrets = readLiveConfig(process.env).targets.flatMap((target) => target.secrets);
		process.stderr.write(`test:live: ${redact(error?.stack ?? String(error), secrets)}\n`, () =>
			process.exit(1),
		);
	},
);
