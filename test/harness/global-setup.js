'use strict';
/**
 * Jest global setup: the harness loads the *built* package (dist/) the way n8n does, so build it
 * when any source file is newer than the last build.
 */
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const stamp = path.join(root, 'dist', 'package.json');

function newestSourceMtime(dir) {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
		else newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

module.exports = async () => {
	const sources = ['nodes', 'credentials', 'icons']
		.map((d) => path.join(root, d))
		.filter((d) => fs.existsSync(d));
	const newest = Math.max(
		fs.statSync(path.join(root, 'package.json')).mtimeMs,
		...sources.map(newestSourceMtime),
	);
	const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
	if (built >= newest) return;
	// Incremental (no clean), so that parallel test runs never see dist/ vanish. tsc still emits when a
	// type error is found; the tests then run and the error is shown. `npm run build` (CI, release) is strict.
	try {
		execSync('npx tsc -p tsconfig.json', { cwd: root, stdio: 'inherit' });
	} catch {
		console.warn(
			'\n[global-setup] TypeScript reported errors (shown above); `npm run build` fails on them.\n',
		);
	}
	execSync('npx gulp build', { cwd: root, stdio: 'ignore' });
};
