/**
 * Every operation of the Laserfiche node, in Cloud mode (repository API v2) and self-hosted mode
 * (API v1), through real n8n-core execution against the emulator. Each test checks what the node
 * returned and what the repository holds afterwards; after each test every request the node sent is
 * checked against the matching official spec, and every output is scanned for secrets.
 */
import type { NodeRun } from '../harness';
import { readBinary } from '../harness';
import type { LaserficheEmulator, Mode } from './helpers';
import {
	MODES,
	SELF_HOSTED_V2,
	byId,
	byPath,
	contractViolations,
	expectNoSecrets,
	jsonOf,
	repositoryOf,
	requestsSince,
	runLaserfiche,
	secretsOf,
	startEmulator,
	visibleText,
} from './helpers';

const INVOICE = '\\Invoices\\2026\\INV-2026-0001 Acme Corp';

describe.each(MODES)('Laserfiche node, $label', (mode: Mode) => {
	let lf: LaserficheEmulator;
	let mark = 0;
	const runs: NodeRun[] = [];

	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());
	beforeEach(() => {
		mark = lf.state.requests.length;
		runs.length = 0;
	});
	afterEach(() => {
		const requests = requestsSince(lf, mark);
		const prefix =
			mode.authentication === 'cloud'
				? `/repository/${mode.version}/`
				: `/LFRepositoryAPI/${mode.version}/`;
		for (const request of requests) {
			if (/\/Token$/i.test(request.path) || request.path.startsWith('/storage/')) continue;
			expect(request.path.startsWith(prefix)).toBe(true);
		}
		expect(contractViolations(requests)).toEqual([]);
		const secrets = secretsOf(lf);
		for (const run of runs) expectNoSecrets(visibleText(run), secrets);
	});

	const repo = () => repositoryOf(lf, mode);
	const at = (path: string) =>
		repo().resolvePath(path).entry as {
			id: number;
			name: string;
			parentId: number;
			templateId: number;
			lastModifiedTime: string;
		};
	const run = async (
		parameters: Record<string, unknown>,
		options: Parameters<typeof runLaserfiche>[3] = {},
	) => {
		const result = await runLaserfiche(lf, mode, parameters as never, {
			onError: 'continueErrorOutput',
			...options,
		});
		runs.push(result);
		return result;
	};
	const ok = async (
		parameters: Record<string, unknown>,
		options: Parameters<typeof runLaserfiche>[3] = {},
	) => {
		const result = await run(parameters, options);
		expect(jsonOf(result.errors)).toEqual([]);
		expect(result.status).toBe('success');
		return result;
	};

	describe('entry', () => {
		it('get: by path, by ID and the root folder', async () => {
			const byPathRun = await ok({ resource: 'entry', operation: 'get', entry: byPath(INVOICE) });
			const invoice = at(INVOICE);
			expect(byPathRun.success).toHaveLength(1);
			expect(byPathRun.success[0].json).toMatchObject({
				id: invoice.id,
				name: 'INV-2026-0001 Acme Corp',
				fullPath: INVOICE,
				entryType: 'Document',
				extension: 'pdf',
				mimeType: 'application/pdf',
				templateName: 'Invoice',
			});
			expect(byPathRun.success[0].json.electronicDocumentSize).toBeGreaterThan(0);

			const byIdRun = await ok({ resource: 'entry', operation: 'get', entry: byId(invoice.id) });
			expect(byIdRun.success[0].json).toMatchObject({ id: invoice.id, fullPath: INVOICE });

			const root = await ok({ resource: 'entry', operation: 'get', entry: byPath('\\') });
			expect(root.success[0].json).toMatchObject({ id: 1, entryType: 'Folder' });

			// Forward slashes are accepted for a path.
			const slashes = await ok({
				resource: 'entry',
				operation: 'get',
				entry: byPath('/Invoices/2026'),
			});
			expect(slashes.success[0].json).toMatchObject({
				fullPath: '\\Invoices\\2026',
				entryType: 'Folder',
			});
		});

		it('copy: into another folder, waiting for the task; with a new name; or returning the task', async () => {
			const copied = await ok({
				resource: 'entry',
				operation: 'copy',
				entry: byPath('\\Welcome'),
				parentFolder: byPath('\\Archive'),
			});
			const copy = at('\\Archive\\Welcome');
			expect(copy).toBeDefined();
			expect(copy.id).not.toBe(at('\\Welcome').id);
			expect(copied.success[0].json).toMatchObject({
				id: copy.id,
				name: 'Welcome',
				fullPath: '\\Archive\\Welcome',
				entryType: 'Document',
			});

			const named = await ok({
				resource: 'entry',
				operation: 'copy',
				entry: byId(at('\\Contracts').id),
				parentFolder: byPath('\\Archive\\Copies'),
				name: 'Contracts 2026',
				options: { createMissingFolders: true },
			});
			expect(named.success[0].json).toMatchObject({
				fullPath: '\\Archive\\Copies\\Contracts 2026',
				entryType: 'Folder',
			});
			const copiedFolder = at('\\Archive\\Copies\\Contracts 2026');
			expect(
				repo()
					.childrenOf(copiedFolder.id)
					.map((child: { name: string }) => child.name)
					.sort(),
			).toEqual(
				repo()
					.childrenOf(at('\\Contracts').id)
					.map((child: { name: string }) => child.name)
					.sort(),
			);

			const archiveBefore = repo().childrenOf(at('\\Archive').id).length;
			const again = await ok({
				resource: 'entry',
				operation: 'copy',
				entry: byPath('\\Welcome'),
				parentFolder: byPath('\\Archive'),
				options: { autoRename: true, waitForTask: false },
			});
			expect(again.success[0].json).toMatchObject({
				taskType: 'CopyEntry',
				sourceId: at('\\Welcome').id,
				parentId: at('\\Archive').id,
			});
			expect(typeof again.success[0].json.taskId).toBe('string');
			// Let the copy finish before the next test (the emulator gives a running copy and a new entry the same ID).
			const taskId = String(again.success[0].json.taskId);
			let status = '';
			for (let attempt = 0; attempt < 100 && status !== 'Completed'; attempt++) {
				status = String(
					(await ok({ resource: 'task', operation: 'get', taskId })).success[0].json.status,
				);
				if (status !== 'Completed') await new Promise((resolve) => setTimeout(resolve, 20));
			}
			expect(status).toBe('Completed');
			// A second entry beside the first copy; its name is the server's choice (how Laserfiche renames is
			// not documented), so only the count is asserted.
			expect(repo().childrenOf(at('\\Archive').id)).toHaveLength(archiveBefore + 1);
		});

		it('move and rename', async () => {
			await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive'),
				name: 'To Move',
			});
			const moved = await ok({
				resource: 'entry',
				operation: 'move',
				entry: byPath('\\Archive\\To Move'),
				parentFolder: byPath('\\Shared Documents'),
			});
			expect(moved.success[0].json).toMatchObject({
				fullPath: '\\Shared Documents\\To Move',
				parentId: at('\\Shared Documents').id,
			});
			expect(repo().resolvePath('\\Archive\\To Move').entry).toBeUndefined();

			const renamed = await ok({
				resource: 'entry',
				operation: 'rename',
				entry: byPath('\\Shared Documents\\To Move'),
				name: 'Moved Café',
			});
			expect(renamed.success[0].json).toMatchObject({
				name: 'Moved Café',
				fullPath: '\\Shared Documents\\Moved Café',
			});
			expect(at('\\Shared Documents\\Moved Café')).toBeDefined();
		});

		it('delete: waits for the task, or returns it; Task → Get and Cancel look at it', async () => {
			await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive'),
				name: 'Doomed',
			});
			const id = at('\\Archive\\Doomed').id;
			const deleted = await ok({
				resource: 'entry',
				operation: 'delete',
				entry: byPath('\\Archive\\Doomed'),
			});
			expect(deleted.success[0].json).toMatchObject({ id, deleted: true, status: 'Completed' });
			expect(repo().get(id)).toBeUndefined();

			await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive'),
				name: 'Doomed Later',
			});
			const laterId = at('\\Archive\\Doomed Later').id;
			const started = await ok({
				resource: 'entry',
				operation: 'delete',
				entry: byId(laterId),
				options: { waitForTask: false },
			});
			const taskId = String(started.success[0].json.taskId);
			expect(started.success[0].json).toMatchObject({ id: laterId, taskType: 'DeleteEntry' });

			let task = (await ok({ resource: 'task', operation: 'get', taskId })).success[0].json;
			for (let attempt = 0; attempt < 50 && task.status !== 'Completed'; attempt++) {
				await new Promise((resolve) => setTimeout(resolve, 20));
				task = (await ok({ resource: 'task', operation: 'get', taskId })).success[0].json;
			}
			expect(task).toMatchObject({ id: taskId, taskType: 'DeleteEntry', status: 'Completed' });
			expect(repo().get(laterId)).toBeUndefined();

			// Cancelling an ended task: Laserfiche answers with its own document (v2: result false; v1: 400).
			const cancel = await run({ resource: 'task', operation: 'cancel', taskId });
			expect(cancel.success.length + cancel.errors.length).toBe(1);
			if (mode.version === 'v2')
				expect(cancel.success[0].json).toMatchObject({ id: taskId, result: false });
			else
				expect(cancel.errors[0].json.details).toMatchObject({
					status: 400,
					title: 'Cannot cancel ended operation',
				});
		});

		it('cancel: stops a running task', async () => {
			// The copy never ends by itself (the emulator stops its timers), so it is running when cancelled.
			const slow = await startEmulator({ taskDurationMs: 10 * 60_000 });
			try {
				const started = await runLaserfiche(slow, mode, {
					resource: 'entry',
					operation: 'copy',
					entry: byPath('\\Contracts'),
					parentFolder: byPath('\\Archive'),
					options: { waitForTask: false },
				} as never);
				const taskId = String(started.success[0].json.taskId);
				const cancelled = await runLaserfiche(slow, mode, {
					resource: 'task',
					operation: 'cancel',
					taskId,
				} as never);
				expect(cancelled.status).toBe('success');
				expect(cancelled.success[0].json).toMatchObject({ id: taskId, result: true });
				const task = await runLaserfiche(slow, mode, {
					resource: 'task',
					operation: 'get',
					taskId,
				} as never);
				expect(task.success[0].json).toMatchObject({ id: taskId, status: 'Cancelled' });
				expect(contractViolations(requestsSince(slow, 0))).toEqual([]);
			} finally {
				await slow.stop();
			}
		});
	});

	describe('folder', () => {
		it('create: in a folder by path or ID, creating missing folders, auto-renaming on a clash', async () => {
			const created = await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Invoices'),
				name: '2027',
			});
			const folder = at('\\Invoices\\2027');
			expect(created.success[0].json).toMatchObject({
				id: folder.id,
				name: '2027',
				entryType: 'Folder',
				parentId: at('\\Invoices').id,
			});

			const deep = await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive\\2026\\Q1'),
				name: 'March',
				options: { createMissingFolders: true },
			});
			expect(deep.success[0].json).toMatchObject({ fullPath: '\\Archive\\2026\\Q1\\March' });
			expect(at('\\Archive\\2026\\Q1').parentId).toBe(at('\\Archive\\2026').id);

			const byIdRun = await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byId(folder.id),
				name: 'Drafts',
			});
			expect(byIdRun.success[0].json).toMatchObject({ fullPath: '\\Invoices\\2027\\Drafts' });

			const renamed = await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Invoices'),
				name: '2027',
				options: { autoRename: true },
			});
			expect(renamed.success[0].json.name).not.toBe('2027');
			expect(String(renamed.success[0].json.name)).toMatch(/^2027/);

			const clash = await run({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Invoices'),
				name: '2027',
			});
			expect(clash.errors[0].json.details).toMatchObject({
				status: 409,
				title: 'Entry name conflicts.',
				resource: 'folder',
				operation: 'create',
			});
		});

		it('list: limit, return all, and paging through @odata.nextLink', async () => {
			const listed = await ok({
				resource: 'folder',
				operation: 'list',
				parentFolder: byPath('\\Invoices\\2026'),
				returnAll: true,
			});
			expect(jsonOf(listed.success).map((entry) => entry.name)).toEqual(
				repo()
					.childrenOf(at('\\Invoices\\2026').id)
					.map((child: { name: string }) => child.name),
			);
			expect(listed.success.length).toBe(3);
			expect(
				listed.success.every(
					(item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0,
				),
			).toBe(true);

			const limited = await ok({
				resource: 'folder',
				operation: 'list',
				parentFolder: byPath('\\Invoices\\2026'),
				returnAll: false,
				limit: 2,
			});
			expect(limited.success).toHaveLength(2);

			// 230 folders: more than one page (200), so the node follows @odata.nextLink.
			const folder = repo().createFolder(1, 'Many');
			for (let index = 0; index < 230; index++)
				repo().createFolder(folder.id, `Item ${String(index).padStart(3, '0')}`);
			const from = lf.state.requests.length;
			const all = await ok({
				resource: 'folder',
				operation: 'list',
				parentFolder: byPath('\\Many'),
				returnAll: true,
			});
			expect(all.success).toHaveLength(230);
			expect(new Set(jsonOf(all.success).map((entry) => entry.id)).size).toBe(230);
			const listings = requestsSince(lf, from).filter((request) => /children$/i.test(request.path));
			expect(listings).toHaveLength(2);
			expect(listings[1].url).toMatch(/skiptoken|skip/i);
		});
	});

	describe('document', () => {
		it('import then export: name, MIME type and bytes kept', async () => {
			const content = Buffer.from('Quarterly report\nLine two: é ü ñ 日本\n', 'utf8');
			const imported = await ok(
				{
					resource: 'document',
					operation: 'import',
					parentFolder: byPath('\\Archive'),
					binaryPropertyName: 'data',
				},
				{
					input: [
						{
							json: { source: 'mail' },
							binary: { data: { content, fileName: 'Report Q1.txt', mimeType: 'text/plain' } },
						},
					],
				},
			);
			expect(imported.success[0].json).toMatchObject({
				name: 'Report Q1',
				entryType: 'Document',
				extension: 'txt',
				fullPath: '\\Archive\\Report Q1',
			});
			expect(imported.success[0].json.electronicDocumentSize).toBe(content.length);

			const exported = await ok({
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Archive\\Report Q1'),
				binaryPropertyName: 'file',
			});
			const item = exported.success[0];
			expect(item.json).toMatchObject({ name: 'Report Q1', extension: 'txt' });
			expect(item.binary?.file).toMatchObject({
				fileName: 'Report Q1.txt',
				mimeType: 'text/plain',
			});
			expect((await readBinary(item, 'file')).equals(content)).toBe(true);
		});

		it('import: with a name, into a new folder, auto-renamed; export with an audit reason', async () => {
			const pdf = Buffer.from('%PDF-1.4\n% n8n test\n%%EOF\n', 'latin1');
			const input = [
				{
					json: {},
					binary: { data: { content: pdf, fileName: 'scan.pdf', mimeType: 'application/pdf' } },
				},
			];
			const parameters = {
				resource: 'document',
				operation: 'import',
				parentFolder: byPath('\\Inbox\\2026'),
				name: 'Signed Contract',
				options: { createMissingFolders: true, autoRename: true },
			};
			await ok(parameters, { input });
			const second = await ok(parameters, { input });
			expect(second.success[0].json.name).not.toBe('Signed Contract');
			expect(at('\\Inbox\\2026\\Signed Contract')).toBeDefined();

			const exported = await ok({
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Inbox\\2026\\Signed Contract'),
				options: { auditReasonId: 3, auditReasonComment: 'n8n test' },
			});
			expect(exported.success[0].binary?.data).toMatchObject({
				fileName: 'Signed Contract.pdf',
				mimeType: 'application/pdf',
			});
			expect((await readBinary(exported.success[0])).equals(pdf)).toBe(true);
		});

		it('export: a folder is refused by name', async () => {
			const result = await run({
				resource: 'document',
				operation: 'export',
				entry: byPath('\\Invoices'),
			});
			expect(result.errors[0].json).toMatchObject({
				error: 'Entry: "\\Invoices" is a Folder, not a document',
			});
		});
	});

	describe('metadata', () => {
		it('getFields: every field with its values, and a name → value map', async () => {
			const result = await ok({
				resource: 'metadata',
				operation: 'getFields',
				entry: byPath(INVOICE),
			});
			const json = result.success[0].json as {
				entryId: number;
				fields: Array<{ name: string; values: string[] }>;
				fieldValues: Record<string, unknown>;
			};
			expect(json.entryId).toBe(at(INVOICE).id);
			expect(json.fieldValues).toMatchObject({
				'Invoice Number': 'INV-2026-0001',
				Vendor: 'Acme Corp',
			});
			expect(json.fields.find((field) => field.name === 'Invoice Number')?.values).toEqual([
				'INV-2026-0001',
			]);
		});

		it('setFields: merge keeps the other fields; replace keeps only those given; multi-value fields', async () => {
			await ok({
				resource: 'entry',
				operation: 'copy',
				entry: byPath(INVOICE),
				parentFolder: byPath('\\Archive'),
				name: 'Invoice Copy',
			});
			const path = '\\Archive\\Invoice Copy';
			const merged = await ok({
				resource: 'metadata',
				operation: 'setFields',
				entry: byPath(path),
				fields: {
					field: [
						{ name: 'Vendor', value: 'Acme Holdings' },
						{ name: 'Notes', value: 'first' },
						{ name: 'Notes', value: 'second' },
					],
				},
				mode: 'merge',
			});
			expect(merged.success[0].json.fieldValues).toMatchObject({
				'Invoice Number': 'INV-2026-0001',
				Vendor: 'Acme Holdings',
				Notes: ['first', 'second'],
			});
			const values = (name: string) =>
				repo()
					.fieldsOf(at(path))
					.find((field: { def: { name: string } }) => field.def.name === name)?.values;
			expect(values('Invoice Number')).toEqual(['INV-2026-0001']);
			expect(values('Notes')).toEqual(['first', 'second']);

			const replaced = await ok({
				resource: 'metadata',
				operation: 'setFields',
				entry: byPath(path),
				fields: { field: [{ name: 'Invoice Number', value: 'INV-9' }] },
				mode: 'replace',
			});
			expect(replaced.success[0].json.fieldValues).toMatchObject({
				'Invoice Number': 'INV-9',
				Vendor: null,
			});
			expect(values('Vendor')).toEqual([]);

			const unknown = await run({
				resource: 'metadata',
				operation: 'setFields',
				entry: byPath(path),
				fields: { field: [{ name: 'No Such Field', value: 'x' }] },
				mode: 'merge',
			});
			expect(unknown.errors[0].json.details).toMatchObject({
				status: 400,
				title: 'Field not found.',
			});
		});

		it('assignTemplate and removeTemplate', async () => {
			await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive'),
				name: 'Staff',
			});
			const assigned = await ok({
				resource: 'metadata',
				operation: 'assignTemplate',
				entry: byPath('\\Archive\\Staff'),
				templateName: 'HR Record',
				fields: {
					field: [
						{ name: 'Employee Name', value: 'Jane Doe' },
						{ name: 'Department', value: 'Ops' },
					],
				},
			});
			expect(assigned.success[0].json).toMatchObject({
				templateName: 'HR Record',
				fullPath: '\\Archive\\Staff',
			});
			expect(
				repo()
					.fieldsOf(at('\\Archive\\Staff'))
					.map((field: { def: { name: string }; values: string[] }) => [
						field.def.name,
						field.values,
					]),
			).toEqual([
				['Employee Name', ['Jane Doe']],
				['Department', ['Ops']],
				['Hire Date', []],
			]);

			const missingRequired = await run({
				resource: 'metadata',
				operation: 'assignTemplate',
				entry: byPath('\\Archive'),
				templateName: 'HR Record',
			});
			expect(missingRequired.errors[0].json.details).toMatchObject({
				status: 400,
				title: 'Required field value missing.',
			});

			const removed = await ok({
				resource: 'metadata',
				operation: 'removeTemplate',
				entry: byPath('\\Archive\\Staff'),
			});
			expect(removed.success[0].json.templateName ?? null).toBeNull();
			expect(at('\\Archive\\Staff').templateId).toBe(0);
		});

		it('getTags and setTags (merge, replace, clear)', async () => {
			const got = await ok({ resource: 'metadata', operation: 'getTags', entry: byPath(INVOICE) });
			expect((got.success[0].json.tags as Array<{ name: string }>).map((tag) => tag.name)).toEqual([
				'Approved',
			]);

			await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive'),
				name: 'Tagged',
			});
			const path = '\\Archive\\Tagged';
			const names = () =>
				repo()
					.tagsOf(at(path))
					.map((tag: { name: string }) => tag.name);
			await ok({
				resource: 'metadata',
				operation: 'setTags',
				entry: byPath(path),
				tags: 'Approved',
				mode: 'replace',
			});
			const merged = await ok({
				resource: 'metadata',
				operation: 'setTags',
				entry: byPath(path),
				tags: 'Needs Review, approved',
				mode: 'merge',
			});
			expect(
				(merged.success[0].json.tags as Array<{ name: string }>).map((tag) => tag.name),
			).toEqual(['Approved', 'Needs Review']);
			expect(names()).toEqual(['Approved', 'Needs Review']);
			await ok({
				resource: 'metadata',
				operation: 'setTags',
				entry: byPath(path),
				tags: ['Archived'],
				mode: 'replace',
			});
			expect(names()).toEqual(['Archived']);
			await ok({
				resource: 'metadata',
				operation: 'setTags',
				entry: byPath(path),
				tags: '',
				mode: 'replace',
			});
			expect(names()).toEqual([]);
		});

		it('getLinks and setLinks (merge keeps the others, replace does not)', async () => {
			const got = await ok({ resource: 'metadata', operation: 'getLinks', entry: byPath(INVOICE) });
			const links = got.success[0].json.links as Array<Record<string, unknown>>;
			expect(links).toHaveLength(1);
			expect(links[0]).toMatchObject({
				sourceId: at(INVOICE).id,
				targetId: at('\\Contracts\\Master Services Agreement – Acme').id,
				linkDefinitionId: 1,
			});

			await ok({
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath('\\Archive'),
				name: 'Linked',
			});
			const path = '\\Archive\\Linked';
			const targets = () =>
				repo()
					.linksOf(at(path))
					.map(
						(link: { targetId: number; linkDefinitionId: number }) =>
							`${link.linkDefinitionId}→${link.targetId}`,
					)
					.sort();
			const welcome = at('\\Welcome').id;
			const contracts = at('\\Contracts').id;
			await ok({
				resource: 'metadata',
				operation: 'setLinks',
				entry: byPath(path),
				links: { link: [{ linkDefinitionId: 2, otherEntryId: welcome, isSource: true }] },
				mode: 'replace',
			});
			expect(targets()).toEqual([`2→${welcome}`]);
			const merged = await ok({
				resource: 'metadata',
				operation: 'setLinks',
				entry: byPath(path),
				links: { link: [{ linkDefinitionId: 2, otherEntryId: contracts }] },
				mode: 'merge',
			});
			expect((merged.success[0].json.links as unknown[]).length).toBe(2);
			expect(targets()).toEqual([`2→${contracts}`, `2→${welcome}`].sort());
			await ok({
				resource: 'metadata',
				operation: 'setLinks',
				entry: byPath(path),
				links: { link: [] },
				mode: 'replace',
			});
			expect(targets()).toEqual([]);
		});
	});

	describe('search', () => {
		it('run: waits for the search and returns its results; limit; or returns the task', async () => {
			const all = await ok({
				resource: 'search',
				operation: 'run',
				searchCommand: '{LF:Name="INV-2026*", Type="D"}',
				returnAll: true,
			});
			expect(
				jsonOf(all.success)
					.map((entry) => entry.name)
					.sort(),
			).toEqual(['INV-2026-0001 Acme Corp', 'INV-2026-0002 Globex', 'INV-2026-0003 Café Müller']);

			const one = await ok({
				resource: 'search',
				operation: 'run',
				searchCommand: '{LF:Name="INV-2026*", Type="D"}',
				returnAll: false,
				limit: 1,
			});
			expect(one.success).toHaveLength(1);

			const task = await ok({
				resource: 'search',
				operation: 'run',
				searchCommand: '{LF:Name="INV*"}',
				options: { waitForTask: false },
			});
			expect(task.success[0].json).toMatchObject({
				taskType: 'SearchEntry',
				searchCommand: '{LF:Name="INV*"}',
			});

			const none = await ok({
				resource: 'search',
				operation: 'run',
				searchCommand: '{LF:Name="Nothing Like This*"}',
				returnAll: true,
			});
			expect(none.success).toEqual([]);
		});

		it('simple: results at once, limited', async () => {
			const found = await ok({
				resource: 'search',
				operation: 'simple',
				searchCommand: '{LF:Name="INV-2026*", Type="D"}',
				returnAll: true,
			});
			expect(found.success).toHaveLength(3);
			expect(found.success[0].json.entryType).toBe('Document');
			const limited = await ok({
				resource: 'search',
				operation: 'simple',
				searchCommand: '{LF:Name="INV*"}',
				limit: 2,
			});
			expect(limited.success).toHaveLength(2);
		});
	});
});

describe('Laserfiche node, self-hosted (API v2)', () => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());

	it('uses the v2 routes of the API server with the v1 token', async () => {
		const content = Buffer.from('v2 on premises');
		const from = lf.state.requests.length;
		const imported = await runLaserfiche(
			lf,
			SELF_HOSTED_V2,
			{
				resource: 'document',
				operation: 'import',
				parentFolder: byPath('\\Archive'),
				name: 'On Prem',
			} as never,
			{
				input: [
					{ json: {}, binary: { data: { content, fileName: 'note.txt', mimeType: 'text/plain' } } },
				],
			},
		);
		expect(imported.status).toBe('success');
		const exported = await runLaserfiche(lf, SELF_HOSTED_V2, {
			resource: 'document',
			operation: 'export',
			entry: byPath('\\Archive\\On Prem'),
		} as never);
		expect((await readBinary(exported.success[0])).equals(content)).toBe(true);
		const requests = requestsSince(lf, from);
		expect(requests[0].path).toBe('/LFRepositoryAPI/v1/Repositories/EmulatorRepo/Token');
		expect(
			requests.filter((r) => r.path.startsWith('/LFRepositoryAPI/v2/')).length,
		).toBeGreaterThan(2);
		expect(
			requests.filter(
				(r) => r.path.startsWith('/LFRepositoryAPI/v1/') && !r.path.endsWith('/Token'),
			),
		).toEqual([]);
		expect(contractViolations(requests)).toEqual([]);
	});
});
