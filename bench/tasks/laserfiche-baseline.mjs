/**
 * Baselines for Laserfiche: the official client (@laserfiche/lf-repository-api-client-v2, self-hosted
 * with username and password, API v2) doing the same work against the same emulator.
 * - import: CreateMultipartUploadUrls (batches of up to 100 URLs), each 5 MiB part PUT to its URL in
 *   order (the client has no part-upload helper; parts are read from disk one at a time and sent with
 *   fetch), ImportUploadedParts, then the task polled with listTasks until it ends, as Laserfiche
 *   documents the chunked import;
 * - export: exportEntry (part Edoc) for the download link, then fetch of the link streamed to a file;
 * - token: getEntry for each item with one client, counting token requests at the emulator.
 * Needs `node --import ./bench/lib/esm-resolver.mjs` (see there).
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';

import { RepositoryApiClient } from '@laserfiche/lf-repository-api-client-v2';

const require = createRequire(import.meta.url);
const { digestFile, requestJson } = require('../lib/util.js');

const PART_BYTES = 5 * 1024 * 1024;
const URLS_PER_REQUEST = 100;

function clientFor(p) {
	return RepositoryApiClient.createFromUsernamePassword(
		p.selfHosted.repositoryId,
		p.selfHosted.username,
		p.selfHosted.password,
		p.selfHosted.baseUrl,
	);
}

async function waitForTask(client, repositoryId, taskId) {
	for (let i = 0; i < 600; i++) {
		const answer = await client.tasksClient.listTasks({ repositoryId, taskIds: [taskId] });
		const task = answer.value[0];
		if (task && ['Completed', 'Failed', 'Cancelled'].includes(task.status)) return task;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error(`task ${taskId} did not end`);
}

async function importInParts(client, p, source, size, name) {
	const repositoryId = p.selfHosted.repositoryId;
	const entries = client.entriesClient;
	const partCount = Math.max(1, Math.ceil(size / PART_BYTES));
	const etags = [];
	let uploadId;
	const handle = await fs.promises.open(source, 'r');
	try {
		for (let first = 1; first <= partCount; first += URLS_PER_REQUEST) {
			const numberOfParts = Math.min(URLS_PER_REQUEST, partCount - first + 1);
			const answer = await entries.createMultipartUploadUrls({
				repositoryId,
				request: {
					uploadId,
					startingPartNumber: first,
					numberOfParts,
					fileName: `${name}.bin`,
					mimeType: 'application/octet-stream',
				},
			});
			uploadId = answer.uploadId;
			for (let i = 0; i < numberOfParts; i++) {
				const partNumber = first + i;
				const offset = (partNumber - 1) * PART_BYTES;
				const length = Math.min(PART_BYTES, size - offset);
				const buffer = Buffer.allocUnsafe(length);
				const { bytesRead } = await handle.read(buffer, 0, length, offset);
				if (bytesRead !== length) throw new Error(`short read of part ${partNumber}`);
				const response = await fetch(answer.urls[i], {
					method: 'PUT',
					body: buffer,
					headers: { 'Content-Type': 'application/octet-stream' },
				});
				if (!response.ok) throw new Error(`part ${partNumber} answered HTTP ${response.status}`);
				await response.arrayBuffer();
				etags.push(response.headers.get('etag'));
			}
		}
	} finally {
		await handle.close();
	}
	const started = await entries.startImportUploadedParts({
		repositoryId,
		entryId: p.folderId,
		request: {
			uploadId,
			partETags: etags,
			name,
			autoRename: true,
			importAsElectronicDocument: true,
		},
	});
	const task = await waitForTask(client, repositoryId, started.taskId);
	if (task.status !== 'Completed')
		throw new Error(`import task ended ${task.status}: ${JSON.stringify(task.errors ?? task)}`);
	return await entries.getEntry({ repositoryId, entryId: task.result.entryId });
}

async function exportTo(client, p, entryId, target) {
	const answer = await client.entriesClient.exportEntry({
		repositoryId: p.selfHosted.repositoryId,
		entryId,
		request: { part: 'Edoc' },
	});
	const response = await fetch(answer.value);
	if (!response.ok) throw new Error(`export link answered HTTP ${response.status}`);
	await pipeline(Readable.fromWeb(response.body), fs.createWriteStream(target));
}

async function tokenRequests(p) {
	return (await requestJson(`${p.controlUrl}/__emulator/state`)).json.tokenRequests.selfHosted;
}

export const importAction = {
	async setup(p) {
		const client = clientFor(p);
		await importInParts(client, p, p.warm.source, p.warm.size, p.warm.name);
		return { client };
	},
	async run({ client }, p) {
		const entry = await importInParts(client, p, p.source, p.size, p.name);
		return { info: { entries: [{ id: entry.id, name: entry.name, size: entry.size }] } };
	},
	async verify(_ctx, _p, out) {
		const ok = Number(out.info.entries[0]?.id) > 0;
		return { ok, detail: `client returned entry ${JSON.stringify(out.info.entries[0])}` };
	},
};

export const exportAction = {
	async setup(p) {
		const client = clientFor(p);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lf-export-'));
		const target = path.join(dir, 'export.bin');
		await exportTo(client, p, p.warm.docId, target);
		return { client, target, dir };
	},
	async run({ client, target }, p) {
		await exportTo(client, p, p.docId, target);
		return {};
	},
	async verify({ target, dir }, p) {
		const digest = await digestFile(target);
		fs.rmSync(dir, { recursive: true, force: true });
		const ok = digest.size === p.size && digest.md5 === p.md5;
		return { ok, detail: `file ${digest.size} bytes, md5 ${digest.md5}` };
	},
};

export const token = {
	async setup(p) {
		// The client library is loaded and warmed with a throwaway client; the measured client is new.
		const warm = clientFor(p);
		await warm.entriesClient.getEntry({
			repositoryId: p.selfHosted.repositoryId,
			entryId: p.entryIds[0],
		});
		return {};
	},
	async run(_ctx, p) {
		const client = clientFor(p);
		const before = await tokenRequests(p);
		const started = performance.now();
		const ids = [];
		for (let i = 0; i < p.count; i++) {
			const entry = await client.entriesClient.getEntry({
				repositoryId: p.selfHosted.repositoryId,
				entryId: p.entryIds[i % p.entryIds.length],
			});
			ids.push(entry.id);
		}
		const ms = performance.now() - started;
		const after = await tokenRequests(p);
		return { ms, ids, info: { tokenRequests: after - before, ms } };
	},
	async verify(_ctx, p, out) {
		const wrong = out.ids.filter(
			(id, i) => Number(id) !== Number(p.entryIds[i % p.entryIds.length]),
		);
		const ok = out.ids.length === p.count && wrong.length === 0;
		return {
			ok,
			detail: `official client, self-hosted v2: ${out.ids.length} entries, ${wrong.length} unexpected, ${out.info.tokenRequests} token request(s) in ${Math.round(out.ms)} ms`,
		};
	},
};

// The worker looks actions up by name; `import` and `export` are reserved words for ES module bindings.
export { importAction as import, exportAction as export };
