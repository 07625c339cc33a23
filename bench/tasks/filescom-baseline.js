'use strict';
/**
 * Baselines for Files.com, against the same emulator:
 * - upload: the official Files.com JavaScript SDK (npm `files.com`), `File.uploadFile(path, localFile)`;
 * - download: a plain streamed HTTP GET of the file's `download_uri` into a file on disk;
 * - get: a raw keep-alive HTTP loop of `GET /file_actions/metadata/{path}` (the request our node sends);
 * - list: a raw cursor loop of `GET /folders/{path}?per_page=1000&cursor=…` (the page size our node uses).
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { performance } = require('node:perf_hooks');

const { digestFile, requestJson } = require('../lib/util');

const API = '/api/rest/v1';
const PER_PAGE = 1000;
const seededName = (prefix, i) => `${prefix}${String(i).padStart(6, '0')}.txt`;
const encodePath = (p) => p.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');

function sdk(p) {
	const Files = require('files.com/lib/Files.js').default;
	const File = require('files.com/lib/models/File.js').default;
	Files.setBaseUrl(p.baseUrl);
	Files.setApiKey(p.apiKey);
	Files.configureNetwork({ maxNetworkRetries: 0, networkTimeout: 600 });
	return { Files, File };
}

async function fileInfo(p, filePath, agent) {
	return (
		await requestJson(`${p.baseUrl}${API}/files/${encodePath(filePath)}`, {
			headers: { 'X-FilesAPI-Key': p.apiKey },
			agent,
		})
	).json;
}

/** GETs a download_uri and streams the body into `target`. */
function streamTo(url, target, agent) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent }, (res) => {
				if (res.statusCode !== 200) {
					res.resume();
					reject(new Error(`download answered HTTP ${res.statusCode}`));
					return;
				}
				pipeline(res, fs.createWriteStream(target)).then(resolve, reject);
			})
			.on('error', reject);
	});
}

async function getLoop(p, agent, count) {
	const paths = [];
	for (let i = 1; i <= count; i++) {
		const filePath = `${p.folder}/${seededName(p.prefix, i)}`;
		const response = await requestJson(
			`${p.baseUrl}${API}/file_actions/metadata/${encodePath(filePath)}`,
			{
				headers: { 'X-FilesAPI-Key': p.apiKey },
				agent,
			},
		);
		paths.push(response.json.path);
	}
	return paths;
}

async function listLoop(p, agent, folder) {
	const entries = [];
	let cursor;
	for (let page = 0; page < 100000; page++) {
		const qs = new URLSearchParams({ per_page: String(PER_PAGE) });
		if (cursor) qs.set('cursor', cursor);
		const response = await requestJson(`${p.baseUrl}${API}/folders/${encodePath(folder)}?${qs}`, {
			headers: { 'X-FilesAPI-Key': p.apiKey },
			agent,
		});
		entries.push(...response.json);
		const next = response.headers['x-files-cursor-next'] || response.headers['x-files-cursor'];
		if (!next || next === cursor || response.json.length === 0) break;
		cursor = next;
	}
	return entries;
}

module.exports = {
	upload: {
		async setup(p) {
			const { File } = sdk(p);
			await File.uploadFile(`${p.folder}/${p.warm.name}`, p.warm.source, { mkdir_parents: true });
			return { File };
		},
		async run({ File }, p) {
			const file = await File.uploadFile(`${p.folder}/${p.name}`, p.source, {
				mkdir_parents: true,
			});
			return { info: { size: file.size, path: file.path } };
		},
		async verify(_ctx, p, out) {
			const ok = Number(out.info.size) === p.size;
			return { ok, detail: `SDK returned size ${out.info.size}` };
		},
	},
	download: {
		async setup(p) {
			const agent = new http.Agent({ keepAlive: true });
			const target = path.join(
				fs.mkdtempSync(path.join(os.tmpdir(), 'bench-download-')),
				'download.bin',
			);
			const warm = await fileInfo(p, p.warm.path, agent);
			await streamTo(warm.download_uri, target, agent);
			return { agent, target };
		},
		async run({ agent, target }, p) {
			// The download_uri comes first (not timed): the figure is the GET of the URI itself.
			const info = await fileInfo(p, p.path, agent);
			const started = performance.now();
			await streamTo(info.download_uri, target, agent);
			return { ms: performance.now() - started };
		},
		async verify({ target }, p) {
			const digest = await digestFile(target);
			fs.rmSync(path.dirname(target), { recursive: true, force: true });
			const ok = digest.size === p.size && digest.md5 === p.md5;
			return { ok, detail: `file ${digest.size} bytes, md5 ${digest.md5}` };
		},
	},
	get: {
		async setup(p) {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			await getLoop(p, agent, 20);
			return { agent };
		},
		async run({ agent }, p) {
			return { paths: await getLoop(p, agent, p.count) };
		},
		async verify(_ctx, p, out) {
			const wrong = out.paths.filter(
				(got, i) => got !== `${p.folder.replace(/^\//, '')}/${seededName(p.prefix, i + 1)}`,
			);
			const ok = out.paths.length === p.count && wrong.length === 0;
			return { ok, detail: `${out.paths.length} answers, ${wrong.length} with an unexpected path` };
		},
	},
	list: {
		async setup(p) {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			await listLoop(p, agent, p.warmFolder);
			return { agent };
		},
		async run({ agent }, p) {
			return { entries: await listLoop(p, agent, p.folder) };
		},
		async verify(_ctx, p, out) {
			const unique = new Set(out.entries.map((e) => e.path)).size;
			const ok = out.entries.length === p.count && unique === p.count;
			return { ok, detail: `${out.entries.length} entries, ${unique} distinct paths` };
		},
	},
};
