'use strict';
// n8n pins its own packages (n8n-core, @n8n/*) at exact versions. A registry can lack some of them: the
// one reachable here serves n8n 2.41.3 but not n8n-core 2.41.2, @n8n/agents 0.26.2 and 19 more of its pins.
// This walks the n8n package's own dependency tree (only n8n's packages, exact pins) and, for each pinned
// version the registry does not serve, picks the newest served version of the same major.minor below it.
// The result becomes npm `overrides` (install.js), is printed and kept in the install marker: the n8n
// that runs is then that n8n release with those packages one patch older, and says so. Where the registry
// serves every pin (npmjs.org does), the walk finds nothing and the install is the release as published.
const { execFile } = require('node:child_process');

const OWN_PACKAGE = /^(@n8n\/|n8n-)/;
const EXACT = /^\d+\.\d+\.\d+$/;
const PARALLEL = 8;

function npmView(spec, field, env) {
	return new Promise((resolve) => {
		execFile(
			'npm',
			['view', spec, field, '--json'],
			{ env, timeout: 60000, maxBuffer: 16 * 1024 * 1024 },
			(err, stdout) => {
				if (err) return resolve(undefined);
				try {
					resolve(stdout.trim() ? JSON.parse(stdout) : undefined);
				} catch {
					resolve(undefined);
				}
			},
		);
	});
}

function compare(a, b) {
	const x = a.split('.').map(Number);
	const y = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
	return 0;
}

/** The newest served version with the same major.minor as `wanted` and below it, or undefined. */
function nearestBelow(wanted, served) {
	const [major, minor] = wanted.split('.');
	return served
		.filter((v) => EXACT.test(v) && v.startsWith(`${major}.${minor}.`) && compare(v, wanted) < 0)
		.sort(compare)
		.pop();
}

/**
 * `{ overrides: { name: served }, replaced: [{ name, pinned, served }], unresolved: [...] }` for
 * `n8n@version`; `overrides` is empty when the registry serves every pin.
 */
async function findSubstitutes(version, { env = process.env, log = () => {} } = {}) {
	const versionsOf = new Map();
	const served = (name) => {
		if (!versionsOf.has(name))
			versionsOf.set(
				name,
				npmView(name, 'versions', env).then((v) => (Array.isArray(v) ? v : v ? [v] : [])),
			);
		return versionsOf.get(name);
	};
	const overrides = {};
	const replaced = [];
	const unresolved = [];
	const seen = new Set([`n8n@${version}`]);
	const queue = [['n8n', version]];
	while (queue.length) {
		const batch = queue.splice(0, PARALLEL);
		const found = await Promise.all(
			batch.map(async ([name, pinned]) => {
				const list = await served(name);
				let use = pinned;
				if (!list.includes(pinned)) {
					use = name === 'n8n' ? undefined : nearestBelow(pinned, list);
					if (!use) {
						unresolved.push({ name, pinned });
						return [];
					}
					if (overrides[name] && overrides[name] !== use)
						log(
							`${name}: pinned at ${pinned} and elsewhere at another missing version; using ${overrides[name]}`,
						);
					else {
						overrides[name] = use;
						replaced.push({ name, pinned, served: use });
					}
				}
				const deps = (await npmView(`${name}@${use}`, 'dependencies', env)) || {};
				return Object.entries(deps).filter(([n, v]) => OWN_PACKAGE.test(n) && EXACT.test(v));
			}),
		);
		for (const deps of found)
			for (const [n, v] of deps) {
				const key = `${n}@${v}`;
				if (seen.has(key)) continue;
				seen.add(key);
				queue.push([n, v]);
			}
	}
	replaced.sort((a, b) => a.name.localeCompare(b.name));
	return { overrides, replaced, unresolved };
}

module.exports = { findSubstitutes, nearestBelow };
