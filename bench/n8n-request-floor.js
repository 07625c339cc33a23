#!/usr/bin/env node
'use strict';
/**
 * What one HTTP request per item costs inside n8n, whatever the node: explains the `get` figure of
 * `npm run bench` (not part of it). Against a trivial JSON server in its own process, 1,000 requests:
 *
 * - raw: a plain Node keep-alive loop (the `get` baseline);
 * - n8n transport: n8n-core's own outbound HTTP (`OutboundHttp`, where `httpRequestWithAuthentication`
 *   ends), called directly in a loop, no workflow;
 * - probe node: the harness's minimal node (`harness.probe`: one `httpRequestWithAuthentication` per item,
 *   path from an expression) in a real n8n-core execution of 1,000 items;
 * - Files.com node: our `file:get` on 1,000 items, pointed at the same server.
 *
 * Prints wall and CPU time (user + system, this process only) per variant and per item; for the two
 * nodes, of the node's own execution (n8n's nodeExecuteBefore → nodeExecuteAfter hooks).
 *
 *   node bench/n8n-request-floor.js [--count 1000] [--rounds 3]
 */
require('./lib/ts-register');

const { spawn } = require('node:child_process');
const http = require('node:http');
const { createRequire } = require('node:module');
const { performance } = require('node:perf_hooks');

const { runNode } = require('../test/harness/run-workflow.ts');
const { requestJson } = require('./lib/util');

const { ExecutionLifecycleHooks } = require('n8n-core');

const requireFromCore = createRequire(require.resolve('n8n-core'));
const { Container } = requireFromCore('@n8n/di');
const { OutboundHttp } = requireFromCore('@n8n/backend-network');

function option(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const COUNT = option('count', 1000);
const ROUNDS = option('rounds', 3);

const SERVER = `
const http = require('node:http');
const server = http.createServer({ keepAliveTimeout: 5000 }, (req, res) => {
	const body = JSON.stringify({ path: req.url.split('?')[0].replace(/^\\/+/, ''), type: 'file', size: 1 });
	res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
	res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), 30 * 60 * 1000).unref();
`;

/** For the node variants, only the node's own execution counts (n8n's nodeExecuteBefore → nodeExecuteAfter). */
const MEASURED_NODES = new Set(['Probe', 'Files.com']);
let nodeWindow;
const runHook = ExecutionLifecycleHooks.prototype.runHook;
ExecutionLifecycleHooks.prototype.runHook = async function (hookName, parameters) {
	const name = Array.isArray(parameters) ? parameters[0] : undefined;
	if (MEASURED_NODES.has(name) && hookName === 'nodeExecuteBefore')
		nodeWindow = { cpu: process.cpuUsage(), started: performance.now() };
	if (MEASURED_NODES.has(name) && hookName === 'nodeExecuteAfter' && nodeWindow) {
		const used = process.cpuUsage(nodeWindow.cpu);
		nodeWindow = {
			...nodeWindow,
			wallMs: performance.now() - nodeWindow.started,
			cpuMs: (used.user + used.system) / 1000,
			done: true,
		};
	}
	return await runHook.call(this, hookName, parameters);
};

async function measure(fn) {
	nodeWindow = undefined;
	const cpu = process.cpuUsage();
	const started = performance.now();
	const result = await fn();
	const used = process.cpuUsage(cpu);
	if (nodeWindow?.done) return { wallMs: nodeWindow.wallMs, cpuMs: nodeWindow.cpuMs, result };
	return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, result };
}

async function main() {
	const server = spawn(process.execPath, ['-e', SERVER], {
		stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
	});
	const port = await new Promise((resolve) =>
		server.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
	);
	const base = `http://127.0.0.1:${port}`;
	const input = Array.from({ length: COUNT }, (_, i) => ({ json: { n: i } }));

	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const raw = async () => {
		for (let i = 0; i < COUNT; i++)
			await requestJson(`${base}/x/${i}`, { headers: { 'X-Key': 'k' }, agent });
	};
	const outbound = Container.get(OutboundHttp).requests();
	const transport = async () => {
		for (let i = 0; i < COUNT; i++) {
			await outbound.request({
				method: 'GET',
				url: `${base}/x/${i}`,
				headers: { 'X-Key': 'k' },
				json: true,
				returnFullResponse: true,
			});
		}
	};
	const probe = async () =>
		await runNode({
			node: {
				type: 'harness.probe',
				name: 'Probe',
				parameters: { auth: 'function', path: '={{ "/x/" + $json.n }}' },
				credentials: { harnessFunctionAuthApi: 'c' },
			},
			credentials: {
				c: { type: 'harnessFunctionAuthApi', data: { baseUrl: base, key: 'k'.repeat(20) } },
			},
			input,
		});
	const filesCom = async () =>
		await runNode({
			node: {
				type: 'filesCom',
				name: 'Files.com',
				parameters: { resource: 'file', operation: 'get', path: '={{ "/x/" + $json.n }}' },
				credentials: { filesComApi: 'c' },
			},
			credentials: { c: { type: 'filesComApi', data: { apiKey: 'k'.repeat(64), siteUrl: base } } },
			input,
		});

	const variants = [
		['raw keep-alive loop', raw],
		['n8n transport (OutboundHttp) loop', transport],
		['probe node (1 request per item)', probe],
		['Files.com node file:get', filesCom],
	];
	for (const [, fn] of variants) await fn(); // warm-up
	const rows = new Map(variants.map(([name]) => [name, []]));
	for (let round = 0; round < ROUNDS; round++) {
		for (const [name, fn] of variants) {
			const { wallMs, cpuMs, result } = await measure(fn);
			if (result && result.status && result.status !== 'success')
				throw new Error(`${name}: execution ${result.status}`);
			rows.get(name).push({ wallMs, cpuMs });
		}
	}
	const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	process.stdout.write(
		`${COUNT} requests, median of ${ROUNDS} rounds, load average ${require('node:os').loadavg()[0].toFixed(1)}\n`,
	);
	const rawWall = median(rows.get('raw keep-alive loop').map((r) => r.wallMs));
	for (const [name, list] of rows) {
		const wall = median(list.map((r) => r.wallMs));
		const cpu = median(list.map((r) => r.cpuMs));
		process.stdout.write(
			`${name.padEnd(36)} wall ${String(Math.round(wall)).padStart(6)} ms (${(wall / COUNT).toFixed(2)} ms/item, ×${(wall / rawWall).toFixed(2)})` +
				`  CPU ${String(Math.round(cpu)).padStart(6)} ms (${(cpu / COUNT).toFixed(2)} ms/item)\n`,
		);
	}
	server.kill();
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
		process.exit(1);
	},
);
