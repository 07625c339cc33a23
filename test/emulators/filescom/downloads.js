'use strict';
/**
 * Downloads: `GET /files/{path}` answers the File object with a `download_uri` that expires after
 * `downloadUriTtlSeconds` (60 s, like the real presigned S3 URLs). The URI is served by the emulator
 * without any authentication, streams the blob from disk, honours `Range`, and answers an expired or
 * unknown URI the way S3 does (403 AccessDenied XML).
 */
const fs = require('node:fs');
const crypto = require('node:crypto');
const { Readable } = require('node:stream');
const { s3Error } = require('./uploads');
const { isoSeconds } = require('./storage');

/**
 * As recorded (every download URL GET in the recordings): a plain printable ASCII name without spaces is sent as
 * `attachment; filename="3.text"` (TestClient_DownloadFolder.yaml and 60+ more); a name with a space as
 * `attachment; filename*=UTF-8''i%20am%20at%20the%20root.text` alone (TestClient_DownloadFolder_file_only.yaml).
 * Names with quotes, backslashes or non-ASCII characters are in no recording; they take the `filename*` form.
 */
function contentDisposition(name) {
	if (/^[\x21-\x7e]+$/.test(name) && !/["\\]/.test(name)) return `attachment; filename="${name}"`;
	return `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Content of a virtual file (seeded without a blob): `length` bytes of "x". */
function fillerStream(length) {
	const chunk = Buffer.alloc(64 * 1024, 0x78);
	let left = length;
	return Readable.from(
		(function* generate() {
			while (left > 0) {
				const n = Math.min(left, chunk.length);
				left -= n;
				yield n === chunk.length ? chunk : chunk.subarray(0, n);
			}
		})(),
	);
}

class Downloads {
	constructor(state) {
		this.state = state;
		this.tokens = new Map();
	}

	reset() {
		for (const entry of this.tokens.values()) this.state.tree.blobs.release(entry.blob);
		this.tokens.clear();
	}

	sweep() {
		const now = this.state.now();
		for (const [token, entry] of this.tokens) {
			// Keep expired entries a little while so their fetches still answer "expired".
			if (entry.expiresAt + 10 * 60 * 1000 < now) {
				this.state.tree.blobs.release(entry.blob);
				this.tokens.delete(token);
			}
		}
	}

	/** Issues a download URI for a file node (the blob version it has now). */
	issue(node) {
		this.sweep();
		const token = crypto.randomBytes(20).toString('hex');
		const now = this.state.now();
		const ttl = this.state.options.downloadUriTtlSeconds * 1000;
		this.tokens.set(token, {
			blob: this.state.tree.blobs.retain(node.blob),
			name: node.name,
			mimeType: node.mime_type,
			size: node.size,
			mtime: node.mtime,
			expiresAt: now + ttl,
		});
		const expiresIso = isoSeconds(now + ttl);
		return `${this.state.filesBaseUrl()}/__files/download/${token}?expires=${encodeURIComponent(expiresIso)}&filename=${encodeURIComponent(node.name)}`;
	}

	/** Serves `GET|HEAD /__files/download/<token>`. */
	serve(req, res, token, log, resetAfterBytes) {
		const sendXml = (status, body) => {
			res.writeHead(status, {
				'Content-Type': 'application/xml',
				'Content-Length': Buffer.byteLength(body),
				Server: 'AmazonS3',
			});
			res.end(req.method === 'HEAD' ? undefined : body);
			log.status = status;
		};
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			return sendXml(
				405,
				s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.'),
			);
		}
		const entry = this.tokens.get(token);
		if (!entry) return sendXml(403, s3Error('AccessDenied', 'Access Denied'));
		const expiredByFault = this.state.faults.take({
			method: req.method,
			url: req.url,
			kinds: ['expireDownloads'],
		});
		if (expiredByFault || entry.expiresAt <= this.state.now()) {
			return sendXml(403, s3Error('AccessDenied', 'Request has expired'));
		}
		const size = entry.blob ? entry.blob.size : entry.size;
		let start = 0;
		let end = size - 1;
		let status = 200;
		const range = req.headers.range;
		if (range) {
			const m = /^bytes=(\d*)-(\d*)$/.exec(String(range).trim());
			if (m && (m[1] !== '' || m[2] !== '')) {
				if (m[1] === '') {
					start = Math.max(0, size - Number(m[2]));
				} else {
					start = Number(m[1]);
					if (m[2] !== '') end = Math.min(Number(m[2]), size - 1);
				}
				if (start >= size || start > end) {
					res.writeHead(416, {
						'Content-Range': `bytes */${size}`,
						'Content-Type': 'application/xml',
						Server: 'AmazonS3',
					});
					res.end(
						req.method === 'HEAD'
							? undefined
							: s3Error('InvalidRange', 'The requested range is not satisfiable'),
					);
					log.status = 416;
					return undefined;
				}
				status = 206;
			}
		}
		const length = size === 0 ? 0 : end - start + 1;
		const headers = {
			'Accept-Ranges': 'bytes',
			'Cache-Control': 'no-cache, no-store',
			'Content-Disposition': contentDisposition(entry.name),
			'Content-Length': length,
			'Content-Type': entry.mimeType || 'application/octet-stream',
			ETag: `"${entry.blob ? entry.blob.md5 : crypto.createHash('md5').update(String(size)).digest('hex')}"`,
			'Last-Modified': new Date(entry.mtime).toUTCString(),
			Server: 'AmazonS3',
			// Every recorded download answer has it (S3 server-side encryption), like the part PUTs.
			'x-amz-server-side-encryption': 'AES256',
		};
		if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
		res.writeHead(status, headers);
		log.status = status;
		if (req.method === 'HEAD' || length === 0) {
			res.end();
			return undefined;
		}
		const stream = entry.blob
			? fs.createReadStream(entry.blob.file, { start, end })
			: fillerStream(length);
		let sent = 0;
		stream.on('data', (chunk) => {
			if (resetAfterBytes !== undefined && sent + chunk.length >= resetAfterBytes) {
				const head = chunk.subarray(0, Math.max(0, resetAfterBytes - sent));
				stream.destroy();
				res.write(head, () => res.socket && res.socket.destroy());
				log.error = `connection reset after ${resetAfterBytes} bytes (fault)`;
				return;
			}
			sent += chunk.length;
			if (!res.write(chunk)) {
				stream.pause();
				res.once('drain', () => stream.resume());
			}
		});
		stream.on('end', () => res.end());
		stream.on('error', () => res.destroy());
		res.on('close', () => stream.destroy());
		return undefined;
	}
}

module.exports = { Downloads };
