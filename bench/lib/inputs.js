'use strict';
/**
 * Input files for the benchmarks, written to disk once per `npm run bench` and deleted at the end.
 * Content is pseudo-random (AES-256-CTR keystream from a fixed key, so nothing compresses and every
 * byte differs), generated and written 1 MiB at a time: never held in memory whole. The checksums the
 * emulators report (md5, sha1, sha256, crc32) are computed on the way.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const zlib = require('node:zlib');

const CHUNK = 1024 * 1024;

function write(stream, chunk) {
	return new Promise((resolve, reject) => {
		const ok = stream.write(chunk, (error) => (error ? reject(error) : undefined));
		if (ok) resolve();
		else stream.once('drain', resolve);
	});
}

/** Writes `size` bytes to `file`; resolves `{ file, size, md5, sha1, sha256, crc32 }`. */
async function generateFile(file, size, seed) {
	const key = crypto.createHash('sha256').update(`bench-key-${seed}`).digest();
	const iv = crypto.createHash('md5').update(`bench-iv-${seed}`).digest();
	const cipher = crypto.createCipheriv('aes-256-ctr', key, iv);
	const md5 = crypto.createHash('md5');
	const sha1 = crypto.createHash('sha1');
	const sha256 = crypto.createHash('sha256');
	let crc = 0;
	const zeros = Buffer.alloc(CHUNK);
	const out = fs.createWriteStream(file, { highWaterMark: 4 * CHUNK });
	let written = 0;
	while (written < size) {
		const length = Math.min(CHUNK, size - written);
		const chunk = cipher.update(length === CHUNK ? zeros : zeros.subarray(0, length));
		md5.update(chunk);
		sha1.update(chunk);
		sha256.update(chunk);
		crc = zlib.crc32(chunk, crc);
		await write(out, chunk);
		written += length;
	}
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
	return {
		file,
		size,
		md5: md5.digest('hex'),
		sha1: sha1.digest('hex'),
		sha256: sha256.digest('hex'),
		crc32: (crc >>> 0).toString(16).padStart(8, '0'),
	};
}

module.exports = { generateFile };
