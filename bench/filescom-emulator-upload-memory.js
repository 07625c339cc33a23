#!/usr/bin/env node
'use strict';
/**
 * Benchmark: peak memory of the Files.com emulator process while it receives a 1 GiB upload.
 *
 * Starts the emulator CLI in a child process, uploads 1 GiB through begin_upload parts (each part's
 * bytes streamed from a generator, never held in a buffer), completes the upload, verifies size and
 * MD5 through the API, and samples the emulator's resident set size (/proc/<pid>/status: VmRSS every
 * 25 ms, plus the kernel's high-water mark VmHWM). Prints the peak and exits non-zero when it is over
 * the limit (150 MiB).
 *
 *   node bench/filescom-emulator-upload-memory.js [--size-mib 1024] [--limit-mib 150] [--concurrency 2]
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const crypto = require('node:crypto');
const { Readable } = require('node:stream');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

const MIB = 1024 * 1024;
const TOTAL_BYTES = arg('size-mib', 1024) * MIB;
const LIMIT_MIB = arg('limit-mib', 150);
const CONCURRENCY = arg('concurrency', 2);
const CLI = path.resolve(__dirname, '..', 'test', 'emulators', 'filescom', 'cli.js');

function readRssKiB(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const rss = /VmRSS:\s+(\d+) kB/.exec(status);
		const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
		return { rss: rss ? Number(rss[1]) : 0, hwm: hwm ? Number(hwm[1]) : 0 };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}

function startEmulator() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI], {
			env: { ...process.env, FILESCOM_EMULATOR_PORT: '0' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		const timer = setTimeout(() => reject(new Error('emulator did not start within 15 s')), 15000);
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const nl = out.indexOf('\n');
			if (nl >= 0) {
				clearTimeout(timer);
				resolve({ child, info: JSON.parse(out.slice(0, nl)) });
			}
		});
		child.on('exit', (code) => reject(new Error(`emulator exited early with code ${code}`)));
	});
}

function request(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({
					status: res.statusCode,
					headers: res.headers,
					text,
					json: text ? safeJson(text) : undefined,
				});
			});
		});
		req.on('error', reject);
		if (body && typeof body.pipe === 'function') body.pipe(req);
		else req.end(body);
	});
}

function safeJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Deterministic pseudo-random bytes for [offset, offset+length), produced 64 KiB at a time. */
function* partBytes(offset, length) {
	const block = 64 * 1024;
	for (let done = 0; done < length; done += block) {
		const n = Math.min(block, length - done);
		const index = Math.floor((offset + done) / block);
		const seed = crypto.createHash('sha256').update(`block-${index}`).digest();
		const chunk = Buffer.allocUnsafe(n);
		for (let i = 0; i < n; i += 32) seed.copy(chunk, i, 0, Math.min(32, n - i));
		yield chunk;
	}
}

async function main() {
	const { child, info } = await startEmulator();
	const api = `${info.baseUrl}/api/rest/v1`;
	const auth = { 'X-FilesAPI-Key': info.apiKey, 'Content-Type': 'application/json' };
	let peakRss = 0;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, readRssKiB(child.pid).rss);
	}, 25);
	const baselineRss = readRssKiB(child.pid).rss;
	const started = Date.now();
	let exitCode = 0;
	try {
		const target = 'bench/one-gib.bin';
		const encoded = target.split('/').map(encodeURIComponent).join('/');
		const first = await request(`${api}/file_actions/begin_upload/${encoded}`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ mkdir_parents: true, size: TOTAL_BYTES }),
		});
		if (first.status !== 200)
			throw new Error(`begin_upload answered ${first.status}: ${first.text}`);
		const partSize = first.json[0].partsize;
		const ref = first.json[0].ref;
		const partCount = Math.ceil(TOTAL_BYTES / partSize);
		const md5 = crypto.createHash('md5');
		const etags = [];
		const uris = new Map([[1, first.json[0].upload_uri]]);
		// Ask for the remaining part URLs in batches, as the Ruby SDK does with `parts`.
		for (let part = 2; part <= partCount; part += 100) {
			const more = await request(`${api}/file_actions/begin_upload/${encoded}`, {
				method: 'POST',
				headers: auth,
				body: JSON.stringify({ ref, part, parts: Math.min(100, partCount - part + 1) }),
			});
			if (more.status !== 200)
				throw new Error(`begin_upload (part ${part}) answered ${more.status}: ${more.text}`);
			for (const p of more.json) uris.set(p.part_number, p.upload_uri);
		}
		// The whole-file MD5 is computed in order on the client side while parts go up `CONCURRENCY` at a time.
		for (let part = 1; part <= partCount; part++) {
			for (const chunk of partBytes(
				(part - 1) * partSize,
				Math.min(partSize, TOTAL_BYTES - (part - 1) * partSize),
			))
				md5.update(chunk);
		}
		let next = 1;
		const worker = async () => {
			while (next <= partCount) {
				const part = next++;
				const offset = (part - 1) * partSize;
				const length = Math.min(partSize, TOTAL_BYTES - offset);
				let res;
				try {
					res = await request(uris.get(part), {
						method: 'PUT',
						headers: { 'Content-Length': String(length) },
						body: Readable.from(partBytes(offset, length)),
					});
				} catch (err) {
					throw new Error(`part ${part}: ${err.message}`);
				}
				if (res.status !== 200) throw new Error(`part ${part} answered ${res.status}: ${res.text}`);
				etags[part - 1] = { part, etag: res.headers.etag };
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		const end = await request(`${api}/files/${encoded}`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ action: 'end', ref, etags }),
		});
		if (end.status !== 201 && end.status !== 200)
			throw new Error(`end answered ${end.status}: ${end.text}`);
		const meta = await request(`${api}/file_actions/metadata/${encoded}`, { headers: auth });
		const expectedMd5 = md5.digest('hex');
		const seconds = (Date.now() - started) / 1000;
		clearInterval(sampler);
		const { hwm } = readRssKiB(child.pid);
		const peakMiB = Math.max(peakRss, hwm) / 1024;
		const ok = meta.json && meta.json.size === TOTAL_BYTES && meta.json.md5 === expectedMd5;
		console.log(
			JSON.stringify({
				benchmark: 'filescom-emulator-upload-memory',
				uploadedMiB: TOTAL_BYTES / MIB,
				parts: partCount,
				partSizeMiB: partSize / MIB,
				concurrency: CONCURRENCY,
				seconds: Number(seconds.toFixed(1)),
				baselineRssMiB: Number((baselineRss / 1024).toFixed(1)),
				peakRssMiB: Number(peakMiB.toFixed(1)),
				limitMiB: LIMIT_MIB,
				sizeAndMd5Verified: Boolean(ok),
			}),
		);
		console.log(
			`peak RSS of the emulator process: ${peakMiB.toFixed(1)} MiB (limit ${LIMIT_MIB} MiB)`,
		);
		if (!ok) {
			console.error(
				`upload verification failed: ${meta.status} ${meta.text.slice(0, 300)} (expected md5 ${expectedMd5})`,
			);
			exitCode = 1;
		}
		if (peakMiB > LIMIT_MIB) {
			console.error(`FAIL: peak RSS ${peakMiB.toFixed(1)} MiB is over ${LIMIT_MIB} MiB`);
			exitCode = 1;
		}
	} catch (err) {
		console.error(`benchmark failed: ${err.message}`);
		exitCode = 1;
	} finally {
		clearInterval(sampler);
		await new Promise((resolve) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				resolve();
			}, 10000);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
	}
	process.exit(exitCode);
}

main();
