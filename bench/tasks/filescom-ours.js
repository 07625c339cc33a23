'use strict';
/**
 * "Ours" for Files.com: the Files.com node (built package, real n8n-core execution, binary data in
 * filesystem mode) against the emulator. Each export is one benchmark action (see bench/lib/worker.js).
 */
const { runOurNode, binaryStream } = require('../lib/ours');
const { digestOf } = require('../lib/util');

const credentials = (p) => ({
	credentialType: 'filesComApi',
	credentialData: { apiKey: p.apiKey, siteUrl: p.baseUrl },
});
const byPath = (value) => ({ __rl: true, mode: 'path', value });
const seededName = (prefix, i) => `${prefix}${String(i).padStart(6, '0')}.txt`;

async function upload(p, source, folder, fileName, window) {
	return await runOurNode({
		window,
		type: 'filesCom',
		...credentials(p),
		parameters: {
			resource: 'file',
			operation: 'upload',
			path: byPath(folder),
			binaryPropertyName: 'data',
			// The node's defaults (what users get); BENCH_NODE_OPTIONS adds options for experiments.
			options: { fileName, ...JSON.parse(process.env.BENCH_NODE_OPTIONS || '{}') },
		},
		input: [
			{
				json: {},
				binary: { data: { path: source, fileName, mimeType: 'application/octet-stream' } },
			},
		],
	});
}

async function download(p, path, window) {
	return await runOurNode({
		window,
		type: 'filesCom',
		...credentials(p),
		parameters: { resource: 'file', operation: 'download', path, binaryPropertyName: 'data' },
		input: [{ json: {} }],
	});
}

async function getMany(p, folder, prefix, count, window) {
	const input = [];
	for (let i = 1; i <= count; i++)
		input.push({ json: { path: `${folder}/${seededName(prefix, i)}` } });
	return await runOurNode({
		window,
		type: 'filesCom',
		...credentials(p),
		parameters: { resource: 'file', operation: 'get', path: '={{ $json.path }}' },
		input,
	});
}

async function list(p, folder, window) {
	return await runOurNode({
		window,
		type: 'filesCom',
		...credentials(p),
		parameters: {
			resource: 'folder',
			operation: 'list',
			path: byPath(folder),
			returnAll: true,
			recursive: false,
		},
		input: [{ json: {} }],
	});
}

module.exports = {
	upload: {
		async setup(p) {
			await upload(p, p.warm.source, p.folder, p.warm.name);
			return {};
		},
		async run(_ctx, p, window) {
			const { items, ms } = await upload(p, p.source, p.folder, p.name, window);
			return { ms, value: items.map((i) => i.json) };
		},
		async verify(_ctx, p, out) {
			const file = out.value[0] || {};
			const ok = out.value.length === 1 && Number(file.size) === p.size;
			return {
				ok,
				detail: ok
					? `node returned size ${file.size}`
					: `node returned ${JSON.stringify(out.value).slice(0, 300)}`,
			};
		},
	},
	download: {
		async setup(p) {
			await download(p, p.warm.path);
			return {};
		},
		async run(_ctx, p, window) {
			const { items, ms } = await download(p, p.path, window);
			return { ms, value: items };
		},
		async verify(_ctx, p, out) {
			const item = out.value[0];
			if (!item?.binary?.data) return { ok: false, detail: 'no binary "data" on the output item' };
			const digest = await digestOf(await binaryStream(item, 'data'));
			const ok = digest.size === p.size && digest.md5 === p.md5;
			return {
				ok,
				detail: `binary ${digest.size} bytes, md5 ${digest.md5}${ok ? '' : ` (expected ${p.size} bytes, md5 ${p.md5})`}`,
			};
		},
	},
	get: {
		async setup(p) {
			await getMany(p, p.folder, p.prefix, 20);
			return {};
		},
		async run(_ctx, p, window) {
			const { items, ms } = await getMany(p, p.folder, p.prefix, p.count, window);
			return { ms, value: items.map((i) => i.json.path) };
		},
		async verify(_ctx, p, out) {
			const wrong = out.value.filter(
				(path, i) => path !== `${p.folder.replace(/^\//, '')}/${seededName(p.prefix, i + 1)}`,
			);
			const ok = out.value.length === p.count && wrong.length === 0;
			return {
				ok,
				detail: `${out.value.length} items, ${wrong.length} with an unexpected path${wrong.length ? ` (first: ${wrong[0]})` : ''}`,
			};
		},
	},
	list: {
		async setup(p) {
			await list(p, p.warmFolder);
			return {};
		},
		async run(_ctx, p, window) {
			const { items, ms } = await list(p, p.folder, window);
			return { ms, value: items.map((i) => i.json.path) };
		},
		async verify(_ctx, p, out) {
			const unique = new Set(out.value).size;
			const ok = out.value.length === p.count && unique === p.count;
			return {
				ok,
				detail: `${out.value.length} entries, ${unique} distinct paths (expected ${p.count})`,
			};
		},
	},
};
