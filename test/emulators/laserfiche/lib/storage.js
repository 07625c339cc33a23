'use strict';
/**
 * Document bodies on disk. Every electronic document, uploaded part and export lives in a file
 * under the data directory; request bodies are streamed into files and responses streamed out of
 * them, so memory stays flat whatever the size.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { pipeline } = require('node:stream/promises');

class BlobStore {
	/** @param {string} dir  root data directory (created if missing) */
	constructor(dir) {
		this.dir = dir;
		this.blobDir = path.join(dir, 'blobs');
		this.tmpDir = path.join(dir, 'tmp');
		this.uploadDir = path.join(dir, 'uploads');
		for (const d of [this.blobDir, this.tmpDir, this.uploadDir])
			fs.mkdirSync(d, { recursive: true });
	}

	static async create(dataDir) {
		if (dataDir) {
			await fsp.mkdir(dataDir, { recursive: true });
			return { store: new BlobStore(dataDir), owned: false };
		}
		const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'laserfiche-emulator-'));
		return { store: new BlobStore(dir), owned: true };
	}

	newId() {
		return crypto.randomBytes(12).toString('hex');
	}

	pathOf(blobId) {
		return path.join(this.blobDir, blobId);
	}

	/** A temporary file to stream into; `commit()` turns it into a blob and returns the blob id. */
	tempFile() {
		const tmpPath = path.join(this.tmpDir, this.newId());
		return {
			path: tmpPath,
			commit: async () => {
				const id = this.newId();
				await fsp.rename(tmpPath, this.pathOf(id));
				return id;
			},
			discard: async () => {
				await fsp.rm(tmpPath, { force: true });
			},
		};
	}

	async writeBuffer(buf) {
		const id = this.newId();
		await fsp.writeFile(this.pathOf(id), buf);
		return id;
	}

	writeBufferSync(buf) {
		const id = this.newId();
		fs.writeFileSync(this.pathOf(id), buf);
		return id;
	}

	async copy(blobId) {
		const id = this.newId();
		await fsp.copyFile(this.pathOf(blobId), this.pathOf(id));
		return id;
	}

	async remove(blobId) {
		if (blobId) await fsp.rm(this.pathOf(blobId), { force: true });
	}

	readStream(blobId, range) {
		return fs.createReadStream(
			this.pathOf(blobId),
			range ? { start: range.start, end: range.end } : undefined,
		);
	}

	async readText(blobId, maxBytes = 1024 * 1024) {
		const handle = await fsp.open(this.pathOf(blobId), 'r');
		try {
			const buf = Buffer.alloc(maxBytes);
			const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
			return buf.subarray(0, bytesRead).toString('utf8');
		} finally {
			await handle.close();
		}
	}

	/** Concatenates files into a new blob, streaming. */
	async concat(files) {
		const tmp = this.tempFile();
		const out = fs.createWriteStream(tmp.path);
		try {
			for (const file of files) {
				await pipeline(fs.createReadStream(file), out, { end: false });
			}
		} finally {
			await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
		}
		return tmp.commit();
	}
}

/**
 * Parses a single-range `Range: bytes=…` header for a body of `size` bytes.
 * Returns undefined (no/ignored header), { start, end } or 'unsatisfiable'.
 */
function parseRange(header, size) {
	if (!header) return undefined;
	const m = /^bytes=(\d*)-(\d*)$/i.exec(String(header).trim());
	if (!m || (m[1] === '' && m[2] === '')) return undefined;
	let start;
	let end;
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0) return 'unsatisfiable';
		start = Math.max(0, size - suffix);
		end = size - 1;
	} else {
		start = Number(m[1]);
		end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
		if (m[2] !== '' && Number(m[2]) < start) return undefined;
	}
	if (start >= size) return 'unsatisfiable';
	return { start, end };
}

/** Streams a blob to the response, honouring a Range header (206/416). */
async function sendBlob(
	ctx,
	store,
	blobId,
	{ size, mimeType, fileName, rangeHeader, extraHeaders = {}, cutAfter },
) {
	const res = ctx.res;
	const range = parseRange(rangeHeader, size);
	const headers = {
		'content-type': mimeType || 'application/octet-stream',
		'accept-ranges': 'bytes',
		...extraHeaders,
	};
	if (fileName) headers['content-disposition'] = contentDisposition(fileName);
	if (range === 'unsatisfiable') {
		res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': 0 });
		res.end();
		return;
	}
	if (ctx.req.method === 'HEAD') {
		res.writeHead(200, { ...headers, 'content-length': size });
		res.end();
		return;
	}
	if (range) {
		headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
		headers['content-length'] = range.end - range.start + 1;
		res.writeHead(206, headers);
	} else {
		headers['content-length'] = size;
		res.writeHead(200, headers);
	}
	if (size === 0 || (range && range.end < range.start)) {
		res.end();
		return;
	}
	try {
		if (cutAfter !== undefined) {
			// The whole length was announced; the connection closes after `cutAfter` bytes (export-limits.js).
			const start = range ? range.start : 0;
			await pipeline(store.readStream(blobId, { start, end: start + cutAfter - 1 }), res, {
				end: false,
			});
			res.destroy();
			return;
		}
		await pipeline(store.readStream(blobId, range), res);
	} catch {
		res.destroy();
	}
}

function contentDisposition(fileName) {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

module.exports = { BlobStore, parseRange, sendBlob, contentDisposition };
