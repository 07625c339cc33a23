'use strict';
// Small progress logger: "[12.3s] message". Everything the stack scripts print goes through here.
const started = Date.now();

function elapsed() {
	return ((Date.now() - started) / 1000).toFixed(1);
}

function createLogger(prefix, stream = process.stdout) {
	const log = (msg) => stream.write(`[${prefix} ${elapsed()}s] ${msg}\n`);
	log.elapsed = elapsed;
	return log;
}

module.exports = { createLogger, elapsed };
