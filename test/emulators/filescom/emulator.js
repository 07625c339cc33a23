'use strict';
/**
 * The emulator's whole state: file tree and blobs, accounts and keys, uploads, download URIs,
 * asynchronous migrations, faults, the request log and a clock that tests can move forward.
 */
const fs = require('node:fs');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const paths = require('./paths');
const { Tree } = require('./storage');
const { Accounts, newKeyValue } = require('./auth');
const { Uploads } = require('./uploads');
const { Downloads } = require('./downloads');
const { Migrations } = require('./files');
const { Faults } = require('./faults');
const { SEED, applySeed } = require('./seed');
const { CURSOR_STYLES } = require('./paging');
const { REUSED_REF_BEHAVIOURS } = require('./completions');
const { Behaviors, REFUSED_URL_BEHAVIOURS, WEBHOOK_TEST_ANSWERS } = require('./behaviors');
const { Webhooks, PATH_STYLES } = require('./webhooks');

const DEFAULTS = {
	partSize: 5 * 1024 * 1024,
	downloadUriTtlSeconds: 60,
	asyncCopyThresholdBytes: 64 * 1024 * 1024,
	asyncCopyThresholdEntries: 1000,
	migrationStepMs: 50,
	badRequestStatus: 400,
	requestLogLimit: 2000,
	cursorHeaders: 'recorded',
	reusedRef: 'not-found',
	checksums: 'after-completion',
	invalidKeyMessage: 'recorded',
	// Folder behaviors and webhook deliveries (behaviors.js, webhooks.js; sources in WEBHOOKS.md).
	allowLocalWebhooks: false,
	refusedWebhookUrl: 'model-save-error',
	// "Any folders within that path will also be checked for this webhook activity" (webhooks docs).
	behaviorRecursiveDefault: true,
	webhookPathStyle: 'leading-slash',
	webhookAttempts: 3,
	webhookRetryMs: 200,
	webhookDelayMs: 0,
	webhookTestAnswer: 'status-entity',
};
// The message of a refused API key (errors.js): 'recorded' is the text of the Go SDK's recording
// (file/fixtures/TestClient_Uploader_File_Remote_Path_Error.yaml); 'with-code' adds " Internal Error Code: API1",
// as Boomi's connector guide quotes it. The node reads the error's type, never this text.
const INVALID_KEY_MESSAGES = ['recorded', 'with-code'];
// When a stored file's checksums appear (uploads.js). The spec's FileEntity (swagger_doc.json): md5 "File MD5
// checksum. This is sometimes delayed, so if you get a blank response, wait and try again."; the recordings
// hold md5 null in 714 answers (every answer to `action=end`) and filled in later ones. 'after-completion'
// fills them right after the completion; 'never' keeps them null (a delay longer than any client waits).
const CHECKSUM_TIMINGS = ['after-completion', 'never'];

class FilesComState {
	/**
	 * @param {object} options resolved options (see index.js)
	 */
	constructor(options) {
		this.options = { ...DEFAULTS, ...options };
		if (!CURSOR_STYLES.includes(this.options.cursorHeaders)) {
			throw new TypeError(`cursorHeaders must be one of ${CURSOR_STYLES.join(', ')}`);
		}
		if (!REUSED_REF_BEHAVIOURS.includes(this.options.reusedRef)) {
			throw new TypeError(`reusedRef must be one of ${REUSED_REF_BEHAVIOURS.join(', ')}`);
		}
		if (!INVALID_KEY_MESSAGES.includes(this.options.invalidKeyMessage)) {
			throw new TypeError(`invalidKeyMessage must be one of ${INVALID_KEY_MESSAGES.join(', ')}`);
		}
		if (!REFUSED_URL_BEHAVIOURS.includes(this.options.refusedWebhookUrl)) {
			throw new TypeError(`refusedWebhookUrl must be one of ${REFUSED_URL_BEHAVIOURS.join(', ')}`);
		}
		if (!WEBHOOK_TEST_ANSWERS.includes(this.options.webhookTestAnswer)) {
			throw new TypeError(`webhookTestAnswer must be one of ${WEBHOOK_TEST_ANSWERS.join(', ')}`);
		}
		if (!PATH_STYLES.includes(this.options.webhookPathStyle)) {
			throw new TypeError(`webhookPathStyle must be one of ${PATH_STYLES.join(', ')}`);
		}
		if (!CHECKSUM_TIMINGS.includes(this.options.checksums)) {
			throw new TypeError(`checksums must be one of ${CHECKSUM_TIMINGS.join(', ')}`);
		}
		this.dataDir = this.options.dataDir;
		this.faults = new Faults();
		this.requests = [];
		this.nextRequestId = 1;
		this.clockOffset = 0;
		this.baseUrl = '';
		this.filesUrl = '';
		this.keyValues = {
			apiKey: this.options.apiKey || newKeyValue(),
			userApiKey: this.options.userApiKey || newKeyValue(),
		};
		this.build();
	}

	now() {
		return Date.now() + this.clockOffset;
	}

	advanceTime(ms) {
		this.clockOffset += ms;
	}

	filesBaseUrl() {
		return this.filesUrl || this.baseUrl;
	}

	/** (Re)creates the tree, accounts and managers, then seeds them. */
	build() {
		fs.mkdirSync(this.dataDir, { recursive: true });
		this.tree = new Tree(this.dataDir, { clock: () => this.now() });
		this.accounts = new Accounts({
			site: { id: SEED.site.id, name: SEED.site.name, url: this.baseUrl || 'http://127.0.0.1' },
			clock: () => this.now(),
			invalidKeyMessage: this.options.invalidKeyMessage,
		});
		this.uploads = new Uploads(this);
		this.downloads = new Downloads(this);
		this.migrations = new Migrations(this);
		if (this.webhooks) this.webhooks.stop();
		this.behaviors = new Behaviors(this);
		this.webhooks = new Webhooks(this);
		applySeed(this, this.keyValues, { withFiles: this.options.seed !== false });
	}

	setBaseUrl(baseUrl, filesUrl) {
		this.baseUrl = baseUrl;
		this.filesUrl = filesUrl || '';
		this.accounts.site.url = baseUrl;
	}

	/** Back to the seeded state (faults and the request log are cleared too). */
	async reset({ seed = this.options.seed } = {}) {
		this.uploads.reset();
		this.downloads.reset();
		this.migrations.reset();
		this.faults.clear();
		this.clearRequests();
		this.clockOffset = 0;
		const oldBlobs = this.tree.blobs.dir;
		await fs.promises.rm(oldBlobs, { recursive: true, force: true });
		const previous = this.options.seed;
		this.options.seed = seed;
		this.build();
		this.options.seed = previous;
		this.accounts.site.url = this.baseUrl;
	}

	info() {
		return {
			service: 'filescom',
			baseUrl: this.baseUrl,
			apiKey: this.keyValues.apiKey,
			userApiKey: this.keyValues.userApiKey,
			userId: SEED.userId,
			filesBaseUrl: this.filesBaseUrl(),
			dataDir: this.dataDir,
		};
	}

	actorOf(auth) {
		return { userId: auth.user ? auth.user.id : null, apiKeyId: auth.key.id };
	}

	/**
	 * A file or folder action through the API, for webhook behaviors: `path` (and `destination`) normalized,
	 * `node` the item acted on.
	 */
	fileEvent(ctx, action, node, path, destination) {
		const user = ctx.auth && ctx.auth.user;
		this.webhooks.emit({
			action,
			path,
			destination,
			type: node.type === 'directory' ? 'directory' : 'file',
			interface: 'restapi',
			username: user ? user.username : '',
		});
	}

	logRequest(entry) {
		const record = {
			id: this.nextRequestId++,
			time: new Date().toISOString(),
			startedAt: Date.now(),
			status: null,
			...entry,
		};
		this.requests.push(record);
		if (this.requests.length > this.options.requestLogLimit)
			this.requests.splice(0, this.requests.length - this.options.requestLogLimit);
		return record;
	}

	clearRequests() {
		this.requests.length = 0;
	}

	logError(err) {
		if (this.options.log)
			this.options.log(`[filescom-emulator] ${err && err.stack ? err.stack : err}`);
	}

	/** Creates (or replaces) a file with the given bytes, creating parent folders. Returns the node. */
	writeFile(filePath, content, actor = { apiKeyId: null, userId: null }) {
		const normalized = paths.normalize(filePath);
		if (normalized === '') throw new TypeError('writeFile needs a file path');
		const { node: parent } = this.tree.mkdirp(paths.parentOf(normalized), actor);
		if (!parent) throw new TypeError(`a parent of ${filePath} is a file`);
		const buffer = Buffer.isBuffer(content) ? content : Buffer.from(String(content));
		const file = this.tree.blobs.newPath();
		fs.writeFileSync(file, buffer);
		const blob = this.tree.blobs.register(file, {
			size: buffer.length,
			md5: crypto.createHash('md5').update(buffer).digest('hex'),
			sha1: crypto.createHash('sha1').update(buffer).digest('hex'),
			sha256: crypto.createHash('sha256').update(buffer).digest('hex'),
			crc32: (zlib.crc32(buffer) >>> 0).toString(16).padStart(8, '0'),
		});
		this.tree.blobs.retain(blob);
		const existing = parent.children.get(paths.segmentKey(paths.baseName(normalized)));
		if (existing && existing.type === 'directory') throw new TypeError(`${filePath} is a folder`);
		return this.tree.putFile(
			parent,
			existing ? existing.name : paths.baseName(normalized),
			blob,
			actor,
		).node;
	}

	/** Creates a folder (and its parents). Returns the node. */
	makeFolder(folderPath) {
		const { node } = this.tree.mkdirp(paths.normalize(folderPath), {
			apiKeyId: null,
			userId: null,
		});
		if (!node) throw new TypeError(`a parent of ${folderPath} is a file`);
		return node;
	}

	/**
	 * Fills a folder with `count` zero-byte files (no disk writes), e.g. 100,000 entries for paging
	 * and benchmark tests. Names are `<prefix><number padded to 6 digits><extension>`.
	 */
	seedFolder(folderPath, count, { prefix = 'file-', extension = '.txt', start = 1 } = {}) {
		const dir = this.makeFolder(folderPath);
		this.tree.addVirtualFiles(dir, count, { prefix, extension, start });
		return { path: this.tree.pathOf(dir), count: dir.children.size };
	}

	/** Creates an API key directly; returns `{id, key, ...}` with the secret value. */
	createApiKey({
		name = 'Test key',
		user_id = null,
		permission_set = 'full',
		expires_at = null,
		description = null,
	} = {}) {
		const expires =
			expires_at === null || expires_at === undefined ? null : Date.parse(String(expires_at));
		const key = this.accounts.addKey({
			name,
			user_id,
			permission_set,
			expires_at: Number.isNaN(expires) ? null : expires,
			description,
		});
		return this.accounts.keyEntity(key, { withValue: true });
	}
}

module.exports = { FilesComState, DEFAULTS };
