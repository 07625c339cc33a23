'use strict';
/**
 * Reading the real Files.com traffic recorded by the official Go SDK and CLI (go-vcr YAML cassettes in
 * test/contracts/filescom/recordings/) and inferring the state each cassette started from.
 *
 * A cassette records a test against a live site: folders such as `tmp` already existed, files were
 * re-uploaded over older copies (the end of the upload answers 200 instead of 201), and so on. To
 * replay a cassette against the emulator, `inferInitialState()` walks its interactions in order with
 * a model of what exists, and every path whose existence the real service revealed (a 200 listing or
 * metadata, a 422 "destination exists", a 204 delete, a 200 "replaced" upload) while neither the
 * model nor an earlier request of the cassette accounts for it becomes part of the initial state.
 * Contents of such files come from the cassette's own download bodies when it has them.
 *
 * Used by the replay test and by the emulator option `seedRecordingPaths`.
 */
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./paths');
const router = require('./router');
const { parseQueryString } = require('./request');

const RECORDINGS_DIR = path.resolve(__dirname, '..', '..', 'contracts', 'filescom', 'recordings');

function listCassetteFiles(dir = RECORDINGS_DIR) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listCassetteFiles(full));
		else if (/\.ya?ml$/.test(entry.name)) out.push(full);
	}
	return out.sort();
}

function flattenHeaders(headers) {
	const out = {};
	for (const [k, v] of Object.entries(headers || {}))
		out[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
	return out;
}

function tryJson(text) {
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Splits a recorded URL; `kind` is 'api' (Files.com REST), 's3' (upload/download URL) or 'other'. */
function describeUrl(url) {
	const m = /^(https?):\/\/([^/?#]+)([^?#]*)(\?[^#]*)?/.exec(url);
	if (!m) return { kind: 'other', host: '', rawPath: url, search: '' };
	const host = m[2].toLowerCase();
	const rawPath = m[3] || '/';
	const search = m[4] || '';
	let kind = 'other';
	if (
		(host === 'app.files.com' || host.endsWith('.files.com')) &&
		rawPath.startsWith(router.API_PREFIX)
	)
		kind = 'api';
	else if (host === 's3.amazonaws.com' || host.endsWith('.amazonaws.com')) kind = 's3';
	return { kind, host, rawPath, search };
}

function loadCassette(file) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const yaml = require('js-yaml');
	const doc = yaml.load(fs.readFileSync(file, 'utf8')) || {};
	const interactions = (doc.interactions || []).map((it, index) => {
		const req = it.request || {};
		const res = it.response || {};
		const where = describeUrl(String(req.url || ''));
		const requestBody = typeof req.body === 'string' ? req.body : '';
		const responseBody = typeof res.body === 'string' ? res.body : '';
		const interaction = {
			index,
			method: String(req.method || 'GET').toUpperCase(),
			url: String(req.url || ''),
			...where,
			requestHeaders: flattenHeaders(req.headers),
			requestBody,
			status: Number(res.code),
			responseHeaders: flattenHeaders(res.headers),
			responseBody,
			responseJson: tryJson(responseBody),
		};
		if (where.kind === 'api') {
			const below = where.rawPath.slice(router.API_PREFIX.length);
			const route = router.match(interaction.method, below);
			interaction.route = route && !route.methodNotAllowed ? route : undefined;
			const json = tryJson(requestBody);
			interaction.params = {
				...parseQueryString(where.search.slice(1)),
				...(json && typeof json === 'object' && !Array.isArray(json)
					? json
					: parseQueryString(requestBody)),
			};
		}
		return interaction;
	});
	return { file, name: path.relative(RECORDINGS_DIR, file), interactions };
}

function loadAllCassettes(dir = RECORDINGS_DIR) {
	return listCassetteFiles(dir).map(loadCassette);
}

function truthy(v) {
	return v === true || v === 'true' || v === '1' || v === 1;
}

/** A small model of which paths exist, keyed by comparison key. */
class ExistenceModel {
	constructor() {
		this.items = new Map();
	}

	has(p) {
		return p === '' || this.items.has(paths.comparisonKey(p));
	}

	typeOf(p) {
		const item = this.items.get(paths.comparisonKey(p));
		return item ? item.type : undefined;
	}

	add(p, type) {
		const segs = paths.segments(p);
		for (let i = 1; i < segs.length; i++) {
			const dir = segs.slice(0, i).join('/');
			if (!this.has(dir))
				this.items.set(paths.comparisonKey(dir), { type: 'directory', path: dir });
		}
		if (p !== '') this.items.set(paths.comparisonKey(p), { type, path: p });
	}

	remove(p) {
		const key = paths.comparisonKey(p);
		for (const k of Array.from(this.items.keys()))
			if (k === key || k.startsWith(`${key}/`)) this.items.delete(k);
	}
}

/**
 * Infers the state a cassette needs that its own requests do not create: each seed carries `at`, the
 * index of the first interaction that needs it. Most seeds are needed from the start (`tmp` existed
 * before the test ran); a few only later, because the Go SDK runs requests concurrently and the
 * recorded order is not always the order in which the server applied them (a folder created by a
 * request recorded after the listing that shows it). Applying each seed just before the interaction
 * that needs it keeps the earlier requests' view of the site faithful.
 * @returns {{seeds: object[], invalidKeyInteractions: Set<number>}}
 *   seeds: {at, type: 'folder', path} | {at, type: 'file', path, size, content} |
 *          {at, type: 'migration', record} | {at, type: 'user', record}
 */
function inferInitialState(cassette) {
	const model = new ExistenceModel();
	const touched = new Set();
	const seeds = [];
	const seededFiles = new Map();
	const seenMigrations = new Set();
	const seenUsers = new Set();
	const invalidKeyInteractions = new Set();
	const downloadUris = new Map();
	const rewritten = new Set();
	let at = 0;

	const seed = (p, type, size) => {
		if (p === '' || model.has(p) || touched.has(paths.comparisonKey(p))) return;
		const segs = paths.segments(p);
		for (let i = 1; i < segs.length; i++) {
			const dir = segs.slice(0, i).join('/');
			if (!model.has(dir) && !touched.has(paths.comparisonKey(dir))) {
				seeds.push({ at, type: 'folder', path: dir });
				model.add(dir, 'directory');
			}
		}
		if (type === 'directory') {
			seeds.push({ at, type: 'folder', path: p });
		} else {
			const fileSeed = { at, type: 'file', path: p, size: Number(size) || 0, content: null };
			seeds.push(fileSeed);
			seededFiles.set(paths.comparisonKey(p), fileSeed);
		}
		model.add(p, type);
	};
	const create = (p, type) => {
		model.add(p, type);
		touched.add(paths.comparisonKey(p));
	};
	const destroy = (p) => {
		const key = paths.comparisonKey(p);
		for (const [k, item] of model.items)
			if (k === key || k.startsWith(`${key}/`)) touched.add(paths.comparisonKey(item.path));
		model.remove(p);
		touched.add(key);
	};
	const seedUser = (record) => {
		if (!record || !Number.isInteger(record.id) || seenUsers.has(record.id)) return;
		seenUsers.add(record.id);
		seeds.push({ at, type: 'user', record });
	};
	const typeFromEntity = (body) =>
		body && (body.type === 'directory' || body.type === 'file') ? body.type : undefined;

	for (const it of cassette.interactions) {
		at = it.index;
		if (it.kind === 's3') {
			const target = downloadUris.get(it.url);
			if (it.method === 'GET' && target && it.status === 200) {
				const seeded = seededFiles.get(paths.comparisonKey(target));
				if (seeded && seeded.content === null && !rewritten.has(paths.comparisonKey(target)))
					seeded.content = it.responseBody;
			}
			continue;
		}
		if (it.kind !== 'api' || !it.route) continue;
		const op = it.route.operation;
		const p = it.route.pathParam;
		const body = it.responseJson;
		const ok = it.status >= 200 && it.status < 300;
		const errorType =
			body && !Array.isArray(body) && typeof body === 'object' ? body.type : undefined;
		if (errorType === 'not-authenticated/invalid-credentials') {
			invalidKeyInteractions.add(it.index);
			continue;
		}
		switch (op) {
			case 'GET /folders/*':
				if (it.status === 200) {
					seed(p, 'directory');
					for (const entry of Array.isArray(body) ? body : []) {
						if (entry && typeof entry.path === 'string')
							seed(paths.normalize(entry.path), typeFromEntity(entry) || 'file', entry.size);
					}
				}
				break;
			case 'GET /file_actions/metadata/*':
			case 'GET /files/*':
				if (it.status === 200) {
					seed(p, typeFromEntity(body) || 'file', body && body.size);
					if (body && typeof body.download_uri === 'string' && body.download_uri)
						downloadUris.set(body.download_uri, p);
				} else if (errorType === 'bad-request/cannot-download-directory') {
					seed(p, 'directory');
				}
				break;
			case 'PATCH /files/*':
				if (it.status === 200) seed(p, typeFromEntity(body) || 'file', body && body.size);
				break;
			case 'POST /folders/*':
				if (errorType === 'processing-failure/destination-exists') seed(p, 'directory');
				if (it.status === 201) {
					if (!truthy(it.params.mkdir_parents)) seed(paths.parentOf(p), 'directory');
					create(p, 'directory');
				}
				break;
			case 'POST /files/*':
				if (it.params.action === 'end' && ok) {
					if (it.status === 200) seed(p, 'file', body && body.size);
					create(p, 'file');
					rewritten.add(paths.comparisonKey(p));
				}
				break;
			case 'DELETE /files/*':
				if (it.status === 204 || errorType === 'processing-failure/folder-not-empty') {
					const type =
						errorType === 'processing-failure/folder-not-empty' || truthy(it.params.recursive)
							? 'directory'
							: 'file';
					seed(p, model.typeOf(p) || type);
				}
				if (it.status === 204) destroy(p);
				break;
			case 'POST /file_actions/move/*':
			case 'POST /file_actions/copy/*': {
				const dest = paths.normalize(String(it.params.destination || ''));
				if (ok || errorType === 'processing-failure/destination-exists')
					seed(p, model.typeOf(p) || 'file');
				if (errorType === 'processing-failure/destination-exists')
					seed(dest, model.typeOf(p) || 'file');
				if (ok) {
					seed(paths.parentOf(dest), 'directory');
					const type = model.typeOf(p) || 'file';
					if (op.includes('move')) destroy(p);
					create(dest, type);
				}
				break;
			}
			case 'GET /file_migrations/:id':
				if (
					it.status === 200 &&
					body &&
					Number.isInteger(body.id) &&
					!seenMigrations.has(body.id)
				) {
					seenMigrations.add(body.id);
					seeds.push({ at, type: 'migration', record: body });
				}
				break;
			case 'GET /users':
				if (it.status === 200 && Array.isArray(body)) body.forEach(seedUser);
				break;
			case 'GET /users/:id':
				if (it.status === 200) seedUser(body);
				break;
			default:
				break;
		}
	}
	return { seeds, invalidKeyInteractions };
}

/** Applies the seeds with `at <= upTo` that are not applied yet; returns how many are applied in all. */
function applySeeds(state, seeds, { upTo = Infinity, from = 0 } = {}) {
	let i = from;
	for (; i < seeds.length && seeds[i].at <= upTo; i++) {
		const s = seeds[i];
		if (s.type === 'folder') {
			const node = state.tree.lookup(paths.normalize(s.path));
			if (!node) state.makeFolder(s.path);
		} else if (s.type === 'file') {
			const normalized = paths.normalize(s.path);
			const existing = state.tree.lookup(normalized);
			if (existing && existing.type === 'directory') continue;
			if (s.content !== null) {
				state.writeFile(s.path, Buffer.from(s.content, 'utf8'));
			} else {
				const parent = state.makeFolder(paths.parentOf(normalized));
				state.tree.putVirtualFile(parent, paths.baseName(normalized), s.size);
			}
		} else if (s.type === 'migration') {
			const m = s.record;
			if (!state.migrations.items.has(m.id)) {
				// The Go SDK's fixture says "in_progress"; the Swagger's status enum calls that "processing".
				const status = ['pending', 'processing', 'completed', 'failed'].includes(m.status)
					? m.status
					: 'processing';
				state.migrations.seed({
					id: m.id,
					path: m.path,
					dest_path: m.dest_path,
					operation: m.operation,
					status,
				});
			}
		} else if (s.type === 'user') {
			const u = s.record;
			if (!state.accounts.users.has(u.id)) {
				state.accounts.addUser({
					id: u.id,
					username: u.username,
					name: u.name,
					email: u.email,
					company: u.company,
					site_admin: u.site_admin,
				});
			}
		}
	}
	return i;
}

/** Option `seedRecordingPaths`: every folder and file any cassette expects to exist. */
function seedRecordedPaths(state) {
	for (const cassette of loadAllCassettes()) {
		const { seeds } = inferInitialState(cassette);
		for (const s of seeds.filter((x) => x.type === 'folder' || x.type === 'file')) {
			try {
				applySeeds(state, [s]);
			} catch {
				// Two cassettes disagree on a path (a file in one, a folder in another): keep the first.
			}
		}
	}
}

module.exports = {
	RECORDINGS_DIR,
	listCassetteFiles,
	loadCassette,
	loadAllCassettes,
	inferInitialState,
	applySeeds,
	seedRecordedPaths,
	describeUrl,
	tryJson,
};
