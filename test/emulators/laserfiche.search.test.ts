/**
 * Laserfiche emulator: the documented subset of the search syntax (entry name with wildcards, basic
 * text, template fields, LOOKIN, tags, dates, & | - and parentheses), asynchronous searches with
 * results, context hits and closing, and simple searches (at most 100 results, 206 when cut).
 */
import {
	apiClient,
	contractWatcher,
	expectProblem,
	selfHostedToken,
	startLaserficheEmulator,
	waitForTask,
	type LaserficheEmulator,
} from './laserfiche/fixtures/helpers';

let lf: LaserficheEmulator;
let api: ReturnType<typeof apiClient>;
const watcher = contractWatcher(() => lf);

beforeAll(async () => {
	lf = await startLaserficheEmulator();
	api = apiClient(lf, 'selfHosted', await selfHostedToken(lf));
});
afterAll(async () => {
	await lf?.stop();
});
beforeEach(() => watcher.reset());
afterEach(() => watcher.check());

async function simple(searchCommand: string): Promise<string[]> {
	const res = await api('POST', '/SimpleSearches', { json: { searchCommand } });
	expect(res.status).toBe(200);
	return res.body.value.map((e: { name: string }) => e.name).sort();
}

describe('search syntax', () => {
	it('matches entry names with * and ? wildcards, case-insensitively, optionally by type', async () => {
		expect(await simple('{LF:Name="INV-2026*"}')).toEqual([
			'INV-2026-0001 Acme Corp',
			'INV-2026-0002 Globex',
			'INV-2026-0003 Café Müller',
		]);
		expect(await simple('{LF:Name="inv-202?-0417*"}')).toEqual(['INV-2025-0417 Initech']);
		expect(await simple('{LF:Name="INV-2026-0003 Café Müller"}')).toEqual([
			'INV-2026-0003 Café Müller',
		]);
		expect(await simple('{LF:Name="20*", Type="F"}')).toEqual(['2025', '2026']);
		expect(await simple('{LF:Name="*Acme*", Type="D"}')).toEqual([
			'INV-2026-0001 Acme Corp',
			'Master Services Agreement – Acme',
		]);
		expect(await simple('{LF:Name="報告書"}')).toEqual(['報告書']);
	});

	it('runs basic searches over names, field values and text', async () => {
		expect(await simple('{LF:Basic~="Windham Ave", option="DFANLT"}')).toEqual([
			'Meeting Minutes 2026-01-15',
		]);
		expect(await simple('{LF:Basic~="globex", option="L"}')).toEqual([
			'INV-2026-0002 Globex',
			'NDA Globex',
		]);
		expect(await simple('{LF:Basic~="売上"}')).toEqual(['報告書']);
		expect(await simple('{LF:Basic~="acme rockets"}')).toEqual(['INV-2026-0001 Acme Corp']);
	});

	it('matches template fields (=, wildcards, comparisons, any template) and template membership', async () => {
		expect(await simple('{[Invoice]:[Status]="Pending"}')).toEqual([
			'INV-2026-0002 Globex',
			'INV-2026-0003 Café Müller',
		]);
		expect(await simple('{[]:[Vendor]="Acme*"}')).toEqual([
			'INV-2026-0001 Acme Corp',
			'Master Services Agreement – Acme',
		]);
		expect(await simple('{[Invoice]:[Amount]>"1000"}')).toEqual([
			'INV-2026-0001 Acme Corp',
			'INV-2026-0002 Globex',
		]);
		expect(await simple('{[Invoice]:[Invoice Date]<"2026-01-01"}')).toEqual([
			'INV-2025-0417 Initech',
		]);
		expect(await simple('{[Contract]}')).toEqual([
			'Master Services Agreement – Acme',
			'NDA Globex',
		]);
		expect(await simple('{[HR Record]:[Employee Name]~="doe"}')).toEqual([
			'Jane Doe — Offer Letter',
		]);
	});

	it('restricts with LOOKIN and combines with &, |, - and parentheses', async () => {
		expect(await simple('{LF:LOOKIN="\\Invoices\\2026"}')).toHaveLength(3);
		expect(await simple('{LF:LOOKIN="\\Invoices"} & {[Invoice]:[Status]="Paid"}')).toEqual([
			'INV-2025-0417 Initech',
		]);
		expect(await simple('{LF:LOOKIN="\\Invoices", Subfolders=N}')).toEqual(['2025', '2026']);
		expect(await simple('{LF:Name="NDA*"} | {LF:Name="Welcome"}')).toEqual([
			'NDA Globex',
			'Welcome',
		]);
		expect(await simple('{LF:LOOKIN="\\Invoices\\2026"} & -{LF:Name="*Acme*"}')).toEqual([
			'INV-2026-0002 Globex',
			'INV-2026-0003 Café Müller',
		]);
		expect(
			await simple('({LF:Name="NDA*"} | {LF:Name="INV-2025*"}) & {LF:Tags="Archived"}'),
		).toEqual(['INV-2025-0417 Initech']);
		expect(await simple('{LF:Tags="Confidential"}')).toEqual([
			'Jane Doe — Offer Letter',
			'Master Services Agreement – Acme',
		]);
		expect(await simple('{LF:LOOKIN="\\Invoices"} & {LF:Create>="2026-02-01"}')).toEqual([
			'INV-2026-0002 Globex',
			'INV-2026-0003 Café Müller',
		]);
	});

	it('answers 400 ProblemDetails for commands outside the supported syntax', async () => {
		for (const bad of [
			'',
			'Invoice',
			'{LF:Name="x"',
			'{LF:Unknown="x"}',
			'{LF:Name="x"} &',
			'({LF:Name="x"}',
			'{LF:Name="unterminated}',
		]) {
			const res = await api('POST', '/SimpleSearches', { json: { searchCommand: bad } });
			expectProblem(res, 400);
		}
		expectProblem(
			await api('POST', '/Searches/SearchAsync', { json: { searchCommand: '{LF:Name=}' } }),
			400,
			'Invalid search command.',
		);
	});
});

describe('asynchronous search', () => {
	it('starts a search task, pages its results with fields, shows context hits and closes it', async () => {
		const start = await api('POST', '/Searches/SearchAsync', {
			json: {
				searchCommand: '{LF:Basic~="invoice", option="DFANLT"} & {LF:LOOKIN="\\Invoices"}',
				fuzzyType: 'None',
			},
		});
		expect(start.status).toBe(202);
		const task = await waitForTask(api, start.body.taskId);
		expect(task).toMatchObject({ taskType: 'SearchEntry', status: 'Completed' });

		const first = await api(
			'GET',
			`/Searches/${start.body.taskId}/Results?fields=Vendor&$count=true`,
			{ headers: { prefer: 'maxpagesize=2' } },
		);
		expect(first.status).toBe(200);
		expect(first.body['@odata.count']).toBe(4);
		expect(first.body.value).toHaveLength(2);
		expect(first.body.value[0]).toMatchObject({
			rowNumber: 1,
			fields: [{ name: 'Vendor', values: expect.any(Array) }],
		});
		const second = await api('GET', first.body['@odata.nextLink'], {
			headers: { prefer: 'maxpagesize=2' },
		});
		expect(second.body.value.map((e: { rowNumber: number }) => e.rowNumber)).toEqual([3, 4]);
		expect(second.body['@odata.nextLink']).toBeUndefined();

		const hits = await api('GET', `/Searches/${start.body.taskId}/Results/1/ContextHits`);
		expect(hits.status).toBe(200);
		expect(hits.body.value.length).toBeGreaterThan(0);
		expect(hits.body.value[0]).toMatchObject({
			hitType: expect.any(String),
			hitNumber: 1,
			context: expect.stringMatching(/invoice/i),
		});
		expectProblem(await api('GET', `/Searches/${start.body.taskId}/Results/99/ContextHits`), 404);

		const close = await api('DELETE', `/Tasks?taskIds=${start.body.taskId}`);
		expect(close.body.value).toEqual([
			{ id: start.body.taskId, taskType: 'SearchEntry', result: true },
		]);
		expectProblem(await api('GET', `/Searches/${start.body.taskId}/Results`), 404);
		expectProblem(await api('GET', '/Searches/unknown/Results'), 404);
	});
});

describe('simple search limits', () => {
	it('returns at most 100 results and 206 when it had to cut', async () => {
		const repo = lf.state.repositories.selfHosted;
		const bulk = repo.createFolder(1, 'Bulk');
		for (let i = 1; i <= 105; i++)
			repo.createFolder(bulk.id, `Bulk item ${String(i).padStart(3, '0')}`);
		const res = await api('POST', '/SimpleSearches?$count=true', {
			json: { searchCommand: '{LF:Name="Bulk item*"}' },
		});
		expect(res.status).toBe(206);
		expect(res.body.value).toHaveLength(100);
		expect(res.body['@odata.nextLink']).toBeUndefined();
		const fits = await api('POST', '/SimpleSearches', {
			json: { searchCommand: '{LF:Name="Bulk item 10?"}' },
		});
		expect(fits.status).toBe(200);
		expect(fits.body.value).toHaveLength(6);
		const none = await api('POST', '/SimpleSearches', {
			json: { searchCommand: '{LF:Name="No such thing"}' },
		});
		expect(none.status).toBe(200);
		expect(none.body.value).toEqual([]);
	});
});
