/**
 * Laserfiche emulator, Repository API v1 (self-hosted API Server): v1 shapes and routes — folder
 * listing, create/copy, electronicDocument import with CreateEntryResult (409 on partial success),
 * edoc GET/HEAD with Range, field maps, tags, links, template, `{token}` long operations, searches.
 */
import { randomBytes } from 'node:crypto';
import {
	apiClient,
	contractWatcher,
	expectProblem,
	multipart,
	selfHostedToken,
	startLaserficheEmulator,
	type LaserficheEmulator,
} from './laserfiche/fixtures/helpers';

let lf: LaserficheEmulator;
let v1: ReturnType<typeof apiClient>;
const watcher = contractWatcher(() => lf);

beforeAll(async () => {
	lf = await startLaserficheEmulator();
	v1 = apiClient(lf, 'selfHosted', await selfHostedToken(lf), 'v1');
});
afterAll(async () => {
	await lf?.stop();
});
beforeEach(() => watcher.reset());
afterEach(() => watcher.check());

async function byPath(path: string) {
	return (await v1('GET', `/Entries/ByPath?fullPath=${encodeURIComponent(path)}`)).body.entry;
}

/** Polls GET Tasks/{token} (202 while running). */
async function operation(token: string) {
	for (let i = 0; i < 50; i++) {
		const res = await v1('GET', `/Tasks/${token}`);
		if (res.status !== 202) return res;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error('operation did not end');
}

function importV1(
	folderId: number,
	fileName: string,
	bytes: Buffer,
	request?: unknown,
	query = '',
) {
	const parts: Parameters<typeof multipart>[0] = [
		{ name: 'electronicDocument', value: bytes, fileName, contentType: 'application/pdf' },
	];
	if (request !== undefined) parts.push({ name: 'request', value: JSON.stringify(request) });
	const { body, contentType } = multipart(parts);
	return v1('POST', `/Entries/${folderId}/${encodeURIComponent(fileName)}${query}`, {
		headers: { 'content-type': contentType },
		body,
	});
}

it('serves v1 entries (elecDocumentSize, "entry Type") and folder listings with paging', async () => {
	const acme = await byPath('\\Invoices\\2026\\INV-2026-0001 Acme Corp');
	expect(acme).toMatchObject({ entryType: 'Document', 'entry Type': 'Document', extension: 'pdf' });
	expect(acme.elecDocumentSize).toBeGreaterThan(100);
	expect(acme).not.toHaveProperty('electronicDocumentSize');
	const page = await v1('GET', '/Entries/1/Laserfiche.Repository.Folder/children?$count=true', {
		headers: { prefer: 'odata.maxpagesize=4' },
	});
	expect(page.body.value).toHaveLength(4);
	expect(page.body['@odata.count']).toBe(9);
	const next = await v1('GET', page.body['@odata.nextLink'], {
		headers: { prefer: 'odata.maxpagesize=4' },
	});
	expect(next.body.value[0].name).toBe('Projects Q1 "Draft"');
	const withFields = await v1(
		'GET',
		`/Entries/${acme.parentId}/Laserfiche.Repository.Folder/children?fields=Amount&formatFields=true`,
	);
	expect(withFields.body.value[0].fields[0]).toMatchObject({
		fieldName: 'Amount',
		values: [{ value: '$1,250.50', position: 1 }],
		fieldType: 'Number',
	});
});

it('creates folders (autoRename as a query parameter), shortcuts and copies', async () => {
	const created = await v1('POST', '/Entries/1/Laserfiche.Repository.Folder/children', {
		json: { name: 'V1 Folder', entryType: 'Folder' },
	});
	expect(created.status).toBe(201);
	expect(created.body).toMatchObject({ name: 'V1 Folder', 'entry Type': 'Folder' });
	expectProblem(
		await v1('POST', '/Entries/1/Laserfiche.Repository.Folder/children', {
			json: { name: 'V1 Folder', entryType: 'Folder' },
		}),
		409,
	);
	expect(
		(
			await v1('POST', '/Entries/1/Laserfiche.Repository.Folder/children?autoRename=true', {
				json: { name: 'V1 Folder', entryType: 'Folder' },
			})
		).body.name,
	).toBe('V1 Folder (2)');
	const welcome = await byPath('\\Welcome');
	const copy = await v1(
		'POST',
		`/Entries/${created.body.id}/Laserfiche.Repository.Folder/children`,
		{ json: { name: 'Welcome copy', sourceId: welcome.id } },
	);
	expect(copy.body).toMatchObject({
		entryType: 'Document',
		elecDocumentSize: welcome.elecDocumentSize,
	});
	const moved = await v1('PATCH', `/Entries/${copy.body.id}?autoRename=true`, {
		json: { parentId: 1, name: 'Welcome' },
	});
	expect(moved.body).toMatchObject({ name: 'Welcome (2)', parentId: 1 });
});

it('imports with electronicDocument + request and reports each metadata operation (409 on partial success)', async () => {
	const folder = (
		await v1('POST', '/Entries/1/Laserfiche.Repository.Folder/children', {
			json: { name: 'V1 Imports', entryType: 'Folder' },
		})
	).body.id;
	const target = await byPath('\\Welcome');
	const bytes = randomBytes(4096);
	const ok = await importV1(folder, 'Scan 1.pdf', bytes, {
		template: 'Invoice',
		metadata: {
			fields: {
				'Invoice Number': { values: [{ value: 'V1-0001', position: 1 }] },
				Notes: {
					values: [
						{ value: 'second', position: 2 },
						{ value: 'first', position: 1 },
					],
				},
				Department: { values: [{ value: 'Ops', position: 1 }] },
			},
			tags: ['Approved'],
			links: [{ linkTypeId: 2, otherSourceId: target.id, isSource: true }],
		},
	});
	expect(ok.status).toBe(201);
	const ops = ok.body.operations;
	expect(ops.entryCreate).toEqual({ exceptions: [], entryId: expect.any(Number) });
	expect(ops.setTemplate).toEqual({ exceptions: [], template: 'Invoice' });
	expect(ops.setFields).toEqual({ exceptions: [], fieldCount: 3 });
	expect(ops.setTags).toEqual({ exceptions: [], assignedTags: ['Approved'] });
	expect(ops.setLinks).toEqual({ exceptions: [], otherEntryIds: [target.id] });
	expect(ok.body.documentLink).toContain(
		`/Entries/${ops.entryCreate.entryId}/Laserfiche.Repository.Document/edoc`,
	);
	const entryId = ops.entryCreate.entryId;
	const fields = await v1('GET', `/Entries/${entryId}/fields`);
	const notes = fields.body.value.find((f: { fieldName: string }) => f.fieldName === 'Notes');
	expect(notes.values).toEqual([
		{ value: 'first', position: 1 },
		{ value: 'second', position: 2 },
	]);

	const partial = await importV1(
		folder,
		'Scan 1.pdf',
		bytes,
		{ metadata: { tags: ['No Such Tag'] } },
		'?autoRename=true',
	);
	expect(partial.status).toBe(409);
	expect(partial.body.operations.entryCreate.entryId).toBeGreaterThan(0);
	expect(partial.body.operations.setTags.exceptions[0]).toMatchObject({
		statusCode: 400,
		message: expect.stringContaining('No Such Tag'),
	});
	expect(
		(await v1('GET', `/Entries/${partial.body.operations.entryCreate.entryId}`)).body.name,
	).toBe('Scan 1.pdf (2)');

	const conflict = await importV1(folder, 'Scan 1.pdf', bytes);
	expect(conflict.status).toBe(409);
	expect(conflict.body.operations.entryCreate).toMatchObject({
		entryId: 0,
		exceptions: [{ statusCode: 409 }],
	});
	const missing = await importV1(987654, 'x.pdf', bytes);
	expect(missing.status).toBe(404);
	expect(missing.body.operations.entryCreate.exceptions[0].statusCode).toBe(404);
});

it('exports the edoc with GET (Range → 206), HEAD and GetEdocWithAuditReason', async () => {
	const folder = await byPath('\\Archive');
	const bytes = randomBytes(10_000);
	const imported = await importV1(folder.id, 'Ranged.pdf', bytes);
	const id = imported.body.operations.entryCreate.entryId;
	const full = await fetch(`${v1.root}/Entries/${id}/Laserfiche.Repository.Document/edoc`, {
		headers: { authorization: `Bearer ${await selfHostedToken(lf)}` },
	});
	expect(full.status).toBe(200);
	expect(full.headers.get('content-type')).toBe('application/octet-stream');
	expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);
	const token = await selfHostedToken(lf);
	const part = await fetch(`${v1.root}/Entries/${id}/Laserfiche.Repository.Document/edoc`, {
		headers: { authorization: `Bearer ${token}`, range: 'bytes=9000-' },
	});
	expect(part.status).toBe(206);
	expect(part.headers.get('content-range')).toBe('bytes 9000-9999/10000');
	expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(9000))).toBe(true);
	const head = await fetch(`${v1.root}/Entries/${id}/Laserfiche.Repository.Document/edoc`, {
		method: 'HEAD',
		headers: { authorization: `Bearer ${token}` },
	});
	expect(head.status).toBe(200);
	expect(head.headers.get('content-type')).toBe('application/pdf');
	expect(head.headers.get('content-length')).toBe('10000');
	const headMissing = await fetch(`${v1.root}/Entries/1/Laserfiche.Repository.Document/edoc`, {
		method: 'HEAD',
		headers: { authorization: `Bearer ${token}` },
	});
	expect(headMissing.status).toBe(400);
	expect(decodeURIComponent(headMissing.headers.get('x-apiserver-error') ?? '')).toBe(
		'Entry is not a document.',
	);
	const audited = await fetch(
		`${v1.root}/Entries/${id}/Laserfiche.Repository.Document/GetEdocWithAuditReason`,
		{
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/json',
				range: 'bytes=0-9',
			},
			body: JSON.stringify({ auditReasonId: 3, comment: 'audit' }),
		},
	);
	expect(audited.status).toBe(206);
	expect(Buffer.from(await audited.arrayBuffer()).equals(bytes.subarray(0, 10))).toBe(true);
	expect((await v1('DELETE', `/Entries/${id}/Laserfiche.Repository.Document/edoc`)).body).toEqual({
		value: true,
	});
	expectProblem(await v1('GET', `/Entries/${id}/Laserfiche.Repository.Document/edoc`), 404);
});

it('uses v1 field maps, tags, links and template bodies', async () => {
	const folder = (
		await v1('POST', '/Entries/1/Laserfiche.Repository.Folder/children', {
			json: { name: 'V1 Metadata', entryType: 'Folder' },
		})
	).body.id;
	const template = await v1('PUT', `/Entries/${folder}/template`, {
		json: {
			templateName: 'Contract',
			fields: { Vendor: { values: [{ value: 'Initech', position: 1 }] } },
		},
	});
	expect(template.body).toMatchObject({ templateName: 'Contract', 'entry Type': 'Folder' });
	const put = await v1('PUT', `/Entries/${folder}/fields`, {
		json: {
			Vendor: { values: [{ value: 'Initrode', position: 1 }] },
			'Project Code': { values: [{ value: 'INI-042', position: 1 }] },
		},
	});
	expect(put.status).toBe(200);
	const values = Object.fromEntries(
		put.body.value.map((f: { fieldName: string; values: Array<{ value: string }> }) => [
			f.fieldName,
			f.values.map((v) => v.value),
		]),
	);
	expect(values).toEqual({
		Vendor: ['Initrode'],
		Department: [],
		'Project Code': ['INI-042'],
		'Effective Date': [],
		'Expiration Date': [],
	});
	expect(
		(await v1('PUT', `/Entries/${folder}/tags`, { json: { tags: ['Archived'] } })).body.value[0],
	).toMatchObject({ name: 'Archived', watermark: null });
	const confidential = (await v1('GET', '/TagDefinitions/1')).body;
	expect(confidential.watermark).toMatchObject({
		watermarkText: 'CONFIDENTIAL',
		watermarkPosition: 'DeadCenter',
		isWatermarkMandatory: true,
	});
	const welcome = await byPath('\\Welcome');
	const links = await v1('PUT', `/Entries/${folder}/links`, {
		json: [{ targetId: welcome.id, linkTypeId: 2, customProperties: { why: 'test' } }],
	});
	expect(links.body.value[0]).toMatchObject({
		sourceId: folder,
		targetId: welcome.id,
		linkTypeId: 2,
		linkProperties: { why: 'test' },
	});
	expect((await v1('GET', `/Entries/${folder}/links`)).body.value).toHaveLength(1);
	expect((await v1('DELETE', `/Entries/${folder}/template`)).body.templateName).toBeNull();
});

it('runs delete and copy as {token} operations polled through Tasks/{token}', async () => {
	const folder = (
		await v1('POST', '/Entries/1/Laserfiche.Repository.Folder/children', {
			json: { name: 'V1 Ops', entryType: 'Folder' },
		})
	).body.id;
	const welcome = await byPath('\\Welcome');
	const copy = await v1(
		'POST',
		`/Entries/${folder}/Laserfiche.Repository.Folder/CopyAsync?autoRename=true`,
		{ json: { name: 'Copied', sourceId: welcome.id } },
	);
	expect(copy.status).toBe(201);
	expect(copy.body).toEqual({ token: expect.any(String) });
	const copied = await operation(copy.body.token);
	expect(copied.status).toBe(201);
	expect(copied.body).toMatchObject({
		operationToken: copy.body.token,
		status: 'Completed',
		percentComplete: 100,
		entryId: expect.any(Number),
	});
	expect(copied.headers.get('location')).toBe(`${v1.root}/Entries/${copied.body.entryId}`);

	const del = await v1('DELETE', `/Entries/${folder}`, {
		json: { auditReasonId: 1, comment: 'done' },
	});
	expect(del.status).toBe(201);
	const deleted = await operation(del.body.token);
	expect(deleted.status).toBe(200);
	expect(deleted.body).toMatchObject({
		status: 'Completed',
		operationType: 'DeleteEntry',
		errors: [],
	});
	expectProblem(await v1('GET', `/Entries/${folder}`), 404);
	expectProblem(await v1('GET', '/Tasks/unknown'), 404);
	expectProblem(await v1('DELETE', `/Tasks/${del.body.token}`), 400);
});

it('runs v1 searches (201/202 status, results, close) and simple searches (204 when empty)', async () => {
	const start = await v1('POST', '/Searches', { json: { searchCommand: '{LF:Name="INV-2026*"}' } });
	expect(start.status).toBe(201);
	let status = await v1('GET', `/Searches/${start.body.token}`);
	for (let i = 0; i < 50 && status.status === 202; i++) {
		await new Promise((r) => setTimeout(r, 20));
		status = await v1('GET', `/Searches/${start.body.token}`);
	}
	expect(status.status).toBe(201);
	expect(status.body).toMatchObject({ operationToken: start.body.token, status: 'Completed' });
	const results = await v1('GET', `/Searches/${start.body.token}/Results?$orderby=name desc`);
	expect(results.body.value.map((e: { name: string }) => e.name)).toEqual([
		'INV-2026-0003 Café Müller',
		'INV-2026-0002 Globex',
		'INV-2026-0001 Acme Corp',
	]);
	const hits = await v1('GET', `/Searches/${start.body.token}/Results/1/ContextHits`);
	expect(hits.body.value[0]).toMatchObject({ hitType: 'Name' });
	expect((await v1('DELETE', `/Searches/${start.body.token}`)).body).toEqual({ value: true });
	expectProblem(await v1('GET', `/Searches/${start.body.token}`), 404);

	const simple = await v1('POST', '/SimpleSearches', {
		json: { searchCommand: '{[Invoice]:[Status]="Paid"}' },
	});
	expect(simple.status).toBe(200);
	expect(simple.body.value[0]).toMatchObject({
		name: 'INV-2025-0417 Initech',
		'entry Type': 'Document',
	});
	const empty = await v1('POST', '/SimpleSearches', {
		json: { searchCommand: '{LF:Name="nothing here"}' },
	});
	expect(empty.status).toBe(204);
	expect(empty.text).toBe('');
});

it('serves v1 definitions, audit reasons and server-session routes', async () => {
	expect((await v1('GET', '/AuditReasons')).body).toEqual({
		deleteEntry: [
			{ id: 1, name: 'Retention period expired' },
			{ id: 2, name: 'Duplicate entry' },
		],
		exportDocument: [
			{ id: 3, name: 'Audit request' },
			{ id: 4, name: 'Customer request' },
		],
	});
	expect((await v1('GET', '/TemplateDefinitions/1/Fields')).body.value).toHaveLength(6);
	expect(
		(await v1('GET', '/TemplateDefinitions/Fields?templateName=Contract')).body.value[0].name,
	).toBe('Vendor');
	expect((await v1('GET', '/LinkDefinitions')).body.value[0]).toEqual({
		linkTypeId: 1,
		sourceLabel: 'Invoice',
		targetLabel: 'Supporting Document',
		linkTypeDescription: 'Supporting documentation',
	});
	expect((await v1('GET', '/FieldDefinitions/3')).body).toMatchObject({
		name: 'Amount',
		format: 'Currency',
		currency: 'USD',
	});
	expect((await v1('GET', '/Attributes')).body.value).toHaveLength(3);
	expect((await v1('POST', '/ServerSession/Create')).body).toEqual({ value: true });
	expect((await v1('POST', '/ServerSession/Refresh')).body.value).toMatch(/^\d{4}-\d{2}-\d{2}T/);
});

it('answers the remaining v1 routes (definitions by id, tags, pages, dynamic fields, sessions)', async () => {
	expect((await v1('GET', '/Attributes/Theme')).body).toEqual({ key: 'Theme', value: 'Light' });
	expect(
		(await v1('GET', '/FieldDefinitions?$top=2')).body.value.map((f: { name: string }) => f.name),
	).toEqual(['Invoice Number', 'Vendor']);
	expect((await v1('GET', '/LinkDefinitions/3')).body).toMatchObject({
		linkTypeId: 3,
		sourceLabel: 'Supersedes',
	});
	expect((await v1('GET', '/TagDefinitions?$select=name')).body.value).toContainEqual({
		name: 'Archived',
	});
	expect(
		(await v1('GET', '/TemplateDefinitions?templateName=General')).body.value[0],
	).toMatchObject({ id: 4, fieldCount: 2 });
	expect((await v1('GET', '/TemplateDefinitions/3')).body.name).toBe('HR Record');
	const acme = await byPath('\\Invoices\\2026\\INV-2026-0001 Acme Corp');
	expect(
		(await v1('GET', `/Entries/${acme.id}/tags`)).body.value.map((t: { name: string }) => t.name),
	).toEqual(['Approved']);
	expect(
		(
			await v1('POST', `/Entries/${acme.id}/fields/GetDynamicFieldLogicValue`, {
				json: { templateId: 1, fieldValues: {} },
			})
		).body,
	).toEqual({});
	const scan = await byPath('\\Scans\\scan 0001');
	expect(
		(await v1('DELETE', `/Entries/${scan.id}/Laserfiche.Repository.Document/pages?pageRange=1`))
			.body,
	).toEqual({ value: true });
	expect((await v1('GET', `/Entries/${scan.id}`)).body.pageCount).toBe(0);
	expect((await v1('POST', '/ServerSession/Invalidate')).body).toEqual({ value: true });
});
