'use strict';
/**
 * One measured run in a fresh process (started by bench/run.js with an IPC channel).
 *
 *   BENCH_TASK='{"module":"filescom-ours","action":"upload","params":{…}}' node bench/lib/worker.js
 *
 * 1. loads bench/tasks/<module> and calls `setup(params)`: modules loaded, connections opened and a small
 *    warm-up of the same operation done, as in a running n8n or a running script;
 * 2. runs `run(ctx, params, window)` (the measured work) while sampling process.memoryUsage.rss() every
 *    20 ms; at the start of the measured window it takes the baseline RSS and resets the kernel's peak-RSS
 *    mark (/proc/self/clear_refs), at its end it reads the mark (VmHWM): peak = max(samples, VmHWM),
 *    growth = peak − baseline. The window is the whole `run`, or what the task marks with
 *    `window.begin()`/`window.end()` (see Meter);
 * 3. calls `verify(ctx, params, output)` (outside the measured window) and reports everything as one
 *    IPC message `{ ok, ms, wallMs, cpuMs, rss: {...}, whole: {...}, info, verification }`.
 *
 * `ms` is what the task reports as the duration of the measured work (for our nodes: n8n's own
 * executionTime of the node); `wallMs` is the wall time of the window; `cpuMs` the CPU time (user +
 * system) this process spent in it (less sensitive than wall time to other load on the machine).
 */
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { performance, PerformanceObserver, constants: perfConstants } = require('node:perf_hooks');

const MIB = 1024 * 1024;
const SAMPLE_MS = 20;

function statusKiB(field) {
	try {
		const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
			fs.readFileSync('/proc/self/status', 'utf8'),
		);
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

function resetPeakRss() {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * CPU profile of the measured window only (BENCH_PROFILE_FILE; see `bench/run.js --profile`), through the
 * inspector protocol of this very process: started when the window opens, stopped when it closes.
 */
function createProfiler(file) {
	const inspector = require('node:inspector');
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) =>
			session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
		);
	let started;
	let stopped;
	return {
		start() {
			started = post('Profiler.enable')
				.then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
				.then(() => post('Profiler.start'));
		},
		/** Stops profiling; writes the profile unless `discard`. */
		stop(discard = false) {
			if (!started || stopped) return;
			stopped = started
				.then(() => post('Profiler.stop'))
				.then(({ profile }) => {
					session.disconnect();
					if (discard) return;
					fs.mkdirSync(path.dirname(file), { recursive: true });
					fs.writeFileSync(file, JSON.stringify(profile));
				});
		},
		async done() {
			await stopped;
		},
	};
}

/**
 * RSS and CPU of the measured work. The window is the whole `run` unless the task narrows it with
 * `window.begin()` / `window.end()` (our tasks do: from n8n's nodeExecuteBefore to nodeExecuteAfter of the
 * node under test, so the harness's Input node, which stores the input file as n8n binary data first, is
 * not counted). `whole` is always the whole `run`.
 */
class Meter {
	constructor(profileFile) {
		this.profileFile = profileFile;
		this.samples = 0;
		this.window = { begin: () => this.begin(), end: () => this.end() };
	}

	/** Garbage collections in the window (count and pause time by kind), from a perf_hooks observer. */
	observeGc() {
		const kinds = {
			[perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
			[perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
			[perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
			[perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
		};
		this.gc = {};
		this.gcObserver = new PerformanceObserver((list) => {
			if (!this.inWindow && this.narrowed) return;
			for (const entry of list.getEntries()) {
				const kind = kinds[entry.detail?.kind ?? entry.kind] || 'other';
				const slot = (this.gc[kind] ??= { count: 0, ms: 0 });
				slot.count += 1;
				slot.ms += entry.duration;
			}
		});
		this.gcObserver.observe({ entryTypes: ['gc'] });
	}

	sample() {
		const rss = process.memoryUsage.rss();
		this.samples += 1;
		if (rss > this.wholePeak) this.wholePeak = rss;
		if (this.inWindow && rss > this.windowPeak) this.windowPeak = rss;
		return rss;
	}

	start() {
		this.observeGc();
		this.wholeBaseline = process.memoryUsage.rss();
		this.wholePeak = this.wholeBaseline;
		this.kernelPeakSupported = resetPeakRss();
		this.kernelPeakBeforeWindow = 0;
		this.timer = setInterval(() => this.sample(), SAMPLE_MS);
		this.wholeCpu = process.cpuUsage();
		this.wholeStarted = performance.now();
		this.narrowed = false;
		if (this.profileFile) {
			this.profiler = createProfiler(this.profileFile);
			this.profiler.start();
		}
	}

	begin() {
		// The kernel's peak mark so far belongs to the whole run; restart it for the window.
		this.kernelPeakBeforeWindow = this.kernelPeak();
		this.sample();
		this.narrowed = true;
		this.inWindow = true;
		this.windowBaseline = process.memoryUsage.rss();
		this.windowPeak = this.windowBaseline;
		if (this.kernelPeakSupported) resetPeakRss();
		this.windowCpu = process.cpuUsage();
		this.windowStarted = performance.now();
		this.gc = {};
		if (this.profiler) {
			// Profile the window only: what was profiled of the run so far is dropped.
			const previous = this.profiler;
			previous.stop(true);
			this.profiler = createProfiler(this.profileFile);
			this.profiler.start();
			this.discarded = previous;
		}
	}

	end() {
		if (!this.inWindow) return;
		this.sample();
		this.inWindow = false;
		this.windowWallMs = performance.now() - this.windowStarted;
		const cpu = process.cpuUsage(this.windowCpu);
		this.windowCpuMs = (cpu.user + cpu.system) / 1000;
		this.windowKernelPeak = this.kernelPeak();
		this.profiler?.stop();
	}

	kernelPeak() {
		if (!this.kernelPeakSupported) return 0;
		const kib = statusKiB('VmHWM');
		return kib === undefined ? 0 : kib * 1024;
	}

	finish() {
		const wallMs = performance.now() - this.wholeStarted;
		const cpu = process.cpuUsage(this.wholeCpu);
		this.end();
		this.profiler?.stop();
		this.sample();
		clearInterval(this.timer);
		this.gcObserver.disconnect();
		const gc = Object.fromEntries(
			Object.entries(this.gc).map(([kind, v]) => [kind, { count: v.count, ms: Math.round(v.ms) }]),
		);
		const wholePeak = Math.max(this.wholePeak, this.kernelPeakBeforeWindow, this.kernelPeak());
		const whole = {
			wallMs,
			cpuMs: (cpu.user + cpu.system) / 1000,
			rss: {
				baselineMiB: this.wholeBaseline / MIB,
				peakMiB: wholePeak / MIB,
				growthMiB: (wholePeak - this.wholeBaseline) / MIB,
			},
		};
		if (!this.narrowed) {
			return {
				wallMs,
				cpuMs: whole.cpuMs,
				gc,
				rss: { ...whole.rss, samples: this.samples, window: 'run' },
				whole,
			};
		}
		const peak = Math.max(this.windowPeak, this.windowKernelPeak);
		return {
			wallMs: this.windowWallMs,
			cpuMs: this.windowCpuMs,
			gc,
			rss: {
				baselineMiB: this.windowBaseline / MIB,
				sampledPeakMiB: this.windowPeak / MIB,
				kernelPeakMiB: this.kernelPeakSupported ? this.windowKernelPeak / MIB : null,
				peakMiB: peak / MIB,
				growthMiB: (peak - this.windowBaseline) / MIB,
				samples: this.samples,
				window: 'node',
			},
			whole,
		};
	}
}

function send(message) {
	return new Promise((resolve) => {
		if (process.send) process.send(message, () => resolve());
		else {
			process.stdout.write(`${JSON.stringify(message)}\n`);
			resolve();
		}
	});
}

async function main() {
	const spec = JSON.parse(process.env.BENCH_TASK || '{}');
	const modulePath = path.join(__dirname, '..', 'tasks', spec.module);
	const resolved = ['.js', '.mjs'].map((ext) => modulePath + ext).find((p) => fs.existsSync(p));
	if (!resolved) throw new Error(`no task module ${spec.module}`);
	const loaded = await import(pathToFileURL(resolved).href);
	// CommonJS task modules arrive as the default export; ES modules export their actions by name.
	const task = loaded[spec.action] ? loaded : loaded.default || {};
	const action = task[spec.action];
	if (!action) throw new Error(`task module ${spec.module} has no action "${spec.action}"`);
	const params = spec.params || {};

	const ctx = action.setup ? await action.setup(params) : {};

	const meter = new Meter(process.env.BENCH_PROFILE_FILE);
	meter.start();
	let output;
	let failure;
	try {
		output = await action.run(ctx, params, meter.window);
	} catch (error) {
		failure = error;
	}
	const { wallMs, cpuMs, gc, rss, whole } = meter.finish();
	await meter.discarded?.done();
	await meter.profiler?.done();
	if (failure) {
		await send({
			ok: false,
			error: failure && failure.stack ? failure.stack : String(failure),
			wallMs,
			cpuMs,
			rss,
			whole,
		});
		return;
	}
	let verification;
	try {
		verification = action.verify ? await action.verify(ctx, params, output) : { ok: true };
	} catch (error) {
		verification = {
			ok: false,
			detail: `verification threw: ${error && error.message ? error.message : error}`,
		};
	}
	if (action.teardown) await action.teardown(ctx);
	await send({
		ok: true,
		ms: output && typeof output.ms === 'number' ? output.ms : wallMs,
		wallMs,
		cpuMs,
		gc,
		info: output ? output.info : undefined,
		rss,
		whole,
		verification,
	});
}

main()
	.then(() => process.exit(0))
	.catch(async (error) => {
		await send({ ok: false, error: error && error.stack ? error.stack : String(error) });
		process.exit(1);
	});
