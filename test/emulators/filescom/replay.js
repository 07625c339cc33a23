'use strict';
/**
 * Replays the recorded real Files.com traffic against the emulator and compares the answers.
 *
 * For each cassette: the emulator is reset to an empty site, the cassette's inferred initial state is
 * applied (see recordings.js), then every interaction is sent in recorded order. Requests to recorded
 * upload/download URLs are sent to the URLs the emulator itself handed out for the same interaction.
 * Interactions recorded with an invalid key (401 invalid-credentials) are sent with an invalid key.
 *
 * A covered interaction matches when
 *   - the status is the same;
 *   - for JSON bodies, the JSON kind is the same and the field names are the same: every recorded field
 *     is present, and any extra field is one the real API returns for the same kind of object in other
 *     recordings (newer recordings carry more fields, e.g. `created_by_*`; "exact" counts identical sets);
 *     error documents must also have the same `type`; lists must both be empty or both non-empty;
 *   - for upload PUTs, the ETag (MD5 of the part) is the same; for downloads, the bytes are the same;
 *   - the response headers the node and the SDKs read are the same where the recordings have them
 *     (replay-headers.js: cursor headers, Content-Type, x-amz-server-side-encryption, ...); `headersMatch`
 *     says whether they did, and `match` needs it.
 * Interactions outside the emulated surface (sessions, bundles, history, user create/update/delete, the
 * Go SDK's synthetic hosts, ...) are reported as not covered.
 *
 * Run `node test/emulators/filescom/replay.js` for the coverage table.
 */
const recordings = require('./recordings');
const { compareHeaders } = require('./replay-headers');

function entityKind(it, body) {
	if (!body || typeof body !== 'object') return 'scalar';
	if ('http-code' in body && 'error' in body) return 'error';
	const op = it.route ? it.route.operation : '';
	if (op.includes('begin_upload')) return 'upload-part';
	if (op.includes('/users')) return 'user';
	if (op.includes('file_migrations')) return 'migration';
	if (op.includes('/move/') || op.includes('/copy/')) return 'file-action';
	if (op.includes('api_key')) return 'api-key';
	if (body.type === 'directory' || body.type === 'file') return `file:${body.type}`;
	return `other:${op}`;
}

const SWAGGER_ENTITIES = {
	'file:file': 'FileEntity',
	'file:directory': 'FileEntity',
	migration: 'FileMigrationEntity',
	user: 'UserEntity',
	'upload-part': 'FileUploadPartEntity',
	'file-action': 'FileActionEntity',
	'api-key': 'ApiKeyEntity',
};

/**
 * Field names the real API returns for each kind of object: those seen in any recording, plus the
 * properties the official Swagger document lists for that entity.
 */
function buildFieldCatalog(cassettes) {
	const catalog = new Map();
	const add = (kind, obj) => {
		if (!catalog.has(kind)) catalog.set(kind, new Set());
		for (const k of Object.keys(obj)) catalog.get(kind).add(k);
	};
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const swagger = require('../../contracts/filescom/swagger_doc.json');
	for (const [kind, definition] of Object.entries(SWAGGER_ENTITIES))
		add(kind, swagger.definitions[definition].properties);
	for (const cassette of cassettes) {
		for (const it of cassette.interactions) {
			if (it.kind !== 'api' || !it.route) continue;
			const body = it.responseJson;
			if (Array.isArray(body)) {
				for (const el of body) if (el && typeof el === 'object') add(entityKind(it, el), el);
			} else if (body && typeof body === 'object') {
				add(entityKind(it, body), body);
			}
		}
	}
	return catalog;
}

function compareKeys(it, recorded, ours, catalog) {
	const rec = new Set(Object.keys(recorded));
	const got = new Set(Object.keys(ours));
	const missing = [...rec].filter((k) => !got.has(k));
	const extra = [...got].filter((k) => !rec.has(k));
	const known = catalog.get(entityKind(it, recorded)) || new Set();
	const unknownExtra = extra.filter((k) => !known.has(k));
	return {
		ok: missing.length === 0 && unknownExtra.length === 0,
		exact: missing.length === 0 && extra.length === 0,
		missing,
		unknownExtra,
	};
}

function compareJson(it, recorded, ours, catalog) {
	if (
		Array.isArray(recorded) !== Array.isArray(ours) ||
		typeof ours !== 'object' ||
		ours === null
	) {
		return { ok: false, exact: false, detail: 'JSON kind differs' };
	}
	if (Array.isArray(recorded)) {
		if (recorded.length === 0 || ours.length === 0) {
			const ok = recorded.length === ours.length;
			return {
				ok,
				exact: ok,
				detail: ok ? '' : `list has ${ours.length} entries, recorded ${recorded.length}`,
			};
		}
		let exact = true;
		const problems = [];
		// Compare each kind of element (files, folders) with the same kind in the other list.
		const byKind = (list) => {
			const m = new Map();
			for (const el of list) {
				const kind = entityKind(it, el);
				if (!m.has(kind)) m.set(kind, {});
				Object.assign(m.get(kind), el);
			}
			return m;
		};
		const recKinds = byKind(recorded);
		const ourKinds = byKind(ours);
		for (const [kind, recObj] of recKinds) {
			const ourObj = ourKinds.get(kind);
			if (!ourObj) {
				problems.push(`no ${kind} entry in the list`);
				exact = false;
				continue;
			}
			const r = compareKeys(it, recObj, ourObj, catalog);
			if (!r.ok) problems.push(`${kind}: missing [${r.missing}] unknown [${r.unknownExtra}]`);
			exact = exact && r.exact;
		}
		return {
			ok: problems.length === 0,
			exact: exact && problems.length === 0,
			detail: problems.join('; '),
		};
	}
	const r = compareKeys(it, recorded, ours, catalog);
	let detail = r.ok ? '' : `missing [${r.missing}] unknown [${r.unknownExtra}]`;
	let ok = r.ok;
	if ('http-code' in recorded && recorded.type !== ours.type) {
		ok = false;
		detail = `error type ${ours.type}, recorded ${recorded.type}`;
	}
	return { ok, exact: ok && r.exact, detail };
}

async function send(url, { method, headers, body }) {
	const res = await fetch(url, { method, headers, body, redirect: 'manual' });
	const buffer = Buffer.from(await res.arrayBuffer());
	return { status: res.status, headers: res.headers, buffer, text: buffer.toString('utf8') };
}

/**
 * Replays one cassette. `emulator` is a started emulator (its state is reset here).
 * @returns {Promise<object[]>} one result per interaction
 */
async function replayCassette(emulator, cassette, catalog) {
	await emulator.state.reset({ seed: false });
	const initial = recordings.inferInitialState(cassette);
	let applied = 0;
	const uriMap = new Map();
	// The emulator hands out its own upload refs; recorded request bodies name the recorded ones.
	const refMap = new Map();
	const rewriteRefs = (text) => {
		let out = text;
		for (const [recorded, ours] of refMap) out = out.split(recorded).join(ours);
		return out;
	};
	// Likewise for list cursors (recorded URLs carry the real service's cursors).
	const cursorMap = new Map();
	const rewriteCursors = (url) => {
		let out = url;
		for (const [recorded, ours] of cursorMap) {
			out = out
				.split(encodeURIComponent(recorded))
				.join(encodeURIComponent(ours))
				.split(recorded)
				.join(encodeURIComponent(ours));
		}
		return out;
	};
	const results = [];
	for (const it of cassette.interactions) {
		applied = recordings.applySeeds(emulator.state, initial.seeds, {
			upTo: it.index,
			from: applied,
		});
		const result = {
			cassette: cassette.name,
			index: it.index,
			method: it.method,
			target:
				it.kind === 'api' ? `${it.rawPath.slice(12)}` : `${it.host}${it.rawPath.slice(0, 40)}`,
			operation: it.route ? it.route.operation : undefined,
			kind: it.kind,
			recordedStatus: it.status,
			covered: false,
		};
		results.push(result);
		if (it.kind === 'other') {
			result.reason = `host ${it.host} is not Files.com`;
			continue;
		}
		if (it.kind === 'api' && !it.route) {
			result.reason = 'operation outside the emulated surface';
			continue;
		}
		let url;
		const headers = {};
		if (it.kind === 's3') {
			url = uriMap.get(it.url);
			if (!url) {
				result.reason = 'no upload/download URI of this cassette maps to it';
				continue;
			}
		} else {
			url = `${emulator.baseUrl}${it.rawPath}${it.search}`;
			headers['X-FilesAPI-Key'] =
				recordings && it.index !== undefined && initial.invalidKeyInteractions.has(it.index)
					? 'not-a-valid-key'
					: emulator.apiKey;
			if (it.requestHeaders['user-agent']) headers['User-Agent'] = it.requestHeaders['user-agent'];
		}
		if (it.requestHeaders['content-type'])
			headers['Content-Type'] = it.requestHeaders['content-type'];
		const hasBody =
			it.method !== 'GET' && it.method !== 'HEAD' && (it.requestBody !== '' || it.kind === 's3');
		result.covered = true;
		let res;
		let sentBody;
		try {
			sentBody = hasBody
				? it.kind === 'api'
					? rewriteRefs(it.requestBody)
					: it.requestBody
				: undefined;
			if (it.kind === 'api') url = rewriteCursors(rewriteRefs(url));
			res = await send(url, { method: it.method, headers, body: sentBody });
		} catch (err) {
			result.status = 0;
			result.match = false;
			result.detail = `request failed: ${err.message}`;
			continue;
		}
		result.status = res.status;
		if (it.kind === 'api') {
			// Kept so that callers can check the exchange against the Swagger document.
			result.exchange = {
				request: {
					method: it.method,
					url,
					headers,
					body: sentBody === undefined ? undefined : (recordings.tryJson(sentBody) ?? sentBody),
				},
				response: {
					status: res.status,
					headers: Object.fromEntries(res.headers),
					body: recordings.tryJson(res.text) ?? (res.text || undefined),
				},
			};
		}
		for (const h of ['x-files-cursor', 'x-files-cursor-next', 'x-files-cursor-prev']) {
			if (it.responseHeaders[h] && res.headers.get(h))
				cursorMap.set(it.responseHeaders[h], res.headers.get(h));
		}
		const ours = recordings.tryJson(res.text);
		if (it.kind === 'api' && Array.isArray(it.responseJson) && Array.isArray(ours)) {
			it.responseJson.forEach((el, i) => {
				if (el && ours[i] && el.upload_uri && ours[i].upload_uri)
					uriMap.set(el.upload_uri, ours[i].upload_uri);
				if (el && ours[i] && el.ref && ours[i].ref && el.ref !== ours[i].ref)
					refMap.set(el.ref, ours[i].ref);
			});
		}
		if (
			it.kind === 'api' &&
			it.responseJson &&
			ours &&
			it.responseJson.download_uri &&
			ours.download_uri
		) {
			uriMap.set(it.responseJson.download_uri, ours.download_uri);
		}
		let match = res.status === it.status;
		let exact = match;
		let detail = match ? '' : `status ${res.status}, recorded ${it.status}`;
		if (match && it.kind === 'api' && it.responseJson !== undefined) {
			if (ours === undefined) {
				match = false;
				detail = 'no JSON body';
			} else {
				const c = compareJson(it, it.responseJson, ours, catalog);
				match = c.ok;
				exact = c.exact;
				detail = c.detail;
			}
		} else if (match && it.kind === 's3' && it.method === 'PUT' && res.status === 200) {
			const want = it.responseHeaders.etag;
			const got = res.headers.get('etag');
			if (want && want !== got) {
				match = false;
				detail = `ETag ${got}, recorded ${want}`;
			}
		} else if (match && it.kind === 's3' && it.method === 'GET' && res.status === 200) {
			if (res.text !== it.responseBody) {
				match = false;
				detail = `downloaded ${res.buffer.length} bytes that differ from the recorded ${Buffer.byteLength(it.responseBody)}`;
			}
		}
		const headerProblems = res.status === it.status ? compareHeaders(it, res) : [];
		result.headersMatch = headerProblems.length === 0;
		if (match && !result.headersMatch) {
			match = false;
			detail = `headers: ${headerProblems.join('; ')}`;
		}
		result.match = match;
		result.exact = match && exact;
		if (!match && ours && ours.type && !detail.includes(ours.type))
			detail += ` (${ours.type}: ${ours.error})`;
		result.detail = detail;
	}
	return results;
}

async function replayAll(emulator, { cassettes = recordings.loadAllCassettes() } = {}) {
	const catalog = buildFieldCatalog(cassettes);
	const results = [];
	for (const cassette of cassettes)
		results.push(...(await replayCassette(emulator, cassette, catalog)));
	return results;
}

function summarize(results) {
	const byOperation = new Map();
	for (const r of results) {
		const key = r.covered
			? `${r.kind === 's3' ? `${r.method} <${r.method === 'PUT' ? 'upload' : 'download'}_uri>` : r.operation}`
			: `(not covered) ${r.kind === 'api' ? `${r.method} ${r.target.split('/').slice(0, 2).join('/')}` : r.reason}`;
		if (!byOperation.has(key)) byOperation.set(key, { total: 0, match: 0, exact: 0 });
		const row = byOperation.get(key);
		row.total += 1;
		if (r.match) row.match += 1;
		if (r.exact) row.exact += 1;
	}
	const covered = results.filter((r) => r.covered);
	const matched = covered.filter((r) => r.match);
	return {
		total: results.length,
		covered: covered.length,
		matched: matched.length,
		exact: covered.filter((r) => r.exact).length,
		ratio: covered.length ? matched.length / covered.length : 0,
		byOperation,
	};
}

function formatSummary(summary) {
	const lines = [];
	const rows = [...summary.byOperation.entries()].sort((a, b) => a[0].localeCompare(b[0]));
	const width = Math.max(...rows.map(([k]) => k.length), 10);
	lines.push(`${'operation'.padEnd(width)}  total  match  exact`);
	for (const [k, v] of rows)
		lines.push(
			`${k.padEnd(width)}  ${String(v.total).padStart(5)}  ${String(v.match).padStart(5)}  ${String(v.exact).padStart(5)}`,
		);
	lines.push(
		`recorded interactions: ${summary.total}; covered: ${summary.covered}; matching: ${summary.matched} ` +
			`(${(summary.ratio * 100).toFixed(1)}%); identical field sets: ${summary.exact}`,
	);
	return lines.join('\n');
}

module.exports = {
	replayAll,
	replayCassette,
	buildFieldCatalog,
	summarize,
	formatSummary,
	compareJson,
};

if (require.main === module) {
	(async () => {
		const { startFilesComEmulator } = require('./index');
		const emulator = await startFilesComEmulator({
			seed: false,
			log: (m) => process.stderr.write(`${m}\n`),
		});
		try {
			const results = await replayAll(emulator);
			const summary = summarize(results);
			console.log(formatSummary(summary));
			if (process.argv.includes('--mismatches')) {
				for (const r of results.filter((x) => x.covered && !x.match)) {
					console.log(`MISMATCH ${r.cassette}#${r.index} ${r.method} ${r.target} -> ${r.detail}`);
				}
			}
		} finally {
			await emulator.stop();
		}
	})().catch((err) => {
		console.error(err);
		process.exit(1);
	});
}
