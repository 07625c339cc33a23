'use strict';
/**
 * Files.com emulator: a faithful local stand-in for the Files.com REST API (v1), held to the official
 * Swagger document, error catalogue and recorded traffic in test/contracts/filescom/.
 *
 *   const { startFilesComEmulator } = require('./test/emulators/filescom');
 *   const emu = await startFilesComEmulator({ port: 0 });
 *   // API: `${emu.baseUrl}/api/rest/v1`, header `X-FilesAPI-Key: ${emu.apiKey}`
 *   await emu.stop();
 *
 * Options:
 *   port = 0, host = '127.0.0.1'
 *   apiKey, userApiKey            key values to seed (random 64-hex otherwise)
 *   dataDir                       where blobs are stored (a temp dir by default, removed on stop)
 *   seed = true                   seed folders and files (users and keys are always seeded)
 *   seedRecordingPaths = false    also create every path the recorded real traffic expects to exist
 *   partSize = 5 MiB              upload part size announced by begin_upload
 *   downloadUriTtlSeconds = 60    lifetime of a download_uri
 *   asyncCopyThresholdBytes = 64 MiB, asyncCopyThresholdEntries = 1000
 *                                 copies/moves at or above these sizes run as file migrations
 *   migrationStepMs = 50          time a migration spends in "pending" and in "processing"
 *   badRequestStatus = 400        HTTP status for bad-request/* (recordings: 400; catalogue: 422)
 *   tls = false                   true: serve upload/download URLs over HTTPS on a second port; 'all': serve the
 *                                 API and the upload/download URLs over HTTPS (as the real service: every URL in
 *                                 the recordings is https). The certificate is self-signed, generated at start
 *                                 (tls.js); trust `emulator.tlsCa` (PEM)
 *   log                           function(message) for unexpected internal errors
 *
 * Resolves to { baseUrl, apiKey, userApiKey, userId, filesBaseUrl, tlsCa, faults, state, stop(),
 *   reset(), seedFolder(path, count, opts), writeFile(path, content), makeFolder(path),
 *   createApiKey(spec), advanceTime(ms), requests (live array) }.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const https = require('node:https');
const { FilesComState } = require('./emulator');
const { createRequestHandler } = require('./server');

const { generateCertificate } = require('./tls');

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(server.address().port);
		});
	});
}

function closeServer(server) {
	return new Promise((resolve) => {
		if (!server.listening) return resolve();
		server.close(() => resolve());
		if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
	});
}

async function startFilesComEmulator(options = {}) {
	const host = options.host || '127.0.0.1';
	const ownsDataDir = !options.dataDir;
	const dataDir = options.dataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'filescom-emulator-'));
	const stateOptions = { ...options, dataDir, seed: options.seed !== false };
	for (const k of Object.keys(stateOptions))
		if (stateOptions[k] === undefined) delete stateOptions[k];
	const state = new FilesComState(stateOptions);
	const handler = createRequestHandler(state);

	if (options.tls !== undefined && ![false, true, 'all'].includes(options.tls))
		throw new TypeError("tls must be false, true or 'all'");
	const certificate = options.tls ? await generateCertificate(host) : undefined;
	// A long keep-alive (like the real service's load balancers) avoids the race where a client reuses
	// an idle connection at the moment the server closes it (EPIPE/ECONNRESET in tests).
	const serverOptions = { keepAliveTimeout: 65_000, headersTimeout: 66_000 };
	const server =
		options.tls === 'all'
			? https.createServer(
					{ ...serverOptions, key: certificate.key, cert: certificate.cert },
					handler,
				)
			: http.createServer(serverOptions, handler);
	server.on('clientError', (err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
	});
	const port = await listen(server, options.port || 0, host);
	const baseUrl = `${options.tls === 'all' ? 'https' : 'http'}://${host}:${port}`;

	let tlsServer;
	let filesUrl;
	if (options.tls === true) {
		tlsServer = https.createServer(
			{ ...serverOptions, key: certificate.key, cert: certificate.cert },
			handler,
		);
		const tlsPort = await listen(tlsServer, 0, host);
		filesUrl = `https://${host}:${tlsPort}`;
	}
	const tlsCa = certificate ? Buffer.from(certificate.cert) : undefined;
	state.setBaseUrl(baseUrl, filesUrl);

	if (options.seedRecordingPaths) {
		const { seedRecordedPaths } = require('./recordings');
		seedRecordedPaths(state);
	}

	let stopped = false;
	const emulator = {
		baseUrl,
		apiKey: state.keyValues.apiKey,
		userApiKey: state.keyValues.userApiKey,
		userId: state.info().userId,
		filesBaseUrl: state.filesBaseUrl(),
		tlsCa,
		faults: state.faults,
		state,
		get requests() {
			return state.requests;
		},
		reset: (opts) => state.reset(opts),
		seedFolder: (folderPath, count, opts) => state.seedFolder(folderPath, count, opts),
		writeFile: (filePath, content) => state.writeFile(filePath, content),
		makeFolder: (folderPath) => state.makeFolder(folderPath),
		createApiKey: (spec) => state.createApiKey(spec),
		advanceTime: (ms) => state.advanceTime(ms),
		async stop() {
			if (stopped) return;
			stopped = true;
			state.migrations.reset();
			state.faults.releaseDelays();
			state.webhooks.stop();
			await Promise.all([closeServer(server), tlsServer ? closeServer(tlsServer) : undefined]);
			if (ownsDataDir) await fs.promises.rm(dataDir, { recursive: true, force: true });
		},
	};
	return emulator;
}

module.exports = { startFilesComEmulator };
