'use strict';
/**
 * "Ours" for Laserfiche: the Laserfiche node (built package, real n8n-core execution, binary data in
 * filesystem mode) against the emulator, self-hosted with API v2 (the deployment the official v2 client
 * talks to in the baseline) or Cloud (token figure).
 */
const { runOurNode, binaryStream } = require('../lib/ours');
const { digestOf, requestJson } = require('../lib/util');

const byId = (id) => ({ __rl: true, mode: 'id', value: String(id) });

function connection(p, mode = 'selfHosted') {
	if (mode === 'cloud') {
		return {
			credentialType: 'laserficheCloudApi',
			credentialData: {
				servicePrincipalSecretKey: p.cloud.servicePrincipalKey,
				accessKeySecret: p.cloud.accessKey,
				scope: 'repository.ReadWrite',
				customEndpoints: true,
				tokenUrl: p.cloud.tokenUrl,
				apiBaseUrl: p.cloud.apiBaseUrl,
			},
			modeParameters: { authentication: 'cloud', repositoryId: byId(p.cloud.repositoryId) },
		};
	}
	return {
		credentialType: 'laserficheSelfHostedApi',
		credentialData: {
			baseUrl: p.selfHosted.baseUrl,
			repositoryId: p.selfHosted.repositoryId,
			username: p.selfHosted.username,
			password: p.selfHosted.password,
			apiVersion: 'v2',
		},
		modeParameters: { authentication: 'selfHosted' },
	};
}

async function runLaserfiche(p, parameters, input, mode, window) {
	const { credentialType, credentialData, modeParameters } = connection(p, mode);
	return await runOurNode({
		window,
		type: 'laserfiche',
		credentialType,
		credentialData,
		parameters: { ...modeParameters, ...parameters },
		input: input ?? [{ json: {} }],
	});
}

async function importFile(p, source, name, window) {
	return await runLaserfiche(
		p,
		{
			resource: 'document',
			operation: 'import',
			parentFolder: byId(p.folderId),
			binaryPropertyName: 'data',
			name,
			options: { autoRename: true },
		},
		[
			{
				json: {},
				binary: {
					data: { path: source, fileName: `${name}.bin`, mimeType: 'application/octet-stream' },
				},
			},
		],
		undefined,
		window,
	);
}

async function exportDocument(p, id, window) {
	return await runLaserfiche(
		p,
		{ resource: 'document', operation: 'export', entry: byId(id), binaryPropertyName: 'data' },
		undefined,
		undefined,
		window,
	);
}

async function getEntries(p, count, mode, window) {
	const input = [];
	for (let i = 0; i < count; i++) input.push({ json: { id: p.entryIds[i % p.entryIds.length] } });
	return await runLaserfiche(
		p,
		{
			resource: 'entry',
			operation: 'get',
			entry: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		},
		input,
		mode,
		window,
	);
}

async function tokenRequests(p) {
	const state = (await requestJson(`${p.controlUrl}/__emulator/state`)).json;
	return state.tokenRequests;
}

module.exports = {
	import: {
		async setup(p) {
			await importFile(p, p.warm.source, p.warm.name);
			return {};
		},
		async run(_ctx, p, window) {
			const { items, ms } = await importFile(p, p.source, p.name, window);
			return {
				ms,
				info: {
					entries: items.map((i) => ({
						id: i.json.id,
						name: i.json.name,
						size: i.json.size ?? i.json.electronicDocumentSize,
					})),
				},
			};
		},
		async verify(_ctx, _p, out) {
			const ok = out.info.entries.length === 1 && Number(out.info.entries[0].id) > 0;
			return { ok, detail: `node returned entry ${JSON.stringify(out.info.entries[0])}` };
		},
	},
	export: {
		async setup(p) {
			await exportDocument(p, p.warm.docId);
			return {};
		},
		async run(_ctx, p, window) {
			const { items, ms } = await exportDocument(p, p.docId, window);
			return { ms, items };
		},
		async verify(_ctx, p, out) {
			const item = out.items[0];
			if (!item?.binary?.data) return { ok: false, detail: 'no binary "data" on the output item' };
			const digest = await digestOf(await binaryStream(item, 'data'));
			const ok = digest.size === p.size && digest.md5 === p.md5;
			return {
				ok,
				detail: `binary ${digest.size} bytes, md5 ${digest.md5}${ok ? '' : ` (expected ${p.size} bytes, md5 ${p.md5})`}`,
			};
		},
	},
	token: {
		async setup(p) {
			// Warm-up with the other deployment's credential: the node shares a token request between
			// executions of one process for a few seconds (nodes/Laserfiche/transport/auth/token-cache.ts), so a warm-up
			// with the same credential would hand the measured execution its token (0 requests).
			await getEntries(p, 5, p.mode === 'cloud' ? 'selfHosted' : 'cloud');
			return {};
		},
		async run(_ctx, p, window) {
			const before = await tokenRequests(p);
			const { items, ms } = await getEntries(p, p.count, p.mode, window);
			const after = await tokenRequests(p);
			const key = p.mode === 'cloud' ? 'cloud' : 'selfHosted';
			return { ms, items, info: { tokenRequests: after[key] - before[key], ms } };
		},
		async verify(_ctx, p, out) {
			const wrong = out.items.filter(
				(item, i) => Number(item.json.id) !== Number(p.entryIds[i % p.entryIds.length]),
			);
			const ok = out.items.length === p.count && wrong.length === 0;
			return {
				ok,
				detail: `${p.mode === 'cloud' ? 'Cloud' : 'self-hosted v2'}: ${out.items.length} entries, ${wrong.length} with an unexpected id, ${out.info.tokenRequests} token request(s) in ${Math.round(out.ms)} ms`,
			};
		},
	},
};
