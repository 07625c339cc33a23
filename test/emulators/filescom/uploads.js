'use strict';
/**
 * Uploads, the way Files.com does them:
 *  1. `POST /file_actions/begin_upload/{path}` (or the older `POST /files/{path}` with `action=put`,
 *     which the JS SDK uses) opens an upload with a `ref` and answers FileUploadPart objects, each with
 *     an `upload_uri` that expires after 15 minutes; `ref` + `part` (or `parts`) asks for more parts.
 *  2. The client PUTs each part's bytes to its `upload_uri` without Files.com headers, with a
 *     Content-Length (S3 rejects chunked bodies: 411 MissingContentLength), and gets a quoted MD5 ETag.
 *  3. `POST /files/{path}` with `action=end`, the `ref` and optional `etags` completes the file:
 *     201 for a new file, 200 when it replaced an existing one (as the recordings show).
 * Every byte is streamed to disk: parts into <dataDir>/uploads/<ref>/<n>, then concatenated into a blob.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { pipeline } = require('node:stream/promises');
const { Transform } = require('node:stream');
const paths = require('./paths');
const { apiError, errors } = require('./errors');
const { fileEntity, isoSeconds } = require('./storage');
const { toBoolean, toInteger } = require('./request');
const { parseProvidedMtime } = require('./folders');
const { Completions } = require('./completions');
const { announcedPartFields, partUrlTtlMs, missingSignedHeader } = require('./part-options');

const AVAILABLE_PARTS = 10000;
const PART_URL_TTL_MS = 15 * 60 * 1000;
const S3_MIN_PART = 5 * 1024 * 1024;

/** Computes md5/sha1/sha256/crc32 of everything that flows through. */
class Hasher extends Transform {
	constructor(all = true) {
		super();
		this.all = all;
		this.md5 = crypto.createHash('md5');
		if (all) {
			this.sha1 = crypto.createHash('sha1');
			this.sha256 = crypto.createHash('sha256');
			this.crc = 0;
		}
		this.bytes = 0;
	}

	_transform(chunk, _enc, cb) {
		this.bytes += chunk.length;
		this.md5.update(chunk);
		if (this.all) {
			this.sha1.update(chunk);
			this.sha256.update(chunk);
			this.crc = zlib.crc32(chunk, this.crc);
		}
		cb(null, chunk);
	}

	result() {
		const out = { size: this.bytes, md5: this.md5.digest('hex') };
		if (this.all) {
			out.sha1 = this.sha1.digest('hex');
			out.sha256 = this.sha256.digest('hex');
			out.crc32 = (this.crc >>> 0).toString(16).padStart(8, '0');
		}
		return out;
	}
}

function s3Error(code, message) {
	const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
	return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${crypto
		.randomBytes(24)
		.toString('base64')}</HostId></Error>`;
}

class Uploads {
	constructor(state) {
		this.state = state;
		this.dir = path.join(state.dataDir, 'uploads');
		fs.mkdirSync(this.dir, { recursive: true });
		this.sessions = new Map();
		this.partTokens = new Map();
		this.nextRef = 4067895067;
		// A completed ref used again (option reusedRef): see completions.js.
		this.completions = new Completions(state, this);
	}

	reset() {
		for (const session of this.sessions.values())
			fs.rm(session.dir, { recursive: true, force: true }, () => {});
		this.sessions.clear();
		this.partTokens.clear();
		this.completions.reset();
	}

	partSize() {
		return this.state.options.partSize;
	}

	/** Checks that a file may be written at `normalized`; returns the existing file node, if any. */
	checkTarget(ctx, normalized, mkdirParents) {
		const { state, auth } = ctx;
		if (normalized === '') throw apiError('bad-request/invalid-path', 'A file path is required');
		// "Maximum of 5000 characters" (the path field of FilePartUpload in the official SDKs' docs, e.g.
		// Files-com/files-sdk-java docs/FilePartUpload.md). The error for a longer path is in no recording: the
		// catalogue's bad-request/invalid-path is this emulator's choice. Option maxPathLength.
		if (normalized.length > (state.options.maxPathLength ?? 5000)) {
			throw apiError(
				'bad-request/invalid-path',
				`The path is longer than ${state.options.maxPathLength ?? 5000} characters`,
			);
		}
		if (paths.hasTrailingWhitespace(normalized)) {
			throw apiError(
				'bad-request/path-cannot-have-trailing-whitespace',
				'Path cannot have trailing whitespace',
			);
		}
		const access = state.accounts.access(auth, normalized);
		if (access === 'none') throw errors.pathNotFound();
		if (access === 'ancestor') throw errors.writePermissionRequired();
		const existing = state.tree.lookup(normalized);
		if (existing && existing.type === 'directory') throw errors.destinationExists();
		if (!existing) {
			let parentPath = paths.parentOf(normalized);
			let parent = state.tree.lookup(parentPath);
			// Walk up to the nearest existing ancestor: it must be a folder.
			while (!parent && parentPath !== '') {
				parentPath = paths.parentOf(parentPath);
				parent = state.tree.lookup(parentPath);
			}
			if (parent && parent.type !== 'directory') {
				throw apiError('bad-request/folder-must-not-be-a-file', 'A parent of this path is a file');
			}
			if (!state.tree.lookup(paths.parentOf(normalized)) && !mkdirParents)
				throw errors.destinationParentMissing();
		}
		return existing;
	}

	openSession(ctx, normalized, params) {
		const mkdirParents = toBoolean(params.mkdir_parents);
		this.checkTarget(ctx, normalized, mkdirParents);
		const ref = `put-${this.nextRef++}`;
		const session = {
			ref,
			path: normalized,
			key: paths.comparisonKey(normalized),
			dir: path.join(this.dir, ref),
			parts: new Map(),
			mkdirParents,
			withRename: toBoolean(params.with_rename),
			providedMtime: parseProvidedMtime(params.provided_mtime),
			actor: this.state.actorOf(ctx.auth),
			authKeyId: ctx.auth.key.id,
			createdAt: this.state.now(),
		};
		fs.mkdirSync(session.dir, { recursive: true });
		this.sessions.set(ref, session);
		return session;
	}

	sessionFor(ctx, ref, normalized) {
		const session = this.sessions.get(String(ref));
		if (!session || session.authKeyId !== ctx.auth.key.id) {
			throw apiError('not-found/file-upload-not-found', 'File Upload Not Found');
		}
		if (normalized !== undefined && paths.comparisonKey(normalized) !== session.key) {
			throw apiError('bad-request/request-params-invalid', 'The ref does not belong to this path');
		}
		return session;
	}

	/** One FileUploadPart object (field order as observed). */
	partDescriptor(session, partNumber, { legacy = false } = {}) {
		if (partNumber > AVAILABLE_PARTS) {
			throw apiError(
				'bad-request/part-number-too-large',
				`Part number must be at most ${AVAILABLE_PARTS}`,
			);
		}
		const now = this.state.now();
		const token = crypto.randomBytes(18).toString('hex');
		const expiresAt = now + partUrlTtlMs(this.state.options);
		this.partTokens.set(token, { ref: session.ref, partNumber, expiresAt });
		const partSize = this.partSize();
		const descriptor = {
			send: { partsize: 'required-header Content-Length', partdata: 'body' },
			action: 'put/write',
			ask_about_overwrites: false,
			available_parts: AVAILABLE_PARTS,
			expires: isoSeconds(expiresAt),
			headers: {},
			http_method: 'PUT',
			next_partsize: Math.round(partSize * 1.2),
			parallel_parts: true,
			retry_parts: true,
			parameters: {},
			// Options parallelParts, retryParts, partHeaders, partParameters (part-options.js).
			...announcedPartFields(this.state.options),
			part_number: partNumber,
			partsize: partSize,
		};
		if (legacy) descriptor.path = session.path;
		descriptor.ref = session.ref;
		descriptor.upload_uri = `${this.state.filesBaseUrl()}/__files/upload/${token}?partNumber=${partNumber}&uploadId=${session.ref}`;
		return descriptor;
	}

	/** `POST /file_actions/begin_upload/{path}` */
	beginUpload(ctx) {
		const { params } = ctx;
		const normalized = ctx.pathParam;
		let session;
		let first = 1;
		if (params.ref) {
			session = this.sessionFor(ctx, params.ref, normalized);
			first = toInteger(params.part) || 1;
		} else {
			session = this.openSession(ctx, normalized, params);
			first = toInteger(params.part) || 1;
		}
		if (Number.isNaN(first) || first < 1)
			throw apiError('bad-request/request-params-invalid', 'part must be >= 1');
		let count = toInteger(params.parts);
		if (count === undefined || Number.isNaN(count) || count < 1) count = 1;
		count = Math.min(count, AVAILABLE_PARTS - first + 1);
		const body = [];
		for (let i = 0; i < count; i++) body.push(this.partDescriptor(session, first + i));
		return { status: 200, body };
	}

	/** Legacy `POST /files/{path}` with `action=put`: a single FileUploadPart object. */
	legacyPut(ctx) {
		const { params } = ctx;
		const normalized = ctx.pathParam;
		const session = params.ref
			? this.sessionFor(ctx, params.ref, normalized)
			: this.openSession(ctx, normalized, params);
		const part = toInteger(params.part) || 1;
		if (Number.isNaN(part) || part < 1)
			throw apiError('bad-request/request-params-invalid', 'part must be >= 1');
		// The Swagger documents 201 for every POST /files/{path}; the JS SDK reads only the body.
		return { status: 201, body: this.partDescriptor(session, part, { legacy: true }) };
	}

	/** `PUT <upload_uri>`: streams one part to disk and answers its ETag (like S3). */
	async receivePart(req, res, token, log) {
		const send = (status, body, headers = {}) => {
			res.writeHead(status, {
				'Content-Type': 'application/xml',
				'Content-Length': Buffer.byteLength(body),
				Server: 'AmazonS3',
				'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
				...headers,
			});
			res.end(body);
			log.status = status;
		};
		const drainThen = (fn) => {
			if (req.complete) return fn();
			req.resume();
			req.on('end', fn);
			req.on('close', () => {
				if (!res.headersSent && !res.destroyed) fn();
			});
		};
		const entry = this.partTokens.get(token);
		if (req.method !== 'PUT')
			return drainThen(() =>
				send(
					405,
					s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.'),
				),
			);
		if (!entry) return drainThen(() => send(403, s3Error('AccessDenied', 'Access Denied')));
		if (entry.expiresAt <= this.state.now())
			return drainThen(() => send(403, s3Error('AccessDenied', 'Request has expired')));
		const session = this.sessions.get(entry.ref);
		if (!session)
			return drainThen(() =>
				send(404, s3Error('NoSuchUpload', 'The specified upload does not exist.')),
			);
		const unsigned = missingSignedHeader(req, this.state.options);
		if (unsigned) {
			return drainThen(() =>
				send(
					403,
					s3Error(
						'SignatureDoesNotMatch',
						`The request signature we calculated does not match the signature you provided (header ${unsigned}).`,
					),
				),
			);
		}
		if (req.headers['content-length'] === undefined) {
			return drainThen(() =>
				send(
					411,
					s3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.'),
				),
			);
		}
		const fault = this.state.faults.take({
			method: 'PUT',
			url: req.url,
			kinds: ['failPart'],
			partNumber: entry.partNumber,
		});
		if (fault) {
			return drainThen(() =>
				send(
					fault.status,
					s3Error('InternalError', 'We encountered an internal error. Please try again.'),
				),
			);
		}
		const file = path.join(session.dir, String(entry.partNumber));
		const tmp = `${file}.${crypto.randomBytes(4).toString('hex')}.tmp`;
		const hasher = new Hasher(false);
		try {
			await pipeline(req, hasher, fs.createWriteStream(tmp));
		} catch (err) {
			fs.rm(tmp, { force: true }, () => {});
			log.status = 0;
			log.error = `part upload aborted: ${err.message}`;
			if (!res.headersSent && !res.destroyed) res.destroy();
			return undefined;
		}
		const expected = Number(req.headers['content-length']);
		const { size, md5 } = hasher.result();
		if (size !== expected) {
			fs.rm(tmp, { force: true }, () => {});
			return send(
				400,
				s3Error(
					'IncompleteBody',
					'You did not provide the number of bytes specified by the Content-Length HTTP header',
				),
			);
		}
		if (!this.sessions.has(session.ref)) {
			fs.rm(tmp, { force: true }, () => {});
			return send(404, s3Error('NoSuchUpload', 'The specified upload does not exist.'));
		}
		await fs.promises.rename(tmp, file);
		session.parts.set(entry.partNumber, { file, size, md5 });
		log.body = { bytes: size };
		res.writeHead(200, {
			'Content-Length': 0,
			ETag: `"${md5}"`,
			Server: 'AmazonS3',
			'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
			'x-amz-server-side-encryption': 'AES256',
		});
		res.end();
		log.status = 200;
		return undefined;
	}

	/** `POST /files/{path}` with `action=end`. */
	async endUpload(ctx) {
		const { state, params } = ctx;
		const normalized = ctx.pathParam;
		if (!params.ref) throw errors.requiredParam('ref');
		if (!this.sessions.has(String(params.ref))) {
			const repeated = this.completions.repeat(ctx, params.ref, normalized);
			if (repeated) return repeated;
		}
		const session = this.sessionFor(ctx, params.ref, normalized);
		const providedMtime =
			params.provided_mtime !== undefined
				? parseProvidedMtime(params.provided_mtime)
				: session.providedMtime;
		const numbers = Array.from(session.parts.keys()).sort((a, b) => a - b);
		numbers.forEach((n, i) => {
			if (n !== i + 1)
				throw apiError('bad-request/invalid-upload-part-gap', `Part ${i + 1} was not uploaded`);
		});
		const minPart = Math.min(S3_MIN_PART, this.partSize());
		numbers.slice(0, -1).forEach((n) => {
			if (session.parts.get(n).size < minPart) {
				throw apiError(
					'bad-request/invalid-upload-part-size',
					`Part ${n} is ${session.parts.get(n).size} bytes; every part but the last must be at least ${minPart} bytes`,
				);
			}
		});
		if (params.etags !== undefined && params.etags !== null && params.etags !== '') {
			const list = Array.isArray(params.etags) ? params.etags : Object.values(params.etags);
			for (const item of list) {
				const part = toInteger(item && item.part);
				const etag = String((item && item.etag) || '').replace(/"/g, '');
				const uploaded = session.parts.get(part);
				if (!uploaded || uploaded.md5 !== etag) {
					throw apiError(
						'bad-request/invalid-etags',
						`The etag for part ${item && item.part} does not match the uploaded part`,
					);
				}
			}
		}
		// Re-check the target now: it may have changed since begin_upload.
		const mkdirParents = session.mkdirParents || toBoolean(params.mkdir_parents);
		let existing = this.checkTarget(ctx, session.path, mkdirParents);
		let targetPath = session.path;
		if (existing && (session.withRename || toBoolean(params.with_rename))) {
			targetPath = this.renamedPath(session.path);
			existing = null;
		}
		const blob = await this.assemble(session, numbers);
		// The target may have changed while the parts were being assembled.
		const parentPath = paths.parentOf(targetPath);
		let parent = state.tree.lookup(parentPath);
		if (!parent) {
			const made = state.tree.mkdirp(parentPath, session.actor);
			if (!made.node) {
				state.tree.blobs.retain(blob);
				state.tree.blobs.release(blob);
				throw apiError('bad-request/folder-must-not-be-a-file', 'A parent of this path is a file');
			}
			parent = made.node;
		}
		state.tree.blobs.retain(blob);
		const current = parent.children.get(paths.segmentKey(paths.baseName(targetPath)));
		if (current && current.type === 'directory') {
			state.tree.blobs.release(blob);
			throw errors.destinationExists();
		}
		const { node, replaced } = state.tree.putFile(
			parent,
			current ? current.name : paths.baseName(targetPath),
			blob,
			session.actor,
			{
				provided_mtime: providedMtime,
				checksumsVisible: false,
			},
		);
		this.sessions.delete(session.ref);
		this.completions.remember(session, node, replaced ? 200 : 201);
		state.fileEvent(ctx, replaced ? 'update' : 'create', node, state.tree.pathOf(node));
		fs.rm(session.dir, { recursive: true, force: true }, () => {});
		const body = fileEntity(state.tree, node);
		// Checksums are computed "later" by the real service: null in this answer, filled afterwards.
		if (state.options.checksums === 'after-completion')
			setImmediate(() => {
				node.checksumsVisible = true;
			});
		return { status: replaced ? 200 : 201, body };
	}

	renamedPath(normalized) {
		const parent = paths.parentOf(normalized);
		const base = paths.baseName(normalized);
		const dot = base.lastIndexOf('.');
		const stem = dot > 0 ? base.slice(0, dot) : base;
		const ext = dot > 0 ? base.slice(dot) : '';
		for (let i = 1; ; i++) {
			const candidate = `${parent ? `${parent}/` : ''}${stem} (${i})${ext}`;
			if (!this.state.tree.lookup(candidate)) return candidate;
		}
	}

	/** Concatenates the parts into one blob (streamed), computing the file's checksums. */
	async assemble(session, numbers) {
		const blobs = this.state.tree.blobs;
		const target = blobs.newPath();
		const hasher = new Hasher(true);
		const out = fs.createWriteStream(target);
		hasher.pipe(out);
		const done = new Promise((resolve, reject) => {
			out.on('finish', resolve);
			out.on('error', reject);
		});
		for (const n of numbers) {
			await new Promise((resolve, reject) => {
				const input = fs.createReadStream(session.parts.get(n).file);
				input.on('error', reject);
				input.on('end', resolve);
				input.pipe(hasher, { end: false });
			});
			// Free the disk space as we go: a 2 GiB upload must not need 4 GiB of temporary space.
			fs.rm(session.parts.get(n).file, { force: true }, () => {});
		}
		hasher.end();
		await done;
		return blobs.register(target, hasher.result());
	}
}

module.exports = { Uploads, Hasher, s3Error, PART_URL_TTL_MS };
