/**
 * Laserfiche emulator, Repository API v2: document bodies (multipart import with the size limit,
 * chunked upload through pre-signed part URLs, exports through download links) and the long
 * operations (delete, copy, export, import of parts) as long-polled tasks.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash, randomBytes } from 'node:crypto';
import {
	apiClient,
	contractWatcher,
	expectProblem,
	multipart,
	selfHostedToken,
	cloudToken,
	startLaserficheEmulator,
	waitForTask,
	type LaserficheEmulator,
} from './laserfiche/fixtures/helpers';
import { until } from '../support/wait';

let lf: LaserficheEmulator;
let dataDir: string;
let api: ReturnType<typeof apiClient>;
const watcher = contractWatcher(() => lf);

beforeAll(async () => {
	dataDir = await mkdtemp(join(tmpdir(), 'lf-emu-test-'));
	lf = await startLaserficheEmulator({ dataDir, multipartMinPartBytes: 64 * 1024 });
	api = apiClient(lf, 'selfHosted', await selfHostedToken(lf));
});
afterAll(async () => {
	await lf?.stop();
	await rm(dataDir, { recursive: true, force: true });
});
beforeEach(() => watcher.reset());
afterEach(() => watcher.check());

function importRequest(
	folderId: number,
	file: { bytes: Buffer; fileName: string; contentType?: string } | undefined,
	request: unknown,
	target = api,
) {
	const parts: Parameters<typeof multipart>[0] = [];
	if (file)
		parts.push({
			name: 'file',
			value: file.bytes,
			fileName: file.fileName,
			contentType: file.contentType ?? 'application/octet-stream',
		});
	if (request !== undefined)
		parts.push({
			name: 'request',
			value: typeof request === 'string' ? request : JSON.stringify(request),
		});
	const { body, contentType } = multipart(parts);
	return target('POST', `/Entries/${folderId}/Folder/Import`, {
		headers: { 'content-type': contentType },
		body,
	});
}

async function newFolder(name: string, target = api): Promise<number> {
	const res = await target('POST', '/Entries/1/Folder/Children', {
		json: { name, entryType: 'Folder', autoRename: true },
	});
	expect(res.status).toBe(201);
	return res.body.id;
}

async function exportBytes(entryId: number, part = 'Edoc', target = api) {
	const res = await target('POST', `/Entries/${entryId}/Export`, { json: { part } });
	expect(res.status).toBe(200);
	expect(res.body).toEqual({
		value: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/storage\/exports\//),
	});
	const download = await fetch(res.body.value);
	return {
		link: res.body.value as string,
		status: download.status,
		headers: download.headers,
		bytes: Buffer.from(await download.arrayBuffer()),
	};
}

describe('simple import and export', () => {
	it('imports a document with template fields and tags and exports it back byte-identical', async () => {
		const folder = await newFolder('Import Tests');
		const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300 * 1024)]);
		const res = await importRequest(
			folder,
			{ bytes, fileName: 'März Rechnung.pdf', contentType: 'application/pdf' },
			{
				name: 'März Rechnung',
				metadata: {
					templateName: 'Invoice',
					fields: [
						{ name: 'Invoice Number', values: ['INV-TEST-1'] },
						{ name: 'Invoice Date', values: ['2026-03-31'] },
						{ name: 'Status', values: ['approved'] },
					],
					tags: ['Needs Review'],
					links: [{ linkDefinitionId: 2, otherEntryId: 9 }],
				},
			},
		);
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			name: 'März Rechnung',
			entryType: 'Document',
			extension: 'pdf',
			mimeType: 'application/pdf',
			electronicDocumentSize: bytes.length,
			isElectronicDocument: true,
			templateName: 'Invoice',
		});
		expect(res.headers.get('location')).toBe(`${api.root}/Entries/${res.body.id}`);
		const fields = await api('GET', `/Entries/${res.body.id}/Fields`);
		expect(fields.body.value.find((f: { name: string }) => f.name === 'Status').values).toEqual([
			'Approved',
		]);
		expect(
			(await api('GET', `/Entries/${res.body.id}/Tags`)).body.value.map(
				(t: { name: string }) => t.name,
			),
		).toEqual(['Needs Review']);
		expect((await api('GET', `/Entries/${res.body.id}/Links`)).body.value).toHaveLength(1);

		// The body went to a file in the data directory.
		const blobs = readdirSync(join(dataDir, 'blobs')).map(
			(f) => statSync(join(dataDir, 'blobs', f)).size,
		);
		expect(blobs).toContain(bytes.length);

		const out = await exportBytes(res.body.id);
		expect(out.status).toBe(200);
		expect(out.bytes.equals(bytes)).toBe(true);
		expect(out.headers.get('content-type')).toBe('application/pdf');
		expect(out.headers.get('content-disposition')).toContain(
			"filename*=UTF-8''M%C3%A4rz%20Rechnung.pdf",
		);
		const ranged = await fetch(out.link, { headers: { range: 'bytes=10-19' } });
		expect(ranged.status).toBe(206);
		expect(ranged.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
		expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
	});

	it('renames on conflict when asked, otherwise refuses; bad requests create nothing', async () => {
		const folder = await newFolder('Import Conflicts');
		const file = { bytes: Buffer.from('hello'), fileName: 'note.pdf' };
		expect((await importRequest(folder, file, { name: 'Note' })).status).toBe(201);
		expectProblem(
			await importRequest(folder, file, { name: 'note' }),
			409,
			'Entry name conflicts.',
		);
		expect((await importRequest(folder, file, { name: 'Note', autoRename: true })).body.name).toBe(
			'Note (2)',
		);

		expectProblem(await importRequest(folder, file, undefined), 400);
		expectProblem(await importRequest(folder, file, '{not json'), 400);
		expectProblem(await importRequest(folder, file, { autoRename: true }), 400);
		expectProblem(await importRequest(folder, undefined, { name: 'No File' }), 400);
		expectProblem(
			await importRequest(folder, file, {
				name: 'Bad',
				metadata: { templateName: 'Invoice', fields: [{ name: 'Vendor', values: ['x'] }] },
			}),
			400,
			'Required field value missing.',
		);
		expectProblem(
			await importRequest(folder, file, { name: 'Bad', metadata: { tags: ['No Such Tag'] } }),
			400,
		);
		expectProblem(await importRequest(424242, file, { name: 'Nowhere' }), 404);
		const notMultipart = await api('POST', `/Entries/${folder}/Folder/Import`, {
			json: { name: 'x' },
		});
		expectProblem(notMultipart, 400);
		const children = await api('GET', `/Entries/${folder}/Folder/Children`);
		expect(children.body.value.map((e: { name: string }) => e.name)).toEqual(['Note', 'Note (2)']);
		expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
	});

	it('imports txt and image files as pages unless importAsElectronicDocument is true', async () => {
		const folder = await newFolder('Pages');
		const text = 'line one\nline two\n';
		const asPages = await importRequest(
			folder,
			{ bytes: Buffer.from(text), fileName: 'memo.txt', contentType: 'text/plain' },
			{ name: 'Memo' },
		);
		expect(asPages.body).toMatchObject({
			isElectronicDocument: false,
			electronicDocumentSize: 0,
			pageCount: 1,
			extension: 'txt',
		});
		expectProblem(
			await api('POST', `/Entries/${asPages.body.id}/Export`, { json: { part: 'Edoc' } }),
			400,
		);
		const textOut = await exportBytes(asPages.body.id, 'Text');
		expect(textOut.bytes.toString('utf8')).toBe(text);
		const asEdoc = await importRequest(
			folder,
			{ bytes: Buffer.from(text), fileName: 'memo.txt', contentType: 'text/plain' },
			{ name: 'Memo edoc', importAsElectronicDocument: true },
		);
		expect(asEdoc.body).toMatchObject({
			isElectronicDocument: true,
			electronicDocumentSize: text.length,
			mimeType: 'text/plain',
		});
		expect((await exportBytes(asEdoc.body.id)).bytes.toString()).toBe(text);

		const scan = (
			await api('GET', `/Entries/ByPath?fullPath=${encodeURIComponent('\\Scans\\scan 0001')}`)
		).body.entry;
		expect(scan).toMatchObject({ pageCount: 1, isElectronicDocument: false, extension: 'tif' });
		const image = await exportBytes(scan.id, 'Image');
		expect(image.bytes.subarray(0, 4).toString('latin1')).toBe('II*\u0000');
		const deleted = await api('DELETE', `/Entries/${scan.id}/Document/Pages?pageRange=1`);
		expect(deleted.body.pageCount).toBe(0);
		expectProblem(
			await api('POST', `/Entries/${scan.id}/Export`, { json: { part: 'Image' } }),
			400,
		);

		const edocGone = await api('DELETE', `/Entries/${asEdoc.body.id}/Document/Edoc`);
		expect(edocGone.body).toMatchObject({ isElectronicDocument: false, electronicDocumentSize: 0 });
	});

	it('refuses exports of folders, of locked entries and with a wrong audit reason', async () => {
		expectProblem(await api('POST', '/Entries/1/Export', { json: { part: 'Edoc' } }), 400);
		expectProblem(await api('POST', '/Entries/1/Export', { json: {} }), 400);
		const welcome = (
			await api('GET', `/Entries/ByPath?fullPath=${encodeURIComponent('\\Welcome')}`)
		).body.entry;
		lf.faults.add({ kind: 'locked', entryId: welcome.id });
		expectProblem(
			await api('POST', `/Entries/${welcome.id}/Export`, { json: { part: 'Edoc' } }),
			423,
			'Entry is locked.',
		);
		expectProblem(
			await api('POST', `/Entries/${welcome.id}/Export`, {
				json: { part: 'Edoc', auditReasonId: 1 },
			}),
			400,
		);
		expect(
			(
				await api('POST', `/Entries/${welcome.id}/Export`, {
					json: { part: 'Edoc', auditReasonId: 3, auditReasonComment: 'audit' },
				})
			).status,
		).toBe(200);
	});

	it('exports asynchronously: the task result holds the download link', async () => {
		const welcome = (
			await api('GET', `/Entries/ByPath?fullPath=${encodeURIComponent('\\Welcome')}`)
		).body.entry;
		const start = await api('POST', `/Entries/${welcome.id}/ExportAsync`, {
			json: { part: 'Edoc' },
		});
		expect(start.status).toBe(202);
		const task = await waitForTask(api, start.body.taskId);
		expect(task).toMatchObject({
			taskType: 'ExportEntry',
			status: 'Completed',
			percentComplete: 100,
			result: { entryId: welcome.id },
		});
		const download = await fetch(task.result.uri);
		expect(await download.text()).toContain('Welcome to the Laserfiche emulator');
	});
});

describe('chunked upload', () => {
	it('creates upload URLs, takes parts (ETag), and imports them as one document', async () => {
		const folder = await newFolder('Chunked');
		const parts = [
			randomBytes(64 * 1024),
			randomBytes(64 * 1024),
			randomBytes(64 * 1024),
			Buffer.from('tail'),
		];
		const whole = Buffer.concat(parts);
		const first = await api('POST', '/Entries/CreateMultipartUploadUrls', {
			json: {
				startingPartNumber: 1,
				numberOfParts: 2,
				fileName: 'big report.pdf',
				mimeType: 'application/pdf',
			},
		});
		expect(first.status).toBe(200);
		expect(first.body.urls).toHaveLength(2);
		const second = await api('POST', '/Entries/CreateMultipartUploadUrls', {
			json: { uploadId: first.body.uploadId, startingPartNumber: 3, numberOfParts: 2 },
		});
		expect(second.body.uploadId).toBe(first.body.uploadId);
		const urls = [...first.body.urls, ...second.body.urls];
		const etags: string[] = [];
		for (let i = 0; i < parts.length; i++) {
			const put = await fetch(urls[i], { method: 'PUT', body: parts[i] });
			expect(put.status).toBe(200);
			const etag = put.headers.get('etag') as string;
			expect(etag).toBe(`"${createHash('md5').update(parts[i]).digest('hex')}"`);
			etags.push(etag);
		}
		const start = await api('POST', `/Entries/${folder}/Folder/ImportUploadedParts`, {
			json: {
				uploadId: first.body.uploadId,
				partETags: etags,
				name: 'Big Report',
				metadata: {
					templateName: 'General',
					fields: [{ name: 'Department', values: ['Finance'] }],
				},
			},
		});
		expect(start.status).toBe(202);
		const task = await waitForTask(api, start.body.taskId);
		expect(task).toMatchObject({
			taskType: 'ImportUploadedParts',
			status: 'Completed',
			errors: [],
		});
		const entry = await api('GET', `/Entries/${task.result.entryId}`);
		expect(entry.body).toMatchObject({
			name: 'Big Report',
			extension: 'pdf',
			electronicDocumentSize: whole.length,
			templateName: 'General',
		});
		expect((await exportBytes(task.result.entryId)).bytes.equals(whole)).toBe(true);
	});

	it('refuses bad part URLs, wrong ETags, small parts and out-of-range part counts', async () => {
		const folder = await newFolder('Chunked Errors');
		const urls = await api('POST', '/Entries/CreateMultipartUploadUrls', {
			json: { numberOfParts: 2, fileName: 'x.bin' },
		});
		const forged = urls.body.urls[0].replace(/signature=[0-9a-f]+/, 'signature=00');
		const denied = await fetch(forged, { method: 'PUT', body: 'x' });
		expect(denied.status).toBe(403);
		expect(await denied.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

		const p1 = await fetch(urls.body.urls[0], { method: 'PUT', body: Buffer.alloc(1000) });
		const p2 = await fetch(urls.body.urls[1], { method: 'PUT', body: Buffer.alloc(10) });
		const small = await api('POST', `/Entries/${folder}/Folder/ImportUploadedParts`, {
			json: {
				uploadId: urls.body.uploadId,
				partETags: [p1.headers.get('etag'), p2.headers.get('etag')],
				name: 'Small',
			},
		});
		const smallTask = await waitForTask(api, small.body.taskId);
		expect(smallTask.status).toBe('Failed');
		expect(smallTask.errors[0]).toMatchObject({
			status: 400,
			title: 'Entity too small.',
			operationId: expect.any(String),
			traceId: expect.any(String),
		});

		const wrong = await api('POST', `/Entries/${folder}/Folder/ImportUploadedParts`, {
			json: { uploadId: urls.body.uploadId, partETags: ['"abc"'], name: 'Wrong' },
		});
		expect((await waitForTask(api, wrong.body.taskId)).status).toBe('Failed');

		expectProblem(
			await api('POST', `/Entries/${folder}/Folder/ImportUploadedParts`, {
				json: { uploadId: 'nope', partETags: ['"a"'], name: 'x' },
			}),
			400,
		);
		expectProblem(
			await api('POST', `/Entries/${folder}/Folder/ImportUploadedParts`, {
				json: { uploadId: urls.body.uploadId, name: 'x' },
			}),
			400,
		);
		expectProblem(
			await api('POST', '/Entries/CreateMultipartUploadUrls', { json: { numberOfParts: 0 } }),
			400,
		);
		expectProblem(
			await api('POST', '/Entries/CreateMultipartUploadUrls', { json: { numberOfParts: 101 } }),
			400,
		);
		expectProblem(
			await api('POST', '/Entries/CreateMultipartUploadUrls', {
				json: { startingPartNumber: 990, numberOfParts: 20 },
			}),
			400,
		);
		expect((await api('GET', `/Entries/${folder}/Folder/Children`)).body.value).toEqual([]);
	});
});

describe('delete and copy tasks', () => {
	it('deletes a folder recursively through a long-polled task', async () => {
		const folder = await newFolder('To Delete');
		const child = (
			await api('POST', `/Entries/${folder}/Folder/Children`, {
				json: { name: 'Child', entryType: 'Folder' },
			})
		).body.id;
		const start = await api('DELETE', `/Entries/${folder}`, {
			json: { auditReasonId: 1, auditReasonComment: 'cleanup' },
		});
		expect(start.status).toBe(202);
		expect(start.body).toEqual({ taskId: expect.any(String) });
		const tasks = await api('GET', `/Tasks?taskIds=${start.body.taskId}`);
		expect(tasks.body.value[0]).toMatchObject({
			id: start.body.taskId,
			taskType: 'DeleteEntry',
			status: 'Completed',
			percentComplete: 100,
			errors: [],
		});
		expectProblem(await api('GET', `/Entries/${folder}`), 404);
		expectProblem(await api('GET', `/Entries/${child}`), 404);
		expectProblem(await api('DELETE', '/Entries/1', { json: {} }), 400);
		expectProblem(await api('DELETE', '/Entries/999999', { json: {} }), 404);
		const badReason = await api('DELETE', `/Entries/${await newFolder('Bad Reason')}`, {
			json: { auditReasonId: 3 },
		});
		const failed = await waitForTask(api, badReason.body.taskId);
		expect(failed.status).toBe('Failed');
		expect(failed.errors[0].title).toBe('Need to provide correct audit reason for DeleteEntry');
	});

	it('copies entries synchronously and asynchronously (deep for folders)', async () => {
		const src = await newFolder('Copy Source');
		await importRequest(
			src,
			{ bytes: Buffer.from('copy me'), fileName: 'a.pdf' },
			{ name: 'Doc A', metadata: { tags: ['Approved'] } },
		);
		const dest = await newFolder('Copy Destination');
		const sync = await api('POST', `/Entries/${dest}/Folder/Copy`, {
			json: { name: 'Copied Folder', sourceId: src },
		});
		expect(sync.status).toBe(201);
		expect(sync.body).toMatchObject({ name: 'Copied Folder', parentId: dest, entryType: 'Folder' });
		const copiedChildren = await api('GET', `/Entries/${sync.body.id}/Folder/Children`);
		const copiedDoc = copiedChildren.body.value[0];
		expect(copiedDoc.name).toBe('Doc A');
		expect((await api('GET', `/Entries/${copiedDoc.id}/Tags`)).body.value[0].name).toBe('Approved');
		expect((await exportBytes(copiedDoc.id)).bytes.toString()).toBe('copy me');
		expectProblem(
			await api('POST', `/Entries/${dest}/Folder/Copy`, {
				json: { name: 'Copied Folder', sourceId: src },
			}),
			409,
		);
		expectProblem(
			await api('POST', `/Entries/${dest}/Folder/Copy`, { json: { name: 'X', sourceId: 999999 } }),
			404,
		);

		const start = await api('POST', `/Entries/${dest}/Folder/CopyAsync`, {
			json: { name: 'Copied Folder', sourceId: src, autoRename: true },
		});
		expect(start.status).toBe(202);
		const task = await waitForTask(api, start.body.taskId);
		expect(task).toMatchObject({
			taskType: 'CopyEntry',
			status: 'Completed',
			result: { entryId: expect.any(Number) },
		});
		expect((await api('GET', `/Entries/${task.result.entryId}`)).body.name).toBe(
			'Copied Folder (2)',
		);
		const conflict = await api('POST', `/Entries/${dest}/Folder/CopyAsync`, {
			json: { name: 'Copied Folder', sourceId: src },
		});
		const failed = await waitForTask(api, conflict.body.taskId);
		expect(failed.status).toBe('Failed');
		expect(failed.errors[0]).toMatchObject({ status: 409, title: 'Entry name conflicts.' });
	});

	it('lists the tasks of the current token and 404s unknown ones', async () => {
		const own = await api('GET', '/Tasks');
		expect(own.body.value.length).toBeGreaterThan(3);
		expectProblem(await api('GET', '/Tasks?taskIds=nope'), 404);
		const other = apiClient(lf, 'selfHosted', await selfHostedToken(lf));
		expect((await other('GET', '/Tasks')).body.value).toEqual([]);
	});
});

describe('slow tasks, long polling, cancellation and repository rules', () => {
	let slow: LaserficheEmulator;
	let sapi: ReturnType<typeof apiClient>;
	beforeAll(async () => {
		// Tasks end only when a test calls runPendingTasks(): no check depends on how fast the machine is.
		slow = await startLaserficheEmulator({
			taskDurationMs: 10 * 60_000,
			requireDeleteAuditReason: true,
			simpleImportLimitBytes: 64 * 1024,
		});
		sapi = apiClient(slow, 'cloud', await cloudToken(slow));
	});
	afterAll(async () => {
		await slow?.stop();
	});

	it('long-polls GET Tasks until the task ends', async () => {
		const folder = (
			await sapi('POST', '/Entries/1/Folder/Children', {
				json: { name: 'Slow', entryType: 'Folder' },
			})
		).body.id;
		const start = await sapi('DELETE', `/Entries/${folder}`, { json: { auditReasonId: 2 } });
		const polling = sapi('GET', `/Tasks?taskIds=${start.body.taskId}`);
		// The emulator holds the GET: it listens for the task's changes, and the task has not ended.
		await until(
			() => slow.emulator.tasks._events.listenerCount('change') > 0,
			'GET Tasks waiting for the task',
		);
		expect(['NotStarted', 'InProgress']).toContain(
			slow.emulator.tasks._tasks.get(start.body.taskId).status,
		);
		await slow.runPendingTasks();
		const res = await polling;
		expect(res.body.value[0].status).toBe('Completed');
		expect((await sapi('GET', `/Entries/${folder}`)).status).toBe(404);
	});

	it('answers with the current status when the long poll times out', async () => {
		// The task never ends by itself, so the answer comes from the long poll's 100 ms time-out.
		const quick = await startLaserficheEmulator({
			taskDurationMs: 10 * 60_000,
			taskLongPollMs: 100,
		});
		try {
			const qapi = apiClient(quick, 'selfHosted', await selfHostedToken(quick));
			const folder = (
				await qapi('POST', '/Entries/1/Folder/Children', {
					json: { name: 'Q', entryType: 'Folder' },
				})
			).body.id;
			const start = await qapi('DELETE', `/Entries/${folder}`, { json: {} });
			const res = await qapi('GET', `/Tasks?taskIds=${start.body.taskId}`);
			expect(['NotStarted', 'InProgress']).toContain(res.body.value[0].status);
		} finally {
			await quick.stop();
		}
	});

	it('cancels running tasks (result true) and not ended ones (result false)', async () => {
		const folder = (
			await sapi('POST', '/Entries/1/Folder/Children', {
				json: { name: 'Keep Me', entryType: 'Folder' },
			})
		).body.id;
		const start = await sapi('DELETE', `/Entries/${folder}`, { json: { auditReasonId: 1 } });
		const cancel = await sapi('DELETE', `/Tasks?taskIds=${start.body.taskId}`);
		expect(cancel.status).toBe(200);
		expect(cancel.body).toEqual({
			value: [{ id: start.body.taskId, taskType: 'DeleteEntry', result: true }],
		});
		expect((await waitForTask(sapi, start.body.taskId)).status).toBe('Cancelled');
		// Every step the task had scheduled runs now: the cancelled delete must not happen.
		await slow.runPendingTasks();
		expect((await sapi('GET', `/Entries/${folder}`)).status).toBe(200);
		expect((await waitForTask(sapi, start.body.taskId)).status).toBe('Cancelled');
		expect((await sapi('DELETE', `/Tasks?taskIds=${start.body.taskId}`)).body.value[0].result).toBe(
			false,
		);
		expectProblem(await sapi('DELETE', '/Tasks'), 400);
	});

	it('fails deletes without a DeleteEntry audit reason when the repository requires one', async () => {
		const folder = (
			await sapi('POST', '/Entries/1/Folder/Children', {
				json: { name: 'Needs Reason', entryType: 'Folder' },
			})
		).body.id;
		const start = await sapi('DELETE', `/Entries/${folder}`, { json: {} });
		await slow.runPendingTasks();
		const task = await waitForTask(sapi, start.body.taskId);
		expect(task.status).toBe('Failed');
		expect(task.errors[0]).toMatchObject({
			status: 400,
			title: 'Need to provide correct audit reason for DeleteEntry',
		});
	});

	it('answers 413 above the simple-import limit, with or without Content-Length, and keeps nothing', async () => {
		const payload = multipart([
			{
				name: 'file',
				value: randomBytes(100 * 1024),
				fileName: 'big.pdf',
				contentType: 'application/pdf',
			},
			{ name: 'request', value: JSON.stringify({ name: 'Too Big' }) },
		]);
		const res = await sapi('POST', '/Entries/1/Folder/Import', {
			headers: { 'content-type': payload.contentType },
			body: payload.body,
		});
		expectProblem(res, 413, 'Request is too large.');
		const streamed = await fetch(`${sapi.root}/Entries/1/Folder/Import`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${await cloudToken(slow)}`,
				'content-type': payload.contentType,
			},
			body: Readable.toWeb(
				Readable.from([payload.body.subarray(0, 50_000), payload.body.subarray(50_000)]),
			) as unknown as RequestInit['body'],
			duplex: 'half',
		} as RequestInit);
		expect(streamed.status).toBe(413);
		const names = (await sapi('GET', '/Entries/1/Folder/Children')).body.value.map(
			(e: { name: string }) => e.name,
		);
		expect(names).not.toContain('Too Big');
		expect(readdirSync(join(slow.emulator.store.dir, 'tmp'))).toEqual([]);
		const small = multipart([
			{ name: 'file', value: Buffer.from('fits'), fileName: 'small.pdf' },
			{ name: 'request', value: JSON.stringify({ name: 'Fits' }) },
		]);
		expect(
			(
				await sapi('POST', '/Entries/1/Folder/Import', {
					headers: { 'content-type': small.contentType },
					body: small.body,
				})
			).status,
		).toBe(201);
		// The control log keeps the multipart request as parsed fields and file summaries.
		const logged = slow.state.requests
			.filter((r) => r.path.endsWith('/Folder/Import') && r.status === 201)
			.pop();
		expect(logged?.body).toEqual({
			request: { name: 'Fits' },
			file: { fileName: 'small.pdf', contentType: 'application/octet-stream', size: 4 },
		});
	});
});
