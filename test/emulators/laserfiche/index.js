'use strict';
/**
 * Laserfiche emulator: Cloud OAuth (service principal key + base-64 access key), self-hosted password
 * tokens, Repository API v2 (Cloud and self-hosted) and v1, with fault injection. See README.md.
 *
 *   const { startLaserficheEmulator } = require('./test/emulators/laserfiche');
 *   const lf = await startLaserficheEmulator({ port: 0 });
 *   // lf.cloud.{tokenUrl, apiBaseUrl, servicePrincipalKey, accessKey, repositoryId, …}
 *   // lf.selfHosted.{baseUrl, repositoryId, username, password}
 *   await lf.stop();
 */
const crypto = require('node:crypto');
const fsp = require('node:fs/promises');
const { BlobStore } = require('./lib/storage');
const { TokenStore } = require('./lib/tokens');
const { Faults } = require('./lib/faults');
const { TaskManager } = require('./lib/tasks');
const { Repository } = require('./lib/repository');
const { seedRepository } = require('./lib/seed');
const { createCloudIdentity } = require('./lib/cloud-oauth');
const { createServer } = require('./lib/server');

const DEFAULTS = {
	port: 0,
	host: '127.0.0.1',
	cloudTokenLifetimeSeconds: 43200,
	selfHostedTokenLifetimeSeconds: 900,
	simpleImportLimitBytes: 100 * 1024 * 1024,
	/** Clock skew tolerated on the client JWT's exp / nbf / iat. */
	cloudJwtClockSkewSeconds: 60,
	/** How long a long operation (copy, delete, export, import of parts, search) runs. */
	taskDurationMs: 50,
	/** Longest a GET …/Tasks waits for unfinished tasks. */
	taskLongPollMs: 60000,
	simpleSearchMaxResults: 100,
	searchResultsLifetimeSeconds: 300,
	exportLinkLifetimeSeconds: 900,
	uploadUrlLifetimeSeconds: 900,
	multipartMinPartBytes: 5 * 1024 * 1024,
	/** Self-hosted GET /v1|v2/Repositories without a token (EnableGetRepositoryListApi). */
	enableGetRepositoryListApi: true,
	/** Delete tasks fail without a DeleteEntry audit reason (some repositories are set up so). */
	requireDeleteAuditReason: false,
	cloudRepositoryId: 'r-0a1b2c3d',
	cloudRepositoryName: 'Emulator Cloud Repository',
	selfHostedRepositoryId: 'EmulatorRepo',
	selfHostedRepositoryName: 'EmulatorRepo',
	username: 'emulator-admin',
	password: undefined,
	domain: 'laserfiche.emulator',
	dataDir: undefined,
	jwk: undefined,
	servicePrincipalKey: undefined,
	customerId: undefined,
	clientId: undefined,
	log: undefined,
	/** Origin of @odata.nextLink: 'host' | 'http-host' | 'fixed:<url>' (lib/server.js, linkOrigin). */
	linkOrigin: 'host',
	/** Open searches a user may hold (Cloud: 2, lib/search-limit.js); 0 turns the limit off. */
	openSearchLimit: 2,
	/** Whether the open-search limit applies to self-hosted too (the reference says Cloud only). */
	openSearchLimitSelfHosted: false,
	/** How an unknown repository is answered: 'titled' | 'code' | 'bare' (lib/unknown-repository.js). */
	unknownRepositoryAnswer: 'titled',
	/** A 0-byte import: 'accept' | 'reject' (400) (lib/documents.js, refuseEmpty). */
	emptyImport: 'accept',
	/** Entry timestamps: 'ms' | 'seconds' | 'ticks' (lib/views.js, formatTime). */
	timestampFormat: 'ms',
	/** v2 synchronous Export: documents above this many bytes "take longer than 60 s" (lib/export-limits.js); 0: no limit. */
	syncExportLimitBytes: 50_000_000,
	/** How that time-out is answered: 'problem' (500) | 'gateway' (504 HTML) (lib/export-limits.js). */
	syncExportOverLimit: 'problem',
	/** v1 edoc reads (whole or one range) above this many bytes need ranges (lib/export-limits.js); 0: no limit. */
	v1ExportRangeLimitBytes: 50_000_000,
	/** What a larger v1 read gets: 'refuse' (413) | 'cut' (connection closed at the limit) | 'serve'. */
	v1LargeExport: 'refuse',
};

function randomPassword() {
	return `Lf!${crypto.randomBytes(12).toString('base64url')}`;
}

/**
 * Starts an emulator.
 * @param {Partial<typeof DEFAULTS>} [options]
 */
async function startLaserficheEmulator(options = {}) {
	const opts = { ...DEFAULTS };
	for (const [k, v] of Object.entries(options)) if (v !== undefined) opts[k] = v;
	if (!opts.password) opts.password = randomPassword();
	const log = typeof opts.log === 'function' ? opts.log : () => {};

	const { store, owned } = await BlobStore.create(opts.dataDir);
	const identity = createCloudIdentity(opts);
	/** The emulator's clock: real time plus what tests moved it forward (token, link, result lifetimes). */
	let clockOffset = 0;
	const now = () => Date.now() + clockOffset;
	const tokens = new TokenStore(now);
	const state = {
		tokenRequests: { cloud: 0, selfHosted: 0 },
		tokensIssued: { cloud: 0, selfHosted: 0 },
		requests: [],
		repositories: {},
	};

	const emu = {
		options: opts,
		host: opts.host,
		port: 0,
		store,
		tokens,
		state,
		log,
		now,
		uploads: new Map(),
		exports: new Map(),
		uploadSecret: crypto.randomBytes(32),
		cloudApps: new Map([[identity.clientId, identity]]),
		selfHostedUsers: [{ username: opts.username, password: opts.password }],
		repositories: { cloud: [], selfHosted: [] },
		tasks: new TaskManager({
			durationMs: opts.taskDurationMs,
			longPollMs: opts.taskLongPollMs,
			clock: now,
		}),
		faults: new Faults({ onExpireTokens: () => tokens.expireAll() }),
		findRepository(deployment, id) {
			const lower = String(id).toLowerCase();
			return (this.repositories[deployment] || []).find((r) => r.id.toLowerCase() === lower);
		},
		repositoriesOf(deployment) {
			return this.repositories[deployment] || [];
		},
		info() {
			return connectionInfo(emu, identity);
		},
		async reset() {
			clockOffset = 0;
			emu.faults.clear();
			state.requests.length = 0;
			state.tokenRequests.cloud = 0;
			state.tokenRequests.selfHosted = 0;
			state.tokensIssued.cloud = 0;
			state.tokensIssued.selfHosted = 0;
			emu.tasks.clear();
			emu.uploads.clear();
			emu.exports.clear();
			buildRepositories();
		},
	};

	function buildRepositories() {
		const baseUrl = `http://${opts.host}:${emu.port}`;
		const cloud = new Repository({
			id: opts.cloudRepositoryId,
			name: opts.cloudRepositoryName,
			webClientUrl: `${baseUrl}/laserfiche`,
			store,
			volumeName: '',
			requireDeleteAuditReason: opts.requireDeleteAuditReason,
			timestampFormat: opts.timestampFormat,
			clock: now,
		});
		const selfHosted = new Repository({
			id: opts.selfHostedRepositoryId,
			name: opts.selfHostedRepositoryName,
			webClientUrl: `${baseUrl}/laserfiche`,
			store,
			volumeName: 'DEFAULTVOL',
			requireDeleteAuditReason: opts.requireDeleteAuditReason,
			timestampFormat: opts.timestampFormat,
			clock: now,
		});
		seedRepository(cloud);
		seedRepository(selfHosted);
		emu.repositories.cloud = [cloud];
		emu.repositories.selfHosted = [selfHosted];
		state.repositories.cloud = cloud;
		state.repositories.selfHosted = selfHosted;
	}

	const server = createServer(emu);
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	emu.port = server.address().port;
	buildRepositories();

	let stopped = false;
	const info = connectionInfo(emu, identity);
	return {
		...info,
		faults: emu.faults,
		state,
		/** Every token issued so far answers 401 from now on (same as faults.expireAllTokens()). */
		expireAllTokens: () => emu.faults.expireAllTokens(),
		/** Moves the emulator's clock forward by `ms` (token lifetimes, export/upload link and search result lifetimes). */
		advanceTime: (ms) => {
			clockOffset += ms;
		},
		/** Ends every started task now instead of after taskDurationMs (a cancelled task stays cancelled). */
		runPendingTasks: () => emu.tasks.runPendingSteps(),
		/** Back to the seed: faults, request log, counters, tasks, uploads and repository contents. */
		reset: () => emu.reset(),
		/** Internals for white-box assertions (repository model, token store, tasks). */
		emulator: emu,
		async stop() {
			if (stopped) return;
			stopped = true;
			emu.tasks.stop();
			emu.faults.releaseDelays();
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			if (owned) await fsp.rm(store.dir, { recursive: true, force: true });
		},
	};
}

function connectionInfo(emu, identity) {
	const baseUrl = `http://${emu.host}:${emu.port}`;
	return {
		baseUrl,
		cloud: {
			tokenUrl: `${baseUrl}/oauth/Token`,
			apiBaseUrl: `${baseUrl}/repository`,
			servicePrincipalKey: identity.servicePrincipalKey,
			accessKey: identity.accessKey,
			repositoryId: emu.options.cloudRepositoryId,
			customerId: identity.customerId,
			clientId: identity.clientId,
			domain: identity.domain,
		},
		selfHosted: {
			baseUrl: `${baseUrl}/LFRepositoryAPI`,
			repositoryId: emu.options.selfHostedRepositoryId,
			username: emu.options.username,
			password: emu.options.password,
		},
	};
}

module.exports = { startLaserficheEmulator, DEFAULTS };
