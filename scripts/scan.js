'use strict';
/**
 * `npm run scan`: n8n's community-package scanner (@n8n/scan-community-package), run offline on the two legs
 * n8n scans for a published package (see analyzePackageByName in its scanner/scanner.mjs):
 *   source: package.json, nodes/**, credentials/** (the scanner's SOURCE_FILE_PATTERNS), here in the repo;
 *   packed: the compiled .js and package.json of the tarball `npm pack` makes, unpacked to a temp folder.
 * The scanner downloads the package and its attested source from the registry and GitHub; this gives its
 * exported analyzePackage(dir, patterns) local folders instead, so nothing leaves the machine.
 * Prints every violation (file, line, rule) and one summary line per leg; exits 1 on any violation.
 * Run `npm run build` first: the packed leg scans dist/.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { stripVTControlCharacters } = require('node:util');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scannerRequire = createRequire(scannerFile);
// The scanner's own file finder and ignores, to count the files analyzePackage lints (it returns no count).
const glob = scannerRequire('fast-glob');
const SCANNER_IGNORE = ['node_modules/**', '**/package-lock.json'];
// The tarball leg's patterns, as analyzePackageByName passes them.
const PACKED_PATTERNS = ['**/*.js', 'package.json'];
// Importing the scanner creates its (unused) download folder; have its tmp library remove it on exit.
scannerRequire('tmp').setGracefulCleanup();

/** `npm pack` the project into `tmp` and unpack it there; returns the unpacked package folder. */
function packInto(tmp) {
	const unbuilt = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
		(file) => !fs.existsSync(path.join(root, file)),
	);
	if (unbuilt.length)
		throw new Error(`not built (missing ${unbuilt.join(', ')}): run \`npm run build\` first`);
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', tmp],
		{
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const [{ filename }] = JSON.parse(out);
	execFileSync('tar', ['-xzf', path.join(tmp, filename), '-C', tmp], { stdio: 'inherit' });
	return { dir: path.join(tmp, 'package'), label: filename };
}

/** Errors in ESLint's stylish report, from its summary line "✖ N problems (E errors, W warnings)". */
function errorCount(details) {
	const match = /\((\d+) errors?,/.exec(details);
	return match ? Number(match[1]) : NaN;
}

async function scanLeg(analyzePackage, leg, dir, patterns, label) {
	const fileCount = glob.sync(patterns, { cwd: dir, ignore: SCANNER_IGNORE }).length;
	if (fileCount === 0) {
		console.error(`scan: ${leg} has no files to analyse in ${label}`);
		return false;
	}
	const result = await analyzePackage(dir, patterns);
	const details = stripVTControlCharacters(result.details ?? '');
	if (details) console.log(details.split(`${dir}${path.sep}`).join(`${label}: `).trimEnd());
	if (result.passed) {
		console.log(`scan: ${leg} 0 violations (${fileCount} files)`);
		return true;
	}
	const errors = errorCount(details);
	const count = Number.isNaN(errors) ? `failed: ${result.message}` : `${errors} violations`;
	console.log(`scan: ${leg} ${count} (${fileCount} files)`);
	return false;
}

async function main() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);
	const sourceOk = await scanLeg(analyzePackage, 'source', root, SOURCE_FILE_PATTERNS, 'source');
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	let packedOk = false;
	try {
		const { dir, label } = packInto(tmp);
		packedOk = await scanLeg(analyzePackage, 'packed', dir, PACKED_PATTERNS, label);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	if (!sourceOk || !packedOk) process.exitCode = 1;
}

main().catch((error) => {
	console.error(`scan: ${error.message}`);
	process.exitCode = 1;
});
