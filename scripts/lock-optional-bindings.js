'use strict';
/**
 * Keeps package-lock.json usable by `npm ci` when the registry in use does not serve some of
 * unrs-resolver's optional platform bindings (the npm registry reachable from our CI machines serves
 * only the linux-x64/arm64 ones). `npm install` then leaves those optional packages out of the lock, and
 * `npm ci` refuses the lock as "not in sync". This adds the missing entries with their os/cpu/libc, so
 * `npm ci` skips them on every other platform, exactly as it would with a complete lock.
 *
 *   node scripts/lock-optional-bindings.js      (after any `npm install` that rewrote the lock)
 */
const fs = require('node:fs');
const path = require('node:path');

const lockFile = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const resolver = lock.packages['node_modules/unrs-resolver'];
if (!resolver) {
	console.log('unrs-resolver is not in the lock: nothing to do');
	process.exit(0);
}
const { version, optionalDependencies = {} } = resolver;
let added = 0;
for (const name of Object.keys(optionalDependencies)) {
	const key = `node_modules/${name}`;
	if (lock.packages[key]) continue;
	const platform = name.replace('@unrs/resolver-binding-', '');
	const [os, cpu] = platform.split('-');
	lock.packages[key] = {
		version,
		resolved: `https://registry.npmjs.org/${name}/-/${name.split('/')[1]}-${version}.tgz`,
		cpu: [cpu],
		dev: true,
		license: 'MIT',
		optional: true,
		os: [os],
		...(platform.includes('-musl')
			? { libc: ['musl'] }
			: platform.includes('-gnu')
				? { libc: ['glibc'] }
				: {}),
	};
	added++;
}
const ordered = {};
for (const key of Object.keys(lock.packages).sort((a, b) =>
	a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
)) {
	ordered[key] = lock.packages[key];
}
lock.packages = ordered;
fs.writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional unrs-resolver bindings added`);
