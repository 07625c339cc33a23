#!/usr/bin/env node
'use strict';
/**
 * Standalone Files.com emulator: `npm run emulator:filescom`.
 * Listens on 127.0.0.1:${FILESCOM_EMULATOR_PORT:-4041}; once ready prints exactly one JSON line
 *   {"service":"filescom","baseUrl":"http://127.0.0.1:4041","apiKey":"…","userApiKey":"…","userId":2}
 * and runs until SIGINT/SIGTERM, then stops cleanly (its temporary data directory is removed).
 * FILESCOM_EMULATOR_API_KEY overrides the seeded site-wide key.
 * FILESCOM_EMULATOR_TLS=1 serves the API and the upload/download URLs over HTTPS (baseUrl https://…) with a
 * self-signed certificate generated at start, printed (PEM) as `tlsCa` on the ready line: trust it, e.g. with
 * NODE_EXTRA_CA_CERTS for a Node process started afterwards.
 * FILESCOM_EMULATOR_CURSOR_HEADERS and FILESCOM_EMULATOR_REUSED_REF set the options cursorHeaders and reusedRef
 * (README.md). FILESCOM_EMULATOR_ALLOW_LOCAL_WEBHOOKS=1 lets webhook behaviors point at local addresses and
 * any port (Files.com allows only public addresses on ports 80, 443, 8080 and 8443: webhooks.js).
 */
const { startFilesComEmulator } = require('./index');

async function main() {
	const port = process.env.FILESCOM_EMULATOR_PORT
		? Number(process.env.FILESCOM_EMULATOR_PORT)
		: 4041;
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		process.stderr.write(
			`FILESCOM_EMULATOR_PORT must be a port number, got "${process.env.FILESCOM_EMULATOR_PORT}"\n`,
		);
		process.exit(2);
	}
	const emulator = await startFilesComEmulator({
		port,
		host: '127.0.0.1',
		apiKey: process.env.FILESCOM_EMULATOR_API_KEY || undefined,
		tls: process.env.FILESCOM_EMULATOR_TLS === '1' ? 'all' : false,
		cursorHeaders: process.env.FILESCOM_EMULATOR_CURSOR_HEADERS || undefined,
		reusedRef: process.env.FILESCOM_EMULATOR_REUSED_REF || undefined,
		allowLocalWebhooks: process.env.FILESCOM_EMULATOR_ALLOW_LOCAL_WEBHOOKS === '1',
		log: (message) => process.stderr.write(`${message}\n`),
	});
	process.stdout.write(
		`${JSON.stringify({
			service: 'filescom',
			baseUrl: emulator.baseUrl,
			apiKey: emulator.apiKey,
			userApiKey: emulator.userApiKey,
			userId: emulator.userId,
			...(emulator.tlsCa ? { tlsCa: emulator.tlsCa.toString('utf8') } : {}),
		})}\n`,
	);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		try {
			await emulator.stop();
		} finally {
			process.exit(0);
		}
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	process.stderr.write(
		`Files.com emulator failed to start: ${err && err.message ? err.message : err}\n`,
	);
	process.exit(1);
});
