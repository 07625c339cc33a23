'use strict';
/** The results table: Markdown (bench/results.md) and plain text (stdout). */

const MIB = 1024 * 1024;

function formatValue(value, unit) {
	if (value === null || value === undefined) return 'n/a';
	if (unit === 'ms')
		return value >= 10000
			? `${(value / 1000).toFixed(2)} s`
			: `${Math.round(value).toLocaleString('en-US')} ms`;
	return `${value}`;
}

function throughput(figure, value) {
	if (!figure.bytes || !value) return '';
	return ` (${(figure.bytes / MIB / (value / 1000)).toFixed(0)} MiB/s)`;
}

function rows(document) {
	return document.figures.map((f) => ({
		figure: f.name,
		ours: `${formatValue(f.ours, f.unit)}${throughput(f, f.ours)}`,
		baseline: `${formatValue(f.baseline, f.unit)}${throughput(f, f.baseline)}`,
		ratio: f.ratio === null ? 'n/a' : f.ratio.toFixed(3),
		target: f.target,
		rss: f.rssGrowthMiB === null || f.rssGrowthMiB === undefined ? 'n/a' : `${f.rssGrowthMiB} MiB`,
		baselineRss:
			f.baselineRssGrowthMiB === null || f.baselineRssGrowthMiB === undefined
				? 'n/a'
				: `${f.baselineRssGrowthMiB} MiB`,
		met: f.met ? 'yes' : 'NO',
	}));
}

const COLUMNS = [
	['figure', 'Figure'],
	['ours', 'Ours (median)'],
	['baseline', 'Baseline (median)'],
	['ratio', 'Ratio'],
	['target', 'Target'],
	['rss', 'Our RSS growth (max)'],
	['baselineRss', 'Baseline RSS growth (max)'],
	['met', 'Met'],
];

function misses(document) {
	const lines = [];
	for (const f of document.figures) {
		if (f.met && f.notes.length === 0) continue;
		lines.push(
			`- ${f.met ? '' : '**Missed** — '}${f.name}: ${f.notes.join('; ') || 'see the runs'}`,
		);
	}
	return lines;
}

function renderMarkdown(document) {
	const table = rows(document);
	const lines = [
		'# Benchmark results',
		'',
		`${document.generatedAt} · ${document.machine.cpus} CPU(s) (${document.machine.cpuModel}) · Node ${document.machine.node} · ` +
			`load average ${document.machine.loadAverage1m.start} → ${document.machine.loadAverage1m.end} · ` +
			`median of ${document.runsPerFigure} runs per figure · total ${document.totalSeconds} s`,
		'',
		`| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
		`| ${COLUMNS.map(() => '---').join(' | ')} |`,
		...table.map((row) => `| ${COLUMNS.map(([key]) => row[key]).join(' | ')} |`),
		'',
	];
	const missed = misses(document);
	if (missed.length) lines.push('## Missed targets and notes', '', ...missed, '');
	lines.push('## Runs', '');
	for (const f of document.figures) {
		lines.push(`### ${f.name}`, '');
		for (const run of f.runs) {
			const value = run.ok ? formatValue(run.value, f.unit) : 'FAILED';
			const cpu =
				run.cpuMs !== undefined && run.cpuMs !== null
					? `, CPU ${Math.round(run.cpuMs).toLocaleString('en-US')} ms`
					: '';
			lines.push(
				`- ${run.side} #${run.run}: ${value}${cpu}, RSS growth ${run.rssGrowthMiB ?? 'n/a'} MiB — ${run.ok ? run.verification : run.error || run.verification}`,
			);
		}
		lines.push('');
	}
	return `${lines.join('\n')}\n`;
}

function renderConsole(document) {
	const table = rows(document);
	const widths = COLUMNS.map(([key, title]) =>
		Math.min(70, Math.max(title.length, ...table.map((row) => String(row[key]).length))),
	);
	const cell = (text, i) => {
		const s = String(text);
		return s.length > widths[i] ? `${s.slice(0, widths[i] - 1)}…` : s.padEnd(widths[i]);
	};
	const out = [
		COLUMNS.map(([, title], i) => cell(title, i)).join('  '),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...table.map((row) => COLUMNS.map(([key], i) => cell(row[key], i)).join('  ')),
	];
	const missed = misses(document);
	if (missed.length) out.push('', ...missed.map((line) => line.replace(/\*\*/g, '')));
	return out.join('\n');
}

module.exports = { renderMarkdown, renderConsole };
