#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 .cpuprofile (from `node bench/run.js --profile DIR`): self time by function and by
 * module (package or project file), highest first.
 *
 *   node bench/lib/profile-summary.js DIR/get-ours-1-0.cpuprofile [--top 25] [--inclusive fnA,fnB]
 *
 * --inclusive: for each function name, the time of the samples whose stack contains it (inclusive time).
 */
const fs = require('node:fs');

const file = process.argv[2];
const topIndex = process.argv.indexOf('--top');
const TOP = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
if (!file) {
	process.stderr.write('usage: profile-summary.js FILE.cpuprofile [--top N]\n');
	process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map();
const deltas = profile.timeDeltas || [];
for (let i = 0; i < profile.samples.length; i++) {
	const id = profile.samples[i];
	selfMicros.set(id, (selfMicros.get(id) || 0) + (deltas[i] || 0));
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

function moduleOf(url) {
	if (!url) return '(native/V8)';
	const nm = url.lastIndexOf('node_modules/');
	if (nm >= 0) {
		const rest = url.slice(nm + 'node_modules/'.length).split('/');
		return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	}
	if (url.startsWith('node:')) return url;
	const project = url.indexOf('/work/main/');
	return project >= 0 ? url.slice(project + '/work/main/'.length) : url;
}

const functions = new Map();
const modules = new Map();
for (const [id, micros] of selfMicros) {
	const node = byId.get(id);
	const frame = node.callFrame;
	const key = `${frame.functionName || '(anonymous)'} ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
	functions.set(key, (functions.get(key) || 0) + micros);
	const mod = moduleOf(frame.url);
	modules.set(mod, (modules.get(mod) || 0) + micros);
}

const show = (title, map) => {
	process.stdout.write(`\n${title}\n`);
	for (const [key, micros] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
		process.stdout.write(
			`${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}\n`,
		);
	}
};
process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n`);
show('by module (self time)', modules);
show('by function (self time)', functions);

const inclusiveIndex = process.argv.indexOf('--inclusive');
if (inclusiveIndex > 0) {
	const names = process.argv[inclusiveIndex + 1].split(',');
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children || []) parent.set(child, node.id);
	const inclusive = new Map(names.map((n) => [n, 0]));
	for (const [id, micros] of selfMicros) {
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const name = byId.get(cur).callFrame.functionName;
			if (inclusive.has(name) && !seen.has(name)) {
				seen.add(name);
				inclusive.set(name, inclusive.get(name) + micros);
			}
		}
	}
	show('inclusive time of the named functions', inclusive);
}
