'use strict';
/**
 * Long operations (copy, delete, export, import of uploaded parts, search) as tasks:
 * NotStarted → InProgress → Completed | Failed | Cancelled, observed through a long-polling
 * GET …/Tasks (returns as soon as every requested task has ended, or after `longPollMs`).
 * Task IDs expire 15 minutes after the task ends. `runPendingSteps()` lets a test end the tasks now
 * instead of waiting `durationMs` (tests give tasks a duration no run reaches, then end them on cue).
 */
const { EventEmitter } = require('node:events');
const { randomUUID } = require('node:crypto');
const { HttpError, hex } = require('./http-util');
const { problemBody } = require('./problem');

const ENDED = new Set(['Completed', 'Failed', 'Cancelled']);

class TaskManager {
	/** @param {{ durationMs: number, longPollMs: number, retentionMs?: number, clock?: () => number }} opts */
	constructor(opts) {
		this.opts = { retentionMs: 15 * 60 * 1000, clock: () => Date.now(), ...opts };
		this._tasks = new Map();
		this._events = new EventEmitter();
		this._events.setMaxListeners(0);
		/** Pending steps: timer → step. */
		this._timers = new Map();
		this._stopped = false;
	}

	/**
	 * Starts a task.
	 * @param {{ type: string, owner: { token: string, principal: string }, repositoryId: string, run: (task: object) => Promise<{ entryId?: number, uri?: string }|void>, instance: string, onCancel?: () => void }} spec
	 */
	start(spec) {
		const now = new Date().toISOString();
		const task = {
			id: randomUUID().replace(/-/g, ''),
			type: spec.type,
			status: 'NotStarted',
			percentComplete: 0,
			errors: [],
			result: null,
			startTime: now,
			lastUpdateTime: now,
			owner: spec.owner,
			repositoryId: spec.repositoryId,
			instance: spec.instance,
			endedAt: undefined,
			data: {},
			onCancel: spec.onCancel,
		};
		this._tasks.set(task.id, task);
		this._later(5, () => {
			if (task.status !== 'NotStarted') return;
			this._update(task, { status: 'InProgress', percentComplete: 10 });
			this._later(this.opts.durationMs, async () => {
				if (task.status !== 'InProgress') return;
				try {
					const result = await spec.run(task);
					if (task.status !== 'InProgress') return;
					this._update(task, { status: 'Completed', percentComplete: 100, result: result || null });
				} catch (err) {
					if (task.status !== 'InProgress') return;
					this._update(task, { status: 'Failed', errors: [this._problem(task, err)] });
				}
			});
		});
		return task;
	}

	_problem(task, err) {
		const ctx = {
			requestId: hex(16),
			traceId: `00-${hex(16)}-${hex(8)}-00`,
			pathname: task.instance,
		};
		if (err instanceof HttpError) return problemBody(ctx, err.status, err.title, err.opts);
		return problemBody(ctx, 500, 'An unexpected error occurred while running the task.', {
			detail: String(err && err.message),
		});
	}

	_later(ms, fn) {
		if (this._stopped) return;
		const t = setTimeout(() => {
			this._timers.delete(t);
			Promise.resolve()
				.then(fn)
				.catch(() => {});
		}, ms);
		this._timers.set(t, fn);
	}

	/**
	 * Runs every pending step now, and the steps they schedule, in order (a started task runs to its
	 * end; a cancelled one stays cancelled). Bounded: at most `rounds` rounds of steps.
	 */
	async runPendingSteps(rounds = 20) {
		for (let round = 0; round < rounds && this._timers.size > 0; round++) {
			const steps = [...this._timers];
			this._timers.clear();
			for (const [t, fn] of steps) {
				clearTimeout(t);
				await Promise.resolve()
					.then(fn)
					.catch(() => {});
			}
		}
	}

	_update(task, patch) {
		Object.assign(task, patch, { lastUpdateTime: new Date().toISOString() });
		if (ENDED.has(task.status)) task.endedAt = this.opts.clock();
		this._events.emit('change', task);
	}

	_sweep() {
		const cutoff = this.opts.clock() - this.opts.retentionMs;
		for (const [id, task] of this._tasks)
			if (task.endedAt && task.endedAt < cutoff) this._tasks.delete(id);
	}

	/** A task visible to the caller: same repository and same principal. */
	get(id, owner, repositoryId) {
		this._sweep();
		const task = this._tasks.get(String(id));
		if (!task || task.repositoryId !== repositoryId || task.owner.principal !== owner.principal)
			return undefined;
		return task;
	}

	/** Every task started with this access token. */
	listForToken(owner, repositoryId) {
		this._sweep();
		return [...this._tasks.values()].filter(
			(t) => t.repositoryId === repositoryId && t.owner.token === owner.token,
		);
	}

	/** Resolves once every task has ended, after `timeoutMs`, or when `signal` fires. */
	waitUntilEnded(tasks, timeoutMs, signal) {
		if (tasks.every((t) => ENDED.has(t.status)) || timeoutMs <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this._events.off('change', onChange);
				if (signal) signal.removeEventListener('abort', done);
				resolve();
			};
			const onChange = () => {
				if (tasks.every((t) => ENDED.has(t.status))) done();
			};
			const timer = setTimeout(done, timeoutMs);
			this._events.on('change', onChange);
			if (signal) signal.addEventListener('abort', done);
		});
	}

	/** Cancels a task; true if it was still running. */
	cancel(task) {
		if (ENDED.has(task.status)) return false;
		this._update(task, { status: 'Cancelled' });
		if (task.onCancel) task.onCancel();
		return true;
	}

	/** Forgets a task (used when a search is closed). */
	remove(task) {
		this._tasks.delete(task.id);
	}

	stop() {
		this._stopped = true;
		for (const t of this._timers.keys()) clearTimeout(t);
		this._timers.clear();
		this._events.emit('change');
	}

	clear() {
		this._tasks.clear();
	}
}

function isEnded(task) {
	return ENDED.has(task.status);
}

function taskToV2(task) {
	return {
		id: task.id,
		taskType: task.type,
		percentComplete: task.percentComplete,
		status: task.status,
		errors: task.errors,
		result: task.result,
		startTime: task.startTime,
		lastUpdateTime: task.lastUpdateTime,
	};
}

const V1_TYPES = {
	CopyEntry: 'CopyAsync',
	DeleteEntry: 'DeleteEntry',
	SearchEntry: 'Search',
	ExportEntry: 'ExportEntry',
	ImportUploadedParts: 'ImportUploadedParts',
};

function taskToV1(task, redirectUri) {
	return {
		operationToken: task.id,
		operationType: V1_TYPES[task.type] || task.type,
		percentComplete: task.percentComplete,
		status: task.status,
		errors: task.errors.map((e) => ({
			objectId: task.data.entryId || 0,
			errorMessage: e.detail || e.title,
		})),
		redirectUri: redirectUri || null,
		entryId: (task.result && task.result.entryId) || task.data.entryId || 0,
		startTimestamp: task.startTime,
		statusTimestamp: task.lastUpdateTime,
	};
}

module.exports = { TaskManager, taskToV2, taskToV1, isEnded };
