#!/usr/bin/env node
'use strict';
/**
 * Standalone Laserfiche emulator: `npm run emulator:laserfiche`.
 * Listens on 127.0.0.1:${LASERFICHE_EMULATOR_PORT:-4042}, prints one JSON line with the connection
 * details once ready, and runs until SIGINT/SIGTERM.
 *
 * Optional environment: LASERFICHE_EMULATOR_JWK (EC P-256 private JWK as JSON),
 * LASERFICHE_EMULATOR_SERVICE_PRINCIPAL_KEY, LASERFICHE_EMULATOR_USERNAME,
 * LASERFICHE_EMULATOR_PASSWORD, LASERFICHE_EMULATOR_DATA_DIR, LASERFICHE_EMULATOR_VERBOSE=1,
 * LASERFICHE_EMULATOR_LINK_ORIGIN=host|http-host|fixed:<url> (origin of @odata.nextLink).
 */
const { startLaserficheEmulator } = require('./index');

async function main() {
	const env = process.env;
	const port = env.LASERFICHE_EMULATOR_PORT ? Number(env.LASERFICHE_EMULATOR_PORT) : 4042;
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`LASERFICHE_EMULATOR_PORT is not a port: ${env.LASERFICHE_EMULATOR_PORT}`);
	const emulator = await startLaserficheEmulator({
		port,
		host: '127.0.0.1',
		jwk: env.LASERFICHE_EMULATOR_JWK ? JSON.parse(env.LASERFICHE_EMULATOR_JWK) : undefined,
		servicePrincipalKey: env.LASERFICHE_EMULATOR_SERVICE_PRINCIPAL_KEY || undefined,
		username: env.LASERFICHE_EMULATOR_USERNAME || undefined,
		password: env.LASERFICHE_EMULATOR_PASSWORD || undefined,
		dataDir: env.LASERFICHE_EMULATOR_DATA_DIR || undefined,
		linkOrigin: env.LASERFICHE_EMULATOR_LINK_ORIGIN || undefined,
		log: env.LASERFICHE_EMULATOR_VERBOSE ? (line) => process.stderr.write(`${line}\n`) : undefined,
	});
	const { cloud, selfHosted } = emulator;
	process.stdout.write(
		`${JSON.stringify({
			service: 'laserfiche',
			cloud: {
				tokenUrl: cloud.tokenUrl,
				apiBaseUrl: cloud.apiBaseUrl,
				servicePrincipalKey: cloud.servicePrincipalKey,
				accessKey: cloud.accessKey,
				repositoryId: cloud.repositoryId,
			},
			selfHosted: {
				baseUrl: selfHosted.baseUrl,
				repositoryId: selfHosted.repositoryId,
				username: selfHosted.username,
				password: selfHosted.password,
			},
		})}\n`,
	);
	let stopping = false;
	const shutdown = async () => {
		if (stopping) return;
		stopping = true;
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((err) => {
	process.stderr.write(`laserfiche emulator failed to start: ${err && err.message}\n`);
	process.exit(1);
});
