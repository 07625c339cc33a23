'use strict';
/**
 * Mutation score by area from the kept Stryker results (test/mutation/stryker-incremental.json, written
 * by `npm run test:mutation`), computed by mutation-testing-metrics (Stryker's own scoring):
 *
 *   node scripts/mutation-summary.js            score per area and per file, files never run
 *   node scripts/mutation-summary.js --survivors    and every surviving / uncovered mutant
 *
 * The score is Stryker's: (killed + timed out) / (killed + timed out + survived + no coverage); mutants
 * the TypeScript checker rejects and ignored (static) ones do not count.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const REPORT = path.join(ROOT, 'test', 'mutation', 'stryker-incremental.json');
const AREAS = {
	'nodes/shared': 'nodes/shared',
	'Files.com transport': 'nodes/FilesCom/transport',
	'Laserfiche transport': 'nodes/Laserfiche/transport',
};

function sourceFiles(dir) {
	return fs
		.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
		.flatMap((e) =>
			e.isDirectory()
				? sourceFiles(`${dir}/${e.name}`)
				: e.name.endsWith('.ts')
					? [`${dir}/${e.name}`]
					: [],
		);
}

async function main() {
	const { calculateMutationTestMetrics } = await import('mutation-testing-metrics');
	if (!fs.existsSync(REPORT)) {
		console.error(`${path.relative(ROOT, REPORT)} is missing: run npm run test:mutation first`);
		process.exit(1);
	}
	const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
	const files = Object.fromEntries(
		Object.entries(report.files).map(([name, file]) => [
			path.relative(ROOT, path.resolve(ROOT, name)).split(path.sep).join('/'),
			file,
		]),
	);
	const pct = (m) => (Number.isNaN(m.mutationScore) ? 'n/a' : `${m.mutationScore.toFixed(1)} %`);
	const counts = (m) =>
		`${m.killed} killed, ${m.timeout} timed out, ${m.survived} survived, ${m.noCoverage} no coverage`;
	const all = {};
	for (const [area, dir] of Object.entries(AREAS)) {
		const inArea = Object.fromEntries(
			Object.entries(files).filter(([f]) => f.startsWith(`${dir}/`)),
		);
		Object.assign(all, inArea);
		const metrics = calculateMutationTestMetrics({
			...report,
			files: inArea,
		}).systemUnderTestMetrics;
		console.log(`${area}: ${pct(metrics.metrics)} (${counts(metrics.metrics)})`);
		for (const name of sourceFiles(dir)) {
			const one = calculateMutationTestMetrics({
				...report,
				files: inArea[name] ? { [name]: inArea[name] } : {},
			}).systemUnderTestMetrics.metrics;
			console.log(
				inArea[name] ? `  ${name}: ${pct(one)} (${counts(one)})` : `  ${name}: not run yet`,
			);
		}
	}
	const total = calculateMutationTestMetrics({ ...report, files: all }).systemUnderTestMetrics
		.metrics;
	console.log(`all three: ${pct(total)} (${counts(total)}) over the files run so far`);
	if (process.argv.includes('--survivors')) {
		for (const [name, file] of Object.entries(all))
			for (const m of file.mutants)
				if (m.status === 'Survived' || m.status === 'NoCoverage')
					console.log(
						`${m.status} ${name}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${String(
							m.replacement ?? '',
						)
							.replace(/\s+/g, ' ')
							.slice(0, 100)}`,
					);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
