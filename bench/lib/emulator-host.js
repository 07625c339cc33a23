'use strict';
/**
 * Runs one emulator (Files.com or Laserfiche) in its own process, so that its memory and CPU never count
 * against the process being measured. Started by bench/run.js with an IPC channel:
 *
 *   node bench/lib/emulator-host.js filescom|laserfiche '<options JSON>'
 *
 * Sends `{ type: 'ready', info }` once listening, then answers `{ id, cmd, args }` messages with
 * `{ id, ok, result | error }`. Commands are set-up and verification helpers only (placing a big file
 * without sending it through HTTP, seeding a big folder, counting token requests, hashing a stored
 * document); every measured byte goes through the emulator's HTTP API.
 * Stops on SIGTERM/SIGINT, on `stop`, or when the parent goes away (IPC disconnect).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const service = process.argv[2];
const options = JSON.parse(process.argv[3] || '{}');

async function md5Of(file) {
	const md5 = crypto.createHash('md5');
	let size = 0;
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
		md5.update(chunk);
		size += chunk.length;
	}
	return { size, md5: md5.digest('hex') };
}

async function startFilesCom() {
	const { startFilesComEmulator } = require(path.join(ROOT, 'test', 'emulators', 'filescom'));
	const paths = require(path.join(ROOT, 'test', 'emulators', 'filescom', 'paths'));
	const emulator = await startFilesComEmulator({ port: 0, ...options });
	const { state } = emulator;
	const commands = {
		info: () => ({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKey }),
		seedFolder: ({ folder, count }) => emulator.seedFolder(folder, count),
		makeFolder: ({ folder }) => {
			emulator.makeFolder(folder);
			return true;
		},
		/**
		 * Puts a file from disk at `target` (copied into the emulator's blob store) with the checksums the
		 * generator computed, exactly as a completed upload would leave it.
		 */
		placeFile: async ({ target, source, checksums }) => {
			const normalized = paths.normalize(target);
			const actor = { apiKeyId: null, userId: null };
			const { node: parent } = state.tree.mkdirp(paths.parentOf(normalized), actor);
			const blobFile = state.tree.blobs.newPath();
			await fs.promises.copyFile(source, blobFile);
			const blob = state.tree.blobs.register(blobFile, checksums);
			state.tree.blobs.retain(blob);
			state.tree.putFile(parent, paths.baseName(normalized), blob, actor);
			return { path: normalized, size: checksums.size };
		},
		requestCount: () => state.nextRequestId - 1,
		stop: async () => {
			await emulator.stop();
			return true;
		},
	};
	return { info: commands.info(), commands, stop: () => emulator.stop() };
}

async function startLaserfiche() {
	const { startLaserficheEmulator } = require(path.join(ROOT, 'test', 'emulators', 'laserfiche'));
	const lf = await startLaserficheEmulator({ port: 0, ...options });
	const repository = () => lf.state.repositories.selfHosted;
	const commands = {
		info: () => ({ baseUrl: lf.baseUrl, cloud: lf.cloud, selfHosted: lf.selfHosted }),
		tokenRequests: () => ({ ...lf.state.tokenRequests }),
		/** Creates a folder under the root (or returns the existing one); answers its id. */
		folder: ({ name }) => {
			const repo = repository();
			const existing = repo.childByName(1, name);
			return (existing || repo.createFolder(1, name)).id;
		},
		/** A document whose body is a copy of `source`, as an import would leave it. */
		placeDocument: async ({ parentId, name, source, size, extension, mimeType }) => {
			const repo = repository();
			const store = lf.emulator.store;
			const blobId = store.newId();
			await fs.promises.copyFile(source, store.pathOf(blobId));
			const entry = repo.createDocument(
				parentId,
				name,
				{ blobId, size, extension, mimeType },
				{ autoRename: true },
			);
			return { id: entry.id, name: entry.name };
		},
		/** Size and checksums of a document's stored body (white-box verification of an import). */
		documentDigest: async ({ id }) => {
			const entry = repository().get(id);
			if (!entry) return { missing: true };
			if (!entry.blobId) return { size: 0, noBody: true };
			return await md5Of(lf.emulator.store.pathOf(entry.blobId));
		},
		/** Deletes a document right away (keeps the disk from filling up between runs). */
		removeEntry: async ({ id }) => {
			const repo = repository();
			const entry = repo.get(id);
			if (!entry) return false;
			await repo.delete(entry);
			return true;
		},
		entryIds: ({ parentId }) =>
			repository()
				.childrenOf(parentId)
				.map((e) => e.id),
		stop: async () => {
			await lf.stop();
			return true;
		},
	};
	return { info: commands.info(), commands, stop: () => lf.stop() };
}

async function main() {
	const host =
		service === 'filescom'
			? await startFilesCom()
			: service === 'laserfiche'
				? await startLaserfiche()
				: null;
	if (!host) throw new Error(`unknown service "${service}"`);
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		try {
			await host.stop();
		} finally {
			process.exit(code);
		}
	};
	process.on('SIGTERM', () => stop(0));
	process.on('SIGINT', () => stop(0));
	process.on('disconnect', () => stop(0));
	process.on('message', async ({ id, cmd, args }) => {
		try {
			const command = host.commands[cmd];
			if (!command) throw new Error(`unknown command "${cmd}"`);
			const result = await command(args || {});
			process.send({ id, ok: true, result });
			if (cmd === 'stop') process.exit(0);
		} catch (error) {
			process.send({ id, ok: false, error: error && error.stack ? error.stack : String(error) });
		}
	});
	process.send({ type: 'ready', info: host.info });
}

main().catch((error) => {
	process.stderr.write(
		`emulator host (${service}) failed: ${error && error.stack ? error.stack : error}\n`,
	);
	process.exit(1);
});
