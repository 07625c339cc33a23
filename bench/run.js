#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: our nodes against the vendors' own clients (or raw HTTP), side by side in one run.
 *
 * Every measurement is a real n8n-core execution of the built package (binary data in filesystem mode)
 * against the local emulators on 127.0.0.1, next to a baseline doing the same work against the same
 * emulator. Each emulator runs in its own process; "ours" and every baseline run in a fresh process per
 * run (bench/lib/worker.js), whose RSS is sampled every 20 ms (and read from the kernel's peak mark), so
 * memory growth is per process. Every run is verified (sizes and checksums, item counts and contents):
 * a fast wrong answer is not a result. Each figure is the median over `--runs` runs (default 3);
 * RSS growth is the largest over the runs.
 *
 * Writes bench/results.json (`{ figures: [{ name, unit, ours, baseline, ratio, target, met, rssGrowthMiB, … }] }`)
 * and bench/results.md, and prints the table and the total time.
 *
 *   node bench/run.js [--runs 3] [--only upload,download,import,export,get,token,list]
 *                     [--upload-mib 1024] [--import-mib 300] [--get-count 1000] [--token-count 1000]
 *                     [--list-count 100000] [--strict] [--profile DIR]
 * (the size/count options are for trying the benchmark quickly; the targets are defined for the defaults).
 * Exit code 0 when every run completed (missed targets are reported in the table); with --strict, 1 when a
 * target is missed; 2 when the benchmark itself failed.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { generateFile } = require('./lib/inputs');
const { startHost, runWorker, stopWorkers } = require('./lib/processes');
const { MIB, requestJson, request } = require('./lib/util');
const { renderMarkdown, renderConsole } = require('./lib/report');

const startedAt = performance.now();
const loadAtStart = require('node:os').loadavg();
const ROOT = path.resolve(__dirname, '..');

function option(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0 || process.argv[i + 1] === undefined) return fallback;
	return process.argv[i + 1];
}

const RUNS = Math.max(1, Number(option('runs', 3)));
const ONLY = option('only', '')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
const UPLOAD_BYTES = Math.round(Number(option('upload-mib', 1024)) * MIB);
const IMPORT_BYTES = Math.round(Number(option('import-mib', 300)) * MIB);
const WARM_BYTES = 8 * MIB;
const GET_COUNT = Number(option('get-count', 1000));
const TOKEN_COUNT = Number(option('token-count', 1000));
const LIST_COUNT = Number(option('list-count', 100000));
const RSS_LIMIT_MIB = 64;
const STRICT = process.argv.includes('--strict');
/** --profile DIR: a CPU profile (.cpuprofile, for Chrome DevTools) of every measured window, in DIR. */
const PROFILE_DIR = option('profile', '');

const log = (line) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const sizeLabel = (bytes) =>
	bytes >= 1024 * MIB && bytes % (1024 * MIB) === 0
		? `${bytes / (1024 * MIB)} GiB`
		: `${+(bytes / MIB).toFixed(1)} MiB`;
const count = (n) => n.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------------------
// Files.com API helpers (set-up and verification, never measured)
// ---------------------------------------------------------------------------------------------------------

const encodePath = (p) => p.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');

async function filesComFile(fc, filePath) {
	return (
		await requestJson(`${fc.info.baseUrl}/api/rest/v1/files/${encodePath(filePath)}`, {
			headers: { 'X-FilesAPI-Key': fc.info.apiKey },
		})
	).json;
}

async function filesComDelete(fc, filePath) {
	await request(`${fc.info.baseUrl}/api/rest/v1/files/${encodePath(filePath)}`, {
		method: 'DELETE',
		headers: { 'X-FilesAPI-Key': fc.info.apiKey },
	});
}

// ---------------------------------------------------------------------------------------------------------
// The figures
// ---------------------------------------------------------------------------------------------------------

function filesComParams(env) {
	return { baseUrl: env.fc.info.baseUrl, apiKey: env.fc.info.apiKey };
}

/** One Files.com action, by our node or by the baseline, against the benchmark's emulator. */
function filesComTask(env, side, action, params) {
	return [
		{
			module: side === 'ours' ? 'filescom-ours' : 'filescom-baseline',
			action,
			params: { ...filesComParams(env), ...params },
		},
	];
}

function laserficheParams(env) {
	return {
		selfHosted: env.lf.info.selfHosted,
		cloud: env.lf.info.cloud,
		controlUrl: env.lf.info.baseUrl,
	};
}

const transferValue = (reports) => reports[0].ms;

const FIGURES = [
	{
		id: 'upload',
		name: () =>
			`upload ${sizeLabel(UPLOAD_BYTES)} to Files.com (file:upload vs files.com SDK File.uploadFile)`,
		unit: 'ms',
		bytes: () => UPLOAD_BYTES,
		ratioMax: 1.0,
		rssMaxMiB: RSS_LIMIT_MIB,
		inputs: ['big', 'warm'],
		async prepare(env) {
			await env.fc.call('makeFolder', { folder: '/bench-upload' });
			return {};
		},
		task(env, side, run) {
			const tag = side === 'ours' ? 'ours' : 'sdk';
			return filesComTask(env, side, 'upload', {
				source: env.inputs.big.file,
				size: env.inputs.big.size,
				md5: env.inputs.big.md5,
				folder: '/bench-upload',
				name: `${tag}-${run}.bin`,
				warm: { source: env.inputs.warm.file, name: `warm-${tag}-${run}.bin` },
			});
		},
		async check(env, side, run) {
			const tag = side === 'ours' ? 'ours' : 'sdk';
			const target = `/bench-upload/${tag}-${run}.bin`;
			const stored = await filesComFile(env.fc, target);
			const ok = stored.size === env.inputs.big.size && stored.md5 === env.inputs.big.md5;
			await filesComDelete(env.fc, target);
			await filesComDelete(env.fc, `/bench-upload/warm-${tag}-${run}.bin`);
			return {
				ok,
				detail: `stored ${stored.size} bytes, md5 ${stored.md5}${ok ? ' (matches the input)' : ` (input: ${env.inputs.big.size} bytes, md5 ${env.inputs.big.md5})`}`,
			};
		},
		value: transferValue,
	},
	{
		id: 'download',
		name: () =>
			`download ${sizeLabel(UPLOAD_BYTES)} from Files.com (file:download vs streamed HTTP GET of download_uri)`,
		unit: 'ms',
		bytes: () => UPLOAD_BYTES,
		ratioMax: 1.1,
		rssMaxMiB: RSS_LIMIT_MIB,
		inputs: ['big', 'warm'],
		async prepare(env) {
			const { big, warm } = env.inputs;
			await env.fc.call('placeFile', {
				target: '/bench-download/big.bin',
				source: big.file,
				checksums: pick(big),
			});
			await env.fc.call('placeFile', {
				target: '/bench-download/warm.bin',
				source: warm.file,
				checksums: pick(warm),
			});
			return {};
		},
		task(env, side) {
			return filesComTask(env, side, 'download', {
				path: '/bench-download/big.bin',
				size: env.inputs.big.size,
				md5: env.inputs.big.md5,
				warm: { path: '/bench-download/warm.bin' },
			});
		},
		value: transferValue,
	},
	{
		id: 'import',
		name: () =>
			`import ${sizeLabel(IMPORT_BYTES)} into Laserfiche, chunked (document:import vs official v2 client)`,
		unit: 'ms',
		bytes: () => IMPORT_BYTES,
		ratioMax: 1.0,
		rssMaxMiB: RSS_LIMIT_MIB,
		inputs: ['lf', 'warm'],
		async prepare(env) {
			return { folderId: await env.lf.call('folder', { name: 'Bench Import' }) };
		},
		task(env, side, run, ctx) {
			const tag = side === 'ours' ? 'ours' : 'client';
			return [
				{
					module: side === 'ours' ? 'laserfiche-ours' : 'laserfiche-baseline',
					esm: side !== 'ours',
					action: 'import',
					params: {
						...laserficheParams(env),
						folderId: ctx.folderId,
						source: env.inputs.lf.file,
						size: env.inputs.lf.size,
						name: `${tag}-${run}`,
						warm: {
							source: env.inputs.warm.file,
							size: env.inputs.warm.size,
							name: `warm-${tag}-${run}`,
						},
					},
				},
			];
		},
		async check(env, _side, _run, reports, ctx) {
			const id = reports[0].info?.entries?.[0]?.id;
			const digest = id ? await env.lf.call('documentDigest', { id }) : { missing: true };
			const ok = digest.size === env.inputs.lf.size && digest.md5 === env.inputs.lf.md5;
			for (const entryId of await env.lf.call('entryIds', { parentId: ctx.folderId }))
				await env.lf.call('removeEntry', { id: entryId });
			return {
				ok,
				detail: digest.missing
					? `no document ${id} in the repository`
					: `stored ${digest.size} bytes, md5 ${digest.md5}${ok ? ' (matches the input)' : ` (input: ${env.inputs.lf.size} bytes, md5 ${env.inputs.lf.md5})`}`,
			};
		},
		value: transferValue,
	},
	{
		id: 'export',
		name: () =>
			`export ${sizeLabel(IMPORT_BYTES)} from Laserfiche (document:export vs official v2 client)`,
		unit: 'ms',
		bytes: () => IMPORT_BYTES,
		ratioMax: 1.0,
		rssMaxMiB: RSS_LIMIT_MIB,
		inputs: ['lf', 'warm'],
		async prepare(env) {
			const folderId = await env.lf.call('folder', { name: 'Bench Export' });
			const big = await env.lf.call('placeDocument', {
				parentId: folderId,
				name: 'export-source',
				source: env.inputs.lf.file,
				size: env.inputs.lf.size,
				extension: 'bin',
				mimeType: 'application/octet-stream',
			});
			const warm = await env.lf.call('placeDocument', {
				parentId: folderId,
				name: 'export-warm',
				source: env.inputs.warm.file,
				size: env.inputs.warm.size,
				extension: 'bin',
				mimeType: 'application/octet-stream',
			});
			return { docId: big.id, warmId: warm.id };
		},
		task(env, side, _run, ctx) {
			return [
				{
					module: side === 'ours' ? 'laserfiche-ours' : 'laserfiche-baseline',
					esm: side !== 'ours',
					action: 'export',
					params: {
						...laserficheParams(env),
						docId: ctx.docId,
						size: env.inputs.lf.size,
						md5: env.inputs.lf.md5,
						warm: { docId: ctx.warmId },
					},
				},
			];
		},
		value: transferValue,
	},
	{
		id: 'get',
		name: () =>
			`get ${count(GET_COUNT)} items in one execution (Files.com file:get vs raw keep-alive HTTP loop)`,
		unit: 'ms',
		ratioMax: 1.3,
		inputs: [],
		async prepare(env) {
			await env.fc.call('seedFolder', { folder: '/bench-get', count: GET_COUNT });
			return {};
		},
		task(env, side) {
			return filesComTask(env, side, 'get', {
				folder: '/bench-get',
				prefix: 'file-',
				count: GET_COUNT,
			});
		},
		value: (reports) => reports[0].ms,
	},
	{
		id: 'token',
		name: () =>
			`token requests for ${count(TOKEN_COUNT)} Laserfiche entry:get items in one execution`,
		unit: 'token requests',
		exactly: 1,
		inputs: [],
		async prepare(env) {
			const ids = [1, ...(await env.lf.call('entryIds', { parentId: 1 }))].slice(0, 20);
			return { entryIds: ids };
		},
		task(env, side, _run, ctx) {
			if (side === 'ours') {
				return [
					{
						module: 'laserfiche-ours',
						action: 'token',
						params: {
							...laserficheParams(env),
							mode: 'selfHosted',
							entryIds: ctx.entryIds,
							count: TOKEN_COUNT,
						},
					},
					{
						module: 'laserfiche-ours',
						action: 'token',
						params: { ...laserficheParams(env), mode: 'cloud', entryIds: [1], count: TOKEN_COUNT },
					},
				];
			}
			return [
				{
					module: 'laserfiche-baseline',
					esm: true,
					action: 'token',
					params: { ...laserficheParams(env), entryIds: ctx.entryIds, count: TOKEN_COUNT },
				},
			];
		},
		value: (reports) => Math.max(...reports.map((r) => r.info.tokenRequests)),
		extra: (reports) => ({
			tokenRequestsByMode: reports.map((r) => r.info.tokenRequests),
			msByMode: reports.map((r) => Math.round(r.ms)),
		}),
	},
	{
		id: 'list',
		name: () =>
			`list a Files.com folder of ${count(LIST_COUNT)} entries, return all (folder:list vs raw cursor loop)`,
		unit: 'ms',
		ratioMax: 1.2,
		inputs: [],
		async prepare(env) {
			await env.fc.call('seedFolder', { folder: '/bench-list', count: LIST_COUNT });
			await env.fc.call('seedFolder', { folder: '/bench-list-warm', count: 1500 });
			return {};
		},
		task(env, side) {
			return filesComTask(env, side, 'list', {
				folder: '/bench-list',
				warmFolder: '/bench-list-warm',
				count: LIST_COUNT,
			});
		},
		value: (reports) => reports[0].ms,
	},
];

function pick(input) {
	const { size, md5, sha1, sha256, crc32 } = input;
	return { size, md5, sha1, sha256, crc32 };
}

function median(values) {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n, digits = 3) =>
	n === null || n === undefined || !Number.isFinite(n) ? null : Number(n.toFixed(digits));

// ---------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------

async function measureSide(env, figure, side, run, ctx) {
	const tasks = figure.task(env, side, run, ctx);
	const reports = [];
	for (const task of tasks) {
		const { esm, ...spec } = task;
		const profileFile = PROFILE_DIR
			? path.resolve(PROFILE_DIR, `${figure.id}-${side}-${run}-${reports.length}.cpuprofile`)
			: undefined;
		reports.push(await runWorker(spec, { esm, profileFile }));
	}
	const failed = reports.find((r) => !r.ok);
	const sample = { run, side, ok: false };
	if (failed) {
		sample.error = failed.error.split('\n').slice(0, 6).join('\n');
		if (failed.output) sample.output = failed.output.split('\n').slice(-15).join('\n');
		sample.rssGrowthMiB = failed.rss ? round(failed.rss.growthMiB, 1) : null;
		return sample;
	}
	const checks = reports.map((r) => r.verification);
	if (figure.check) {
		try {
			checks.push(await figure.check(env, side, run, reports, ctx));
		} catch (error) {
			checks.push({ ok: false, detail: `check failed: ${error.message}` });
		}
	}
	sample.ok = checks.every((c) => c && c.ok);
	sample.verification = checks.map((c) => c.detail).join('; ');
	sample.value = figure.value(reports);
	sample.ms = round(
		reports.reduce((sum, r) => sum + r.ms, 0),
		1,
	);
	sample.wallMs = round(
		reports.reduce((sum, r) => sum + r.wallMs, 0),
		1,
	);
	sample.cpuMs = round(
		reports.reduce((sum, r) => sum + r.cpuMs, 0),
		1,
	);
	sample.gc = reports.length === 1 ? reports[0].gc : reports.map((r) => r.gc);
	sample.rssGrowthMiB = round(Math.max(...reports.map((r) => r.rss.growthMiB)), 1);
	sample.rssBaselineMiB = round(Math.max(...reports.map((r) => r.rss.baselineMiB)), 1);
	sample.rssPeakMiB = round(Math.max(...reports.map((r) => r.rss.peakMiB)), 1);
	// The measured window is the node's own execution; this is the whole run (with the harness's Input node).
	sample.wholeRunRssGrowthMiB = round(
		Math.max(...reports.map((r) => r.whole?.rss.growthMiB ?? r.rss.growthMiB)),
		1,
	);
	if (figure.extra) Object.assign(sample, figure.extra(reports));
	return sample;
}

function describeSample(sample, figure) {
	if (!sample.ok)
		return `${sample.side} run ${sample.run}: FAILED ${sample.error ? sample.error.split('\n')[0] : sample.verification}`;
	const value =
		figure.unit === 'ms'
			? `${count(Math.round(sample.value))} ms`
			: `${sample.value} ${figure.unit}`;
	const rate = figure.bytes
		? ` (${(figure.bytes() / MIB / (sample.value / 1000)).toFixed(0)} MiB/s)`
		: '';
	return `${sample.side} run ${sample.run}: ${value}${rate}, CPU ${count(Math.round(sample.cpuMs))} ms, RSS +${sample.rssGrowthMiB} MiB — ${sample.verification}`;
}

async function measureFigure(env, figure) {
	log(`\n▶ ${figure.name()}  [${elapsed()}]`);
	let ctx;
	try {
		ctx = await figure.prepare(env);
	} catch (error) {
		log(`  set-up failed: ${error.message}`);
		return summarize(figure, [], `set-up failed: ${error.message}`);
	}
	const samples = [];
	for (let run = 1; run <= RUNS; run++) {
		// Alternate who goes first, so neither side always gets the warmer page cache or emulator.
		const order = run % 2 === 1 ? ['ours', 'baseline'] : ['baseline', 'ours'];
		for (const side of order) {
			const sample = await measureSide(env, figure, side, run, ctx);
			samples.push(sample);
			log(`  ${describeSample(sample, figure)}`);
			if (!sample.ok && sample.output) log(sample.output.replace(/^/gm, '    | '));
		}
	}
	return summarize(figure, samples);
}

function summarize(figure, samples, setupError) {
	const of = (side) => samples.filter((s) => s.side === side);
	const valid = (side) => of(side).filter((s) => s.ok);
	const ours = median(valid('ours').map((s) => s.value));
	const baseline = median(valid('baseline').map((s) => s.value));
	const ratio = ours !== null && baseline ? ours / baseline : null;
	const oursRss = valid('ours').length
		? Math.max(...valid('ours').map((s) => s.rssGrowthMiB))
		: null;
	const baselineRss = valid('baseline').length
		? Math.max(...valid('baseline').map((s) => s.rssGrowthMiB))
		: null;
	const notes = [];
	if (setupError) notes.push(setupError);
	for (const side of ['ours', 'baseline']) {
		const failures = of(side).filter((s) => !s.ok);
		if (failures.length > 0) {
			const first = failures[0];
			notes.push(
				`${side}: ${failures.length} of ${of(side).length} runs failed (${first.error ? first.error.split('\n')[0] : `verification: ${first.verification}`})`,
			);
		}
	}
	const allOursValid = of('ours').length > 0 && of('ours').every((s) => s.ok);
	const allBaselineValid = of('baseline').length > 0 && of('baseline').every((s) => s.ok);
	let target;
	let met;
	if (figure.exactly !== undefined) {
		target = `exactly ${figure.exactly} ${figure.unit.replace(/s$/, '')} per execution`;
		met = allOursValid && of('ours').every((s) => s.value === figure.exactly);
		if (allOursValid && !met)
			notes.push(
				`token requests per run: ${of('ours')
					.map((s) => s.value)
					.join(', ')}`,
			);
	} else {
		target = `ratio <= ${figure.ratioMax.toFixed(1)}${figure.rssMaxMiB ? `, RSS growth <= ${figure.rssMaxMiB} MiB` : ''}`;
		const ratioOk = ratio !== null && ratio <= figure.ratioMax;
		const rssOk = !figure.rssMaxMiB || (oursRss !== null && oursRss <= figure.rssMaxMiB);
		met = allOursValid && allBaselineValid && ratioOk && rssOk;
		if (ratio !== null && !ratioOk)
			notes.push(`ratio ${ratio.toFixed(3)} is above ${figure.ratioMax.toFixed(1)}`);
		if (figure.rssMaxMiB && oursRss !== null && !rssOk)
			notes.push(`RSS growth ${oursRss} MiB is above ${figure.rssMaxMiB} MiB`);
	}
	return {
		id: figure.id,
		name: figure.name(),
		unit: figure.unit,
		ours: round(ours, figure.unit === 'ms' ? 1 : 3),
		baseline: round(baseline, figure.unit === 'ms' ? 1 : 3),
		ratio: round(ratio, 3),
		target,
		met,
		rssGrowthMiB: oursRss,
		baselineRssGrowthMiB: baselineRss,
		// Medians of the CPU time (user + system) of the measured window, for context (wall time is the figure).
		oursCpuMs: round(median(valid('ours').map((s) => s.cpuMs)), 1),
		baselineCpuMs: round(median(valid('baseline').map((s) => s.cpuMs)), 1),
		bytes: figure.bytes ? figure.bytes() : undefined,
		notes,
		runs: samples.map(({ output, ...rest }) => rest),
	};
}

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

/** A short hash of the node and credential sources measured, to tell results of different code apart. */
function sourceFingerprint() {
	const crypto = require('node:crypto');
	const hash = crypto.createHash('sha256');
	const walk = (dir) => {
		for (const entry of fs
			.readdirSync(dir, { withFileTypes: true })
			.sort((a, b) => a.name.localeCompare(b.name))) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ts'))
				hash.update(path.relative(ROOT, full)).update(fs.readFileSync(full));
		}
	};
	for (const dir of ['nodes', 'credentials'])
		if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
	return hash.digest('hex').slice(0, 12);
}

async function buildIfStale() {
	const setup = require(path.join(ROOT, 'test', 'harness', 'global-setup.js'));
	await setup();
}

async function main() {
	const figures = ONLY.length ? FIGURES.filter((f) => ONLY.includes(f.id)) : FIGURES;
	if (figures.length === 0)
		throw new Error(
			`--only ${ONLY.join(',')} names no figure (${FIGURES.map((f) => f.id).join(', ')})`,
		);
	log(
		`n8n-nodes-filescom-laserfiche benchmarks: ${figures.map((f) => f.id).join(', ')}; ${RUNS} run(s) each; ` +
			`${os.cpus().length} CPU(s), Node ${process.version}, load average ${loadAtStart[0].toFixed(2)}`,
	);

	log(`building dist/ if sources changed…`);
	await buildIfStale();

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	// Every child process (emulators, workers) keeps its temporary files (emulator data, n8n's binary data
	// store) below this directory, so that nothing is left behind, even by a process that was killed.
	const childTmp = path.join(tmp, 'processes');
	fs.mkdirSync(childTmp);
	process.env.TMPDIR = childTmp;
	const env = { tmp, inputs: {}, fc: null, lf: null };
	let cleaned = false;
	const cleanup = async () => {
		if (cleaned) return;
		cleaned = true;
		await Promise.allSettled([env.fc?.stop(), env.lf?.stop()]);
		fs.rmSync(tmp, { recursive: true, force: true });
	};
	const onSignal = () => {
		log('\ninterrupted: stopping the emulators and deleting the input files…');
		stopWorkers();
		cleanup().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	const results = [];
	try {
		const needed = new Set(figures.flatMap((f) => f.inputs));
		const specs = { big: UPLOAD_BYTES, lf: IMPORT_BYTES, warm: WARM_BYTES };
		for (const key of ['big', 'lf', 'warm']) {
			if (!needed.has(key)) continue;
			const t = performance.now();
			env.inputs[key] = await generateFile(path.join(tmp, `${key}.bin`), specs[key], key);
			log(
				`input ${key}.bin: ${sizeLabel(specs[key])} written in ${((performance.now() - t) / 1000).toFixed(1)} s (md5 ${env.inputs[key].md5})`,
			);
		}
		const ids = new Set(figures.map((f) => f.id));
		if (['upload', 'download', 'get', 'list'].some((id) => ids.has(id))) {
			env.fc = await startHost('filescom', { migrationStepMs: 20, requestLogLimit: 200 });
			log(`Files.com emulator: ${env.fc.info.baseUrl} (pid ${env.fc.pid})`);
		}
		if (['import', 'export', 'token'].some((id) => ids.has(id))) {
			env.lf = await startHost('laserfiche', { taskDurationMs: 20 });
			log(`Laserfiche emulator: ${env.lf.info.baseUrl} (pid ${env.lf.pid})`);
		}
		for (const figure of figures) results.push(await measureFigure(env, figure));
	} finally {
		await cleanup();
	}

	const totalSeconds = (performance.now() - startedAt) / 1000;
	const document = {
		generatedAt: new Date().toISOString(),
		machine: {
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0]?.model,
			node: process.version,
			platform: `${os.platform()} ${os.release()}`,
			// Other work on the machine skews absolute times; ratios are side by side, alternating who goes first.
			loadAverage1m: { start: round(loadAtStart[0], 2), end: round(os.loadavg()[0], 2) },
		},
		runsPerFigure: RUNS,
		sourceFingerprint: sourceFingerprint(),
		totalSeconds: round(totalSeconds, 1),
		figures: results,
	};
	fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(document, null, 2)}\n`);
	fs.writeFileSync(path.join(__dirname, 'results.md'), renderMarkdown(document));
	log(`\n${renderConsole(document)}`);
	log(
		`\nwrote bench/results.json and bench/results.md; total ${Math.floor(totalSeconds / 60)} min ${Math.round(totalSeconds % 60)} s`,
	);
	// A missed target is reported (table, results.json), not an error; --strict turns it into exit code 1.
	return STRICT && !results.every((r) => r.met) ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`bench failed: ${error && error.stack ? error.stack : error}\n`);
		process.exit(2);
	},
);
