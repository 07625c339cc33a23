'use strict';
/**
 * Webhook deliveries of folder behaviors (behaviors.js) for file and folder actions. Sources: WEBHOOKS.md.
 *
 * Documented, and done so here:
 * - actions create, read, update, destroy, move, copy; a rename is a move; `triggers` blank = all
 *   (spec x-behaviors webhook value_hash_params; webhook-api docs);
 * - `triggering_filenames` / `exclude_filenames`, exclude winning when both match (spec);
 * - `method` GET (default: the event in the query string) or POST; `encoding` RAW or blank (GET params or
 *   a form body) or JSON (a JSON body with a matching Content-Type); `headers` added, `body` params added
 *   to a POST (spec); User-Agent "Files.com Webhook" (the spec's webhook log example);
 * - every URL of `urls` (docs: the others are "backup URLs ... that will also be attempted");
 * - success is a 2xx answer (troubleshooting docs: 200 through 299); otherwise delivered again "a few
 *   times" (docs: over 3 days), here `webhookAttempts` sends `webhookRetryMs` apart;
 * - URLs: public addresses only, ports 80, 443, 8080 or 8443 (docs), unless `allowLocalWebhooks`.
 *
 * Not shown by any official source, so chosen here and offered as options where it matters to a client:
 * - the delivery fields beyond `action` and `interface`: `path`, `destination`, `at`, `username`, `type`
 *   as a receiver of BrickFTP's webhooks expected them (third-party test code, WEBHOOKS.md (c)); `path`
 *   with a leading slash (that code) or without (the spec's webhook log example): `webhookPathStyle`
 *   'leading-slash' | 'relative'; no `size` field;
 * - the layout of a JSON body (one flat object of those fields and the `body` params); XML, EV1 and EV2
 *   are stored but not delivered (logged as failed: "encoding not emulated");
 * - whether a behavior without `recursive` applies to subfolders (`behaviorRecursiveDefault`).
 * The glob syntax of the file-name patterns is not documented: `*` and `?`, case-insensitive (Files.com
 * paths are), on the file's name.
 */
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const paths = require('./paths');

const ALLOWED_PORTS = [80, 443, 8080, 8443];
const PATH_STYLES = ['leading-slash', 'relative'];
const ACTIONS = ['create', 'read', 'update', 'destroy', 'move', 'copy'];
const DELIVERY_TIMEOUT_MS = 10000;

function isPrivateAddress(host) {
	const h = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local')) return true;
	if (net.isIPv4(h)) {
		const [a, b] = h.split('.').map(Number);
		return (
			a === 0 ||
			a === 10 ||
			a === 127 ||
			(a === 100 && b >= 64 && b <= 127) ||
			(a === 169 && b === 254) ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168)
		);
	}
	if (net.isIPv6(h))
		return (
			h === '::1' ||
			h === '::' ||
			/^f[cd]/.test(h) ||
			/^fe[89ab]/.test(h) ||
			h.startsWith('::ffff:')
		);
	// A name without a dot (an intranet host) cannot resolve publicly.
	return !h.includes('.');
}

/** Why Files.com's documented URL rules refuse a webhook URL, or undefined when they allow it. */
function refusedUrlReason(url) {
	let parsed;
	try {
		parsed = new URL(url);
	} catch {
		return 'not a URL';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return 'only http and https URLs';
	const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
	if (!ALLOWED_PORTS.includes(port))
		return `port ${port}: ports other than 80, 443, 8080, or 8443 are not allowed`;
	if (isPrivateAddress(parsed.hostname))
		return `${parsed.hostname}: URLs must resolve to public IP addresses`;
	return undefined;
}

function globToRegExp(glob) {
	const source = String(glob)
		.split('')
		.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(`^${source}$`, 'i');
}

const matchesAny = (patterns, name) =>
	Array.isArray(patterns) && patterns.some((p) => globToRegExp(p).test(name));

/** Whether a behavior on folder `own` covers the item at `target` (normalized paths). */
function covers(behavior, target) {
	const own = paths.comparisonKey(behavior.path);
	const key = paths.comparisonKey(target);
	const parent = paths.comparisonKey(paths.parentOf(target));
	if (parent === own) return true;
	return behavior.recursive && (own === '' || key.startsWith(`${own}/`));
}

function send(url, { method, headers, body }) {
	return new Promise((resolve) => {
		const client = url.startsWith('https:') ? https : http;
		const req = client.request(url, { method, headers, timeout: DELIVERY_TIMEOUT_MS }, (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode }));
			res.on('error', (error) => resolve({ error: error.message }));
		});
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', (error) => resolve({ error: error.message }));
		req.end(body);
	});
}

class Webhooks {
	constructor(state) {
		this.state = state;
		/** Every delivery: {id, behaviorId, url, event, attempts: [{status?, error?, at}], delivered}. */
		this.deliveries = [];
		this.pending = new Set();
		this.nextId = 1;
		this.timers = new Set();
	}

	/** The request one delivery makes (method, URL with query, headers, body). */
	request(value, url, fields) {
		const method = String(value.method || 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
		const encoding = String(value.encoding || 'RAW').toUpperCase();
		const headers = { 'User-Agent': 'Files.com Webhook', ...(value.headers || {}) };
		if (method === 'GET') {
			const target = new URL(url);
			for (const [k, v] of Object.entries(fields)) target.searchParams.append(k, String(v));
			return { method, url: target.toString(), headers };
		}
		const params = { ...(value.body || {}), ...fields };
		if (encoding === 'JSON') {
			return {
				method,
				url,
				headers: { ...headers, 'Content-Type': 'application/json' },
				body: JSON.stringify(params),
			};
		}
		if (encoding !== 'RAW') return { method, url, headers, unsupported: encoding };
		return {
			method,
			url,
			headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString(),
		};
	}

	fields(event) {
		const style = this.state.options.webhookPathStyle;
		const shown = (p) => (p === undefined || p === '' ? '' : style === 'relative' ? p : `/${p}`);
		return {
			action: event.action,
			interface: event.interface,
			path: shown(event.path),
			destination: shown(event.destination),
			at: new Date(this.state.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			username: event.username || '',
			type: event.type,
		};
	}

	/**
	 * A file or folder action happened: {action, path, destination?, type: 'file'|'directory', interface,
	 * username}. Each matching webhook behavior is delivered to, after the action's answer.
	 */
	emit(event) {
		for (const behavior of this.state.behaviors.webhooks()) {
			const value = behavior.value || {};
			const triggers =
				Array.isArray(value.triggers) && value.triggers.length ? value.triggers : ACTIONS;
			if (!triggers.includes(event.action)) continue;
			const within =
				covers(behavior, event.path) ||
				(event.destination !== undefined && covers(behavior, event.destination));
			if (!within) continue;
			const name = paths.baseName(event.path);
			if (matchesAny(value.exclude_filenames, name)) continue;
			if (
				Array.isArray(value.triggering_filenames) &&
				value.triggering_filenames.length &&
				!matchesAny(value.triggering_filenames, name)
			)
				continue;
			const fields = this.fields(event);
			for (const url of value.urls || []) {
				const delivery = {
					id: this.nextId++,
					behaviorId: behavior.id,
					url: String(url),
					fields,
					attempts: [],
					delivered: false,
				};
				this.deliveries.push(delivery);
				const run = this.attempt(delivery, value);
				this.pending.add(run);
				void run.finally(() => this.pending.delete(run));
			}
		}
	}

	async attempt(delivery, value) {
		const { webhookAttempts, webhookRetryMs, webhookDelayMs } = this.state.options;
		await this.wait(webhookDelayMs);
		for (let n = 0; n < webhookAttempts; n++) {
			if (n > 0) await this.wait(webhookRetryMs);
			const at = new Date().toISOString();
			const refused = !this.state.options.allowLocalWebhooks && refusedUrlReason(delivery.url);
			const request = this.request(value, delivery.url, delivery.fields);
			let outcome;
			if (refused) outcome = { error: `not delivered: ${refused}` };
			else if (request.unsupported)
				outcome = { error: `encoding not emulated: ${request.unsupported}` };
			else outcome = await send(request.url, request);
			delivery.attempts.push({ ...outcome, at, method: request.method });
			if (outcome.status >= 200 && outcome.status < 300) {
				delivery.delivered = true;
				return;
			}
			if (refused || request.unsupported) return;
		}
	}

	wait(ms) {
		if (!(ms > 0)) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			timer.unref();
			this.timers.add(timer);
		});
	}

	/** POST /behaviors/webhook/test: one request, as a `test` action, its answer not checked. */
	async sendTest(params) {
		const value = {
			method: params.method,
			encoding: params.encoding,
			headers: params.headers,
			body: params.body,
		};
		const request = this.request(value, String(params.url), { action: params.action || 'test' });
		if (!request.unsupported) await send(request.url, request);
	}

	/** Resolves once every delivery under way has ended (tests, the control endpoint). */
	async settled() {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	stop() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

module.exports = { Webhooks, refusedUrlReason, PATH_STYLES, ALLOWED_PORTS };
