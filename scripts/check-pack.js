'use strict';
// Checks what `npm pack` would publish: only dist/, package.json, README.md and LICENSE, and every
// node and credential that package.json's "n8n" section lists. Exits non-zero otherwise.
const { execSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const [report] = JSON.parse(
	execSync('npm pack --dry-run --json --ignore-scripts', {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	}),
);
const files = report.files.map((f) => f.path);
const allowed = (file) =>
	file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(file);
const unexpected = files.filter((file) => !allowed(file));
const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((file) => !files.includes(file));
console.log(`npm pack: ${files.length} files, ${(report.size / 1024).toFixed(1)} KiB packed`);
if (unexpected.length || missing.length) {
	if (unexpected.length) console.error(`Not allowed in the package: ${unexpected.join(', ')}`);
	if (missing.length)
		console.error(`Listed in package.json "n8n" but not packed: ${missing.join(', ')}`);
	process.exit(1);
}
for (const required of ['package.json', 'README.md', 'LICENSE']) {
	if (!files.includes(required)) {
		console.error(`${required} is missing from the package`);
		process.exit(1);
	}
}
