/**
 * The official Laserfiche client, @laserfiche/lf-repository-api-client-v2, in self-hosted mode against
 * the emulator. The client is an ES module, so it runs in a child `node` process
 * (laserfiche/fixtures/official-client-scenario.mjs) that prints what it saw; the emulator runs here.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import {
	contractViolations,
	startLaserficheEmulator,
	type LaserficheEmulator,
} from './laserfiche/fixtures/helpers';

const FIXTURES = join(__dirname, 'laserfiche', 'fixtures');

let lf: LaserficheEmulator;
let out: any;

beforeAll(async () => {
	lf = await startLaserficheEmulator();
	const stdout = await new Promise<string>((resolve, reject) => {
		execFile(
			process.execPath,
			[
				'--import',
				join(FIXTURES, 'esm-extension-resolver.mjs'),
				join(FIXTURES, 'official-client-scenario.mjs'),
			],
			{
				env: { ...process.env, LF_SCENARIO: JSON.stringify(lf.selfHosted) },
				timeout: 40_000,
				maxBuffer: 1024 * 1024,
			},
			(err, so, se) => (err ? reject(new Error(`${err.message}\n${se}`)) : resolve(so)),
		);
	});
	out = JSON.parse(stdout.trim().split('\n').pop() as string);
}, 50_000);
afterAll(async () => {
	await lf?.stop();
});

describe('official client (self-hosted)', () => {
	it('gets a password token once and lists repositories (also without a token)', () => {
		expect(lf.state.tokenRequests.selfHosted).toBe(1);
		expect(out.repositories).toEqual([
			{ id: lf.selfHosted.repositoryId, name: lf.selfHosted.repositoryId },
		]);
		expect(out.selfHostedRepositories).toEqual([lf.selfHosted.repositoryId]);
	});

	it('gets the root (entry 1, path \\) as a Folder, and entries by path with fallback', () => {
		expect(out.root).toEqual({
			id: 1,
			fullPath: '\\',
			entryType: 'Folder',
			isContainer: true,
			className: 'Folder',
		});
		expect(out.byPath.fullPath).toBe('\\Invoices\\2026');
		expect(out.fallback).toEqual({ entry: null, ancestorId: out.byPath.id });
	});

	it('pages a folder with maxpagesize=1 through nextLink', () => {
		expect(out.pages.map((p: { names: string[] }) => p.names)).toEqual([
			['Archive'],
			['Contracts'],
			['HR'],
			['Invoices'],
			['Projects Q1 "Draft"'],
			['Scans'],
			['Shared Documents'],
			['Welcome'],
			['日本語フォルダ'],
		]);
		expect(
			out.pages
				.slice(0, -1)
				.every((p: { nextLink: string }) => p.nextLink.startsWith(`${lf.selfHosted.baseUrl}/v2/`)),
		).toBe(true);
		expect(out.pages[out.pages.length - 1].nextLink).toBeNull();
		expect(out.nextLinkPaging).toMatchObject({
			count: 3,
			first: ['INV-2026-0001 Acme Corp'],
			second: ['INV-2026-0002 Globex'],
		});
		const follow = lf.state.requests.filter(
			(r) => r.url.includes('$skiptoken') || r.url.includes('%24skiptoken'),
		);
		expect(follow.length).toBeGreaterThanOrEqual(9);
		expect(follow.every((r) => r.headers.prefer === 'maxpagesize=1')).toBe(true);
	});

	it('creates a folder and imports a document with template fields and tags', () => {
		expect(out.folder).toMatchObject({ entryType: 'Folder', fullPath: `\\${out.folder.name}` });
		expect(out.imported).toMatchObject({
			name: 'Quarterly Invoice',
			className: 'Document',
			templateName: 'Invoice',
			extension: 'pdf',
			mimeType: 'application/pdf',
		});
		expect(out.fields).toMatchObject({
			'Invoice Number': ['INV-CLIENT-0001'],
			Amount: ['99.95'],
			Notes: ['first note', 'second note'],
			Vendor: [],
		});
		expect(out.tags).toEqual(['Needs Review', 'Confidential']);
	});

	it('exports it back byte-identical', () => {
		expect(out.export).toMatchObject({
			status: 200,
			contentType: 'application/pdf',
			identical: true,
			bytes: out.imported.electronicDocumentSize,
		});
		expect(out.export.sha256Downloaded).toBe(out.export.sha256Uploaded);
	});

	it('copies it asynchronously and waits for the task (one long-polling call)', () => {
		expect(out.copy).toMatchObject({ calls: 1, status: 'Completed', taskType: 'CopyEntry' });
		expect(out.copied).toEqual({
			name: 'Quarterly Invoice (copy)',
			parentId: out.folder.id,
			electronicDocumentSize: out.imported.electronicDocumentSize,
		});
	});

	it('deletes it and waits; the entry is then gone (404 ProblemDetails)', () => {
		expect(out.delete).toEqual({ calls: 1, status: 'Completed', taskType: 'DeleteEntry' });
		expect(out.afterDelete).toMatchObject({
			status: 404,
			title: 'Entry not found.',
			errorSource: 'Api',
		});
		for (const key of ['type', 'instance', 'operationId', 'traceId'])
			expect(out.afterDelete[key]).toEqual(expect.any(String));
		expect(out.fakeRepo).toMatchObject({ status: 404, title: 'Repository not found.' });
	});

	it('every response the client received is in the contract', () => {
		expect(lf.state.requests.length).toBeGreaterThan(25);
		expect(contractViolations(lf)).toEqual([]);
	});
});
