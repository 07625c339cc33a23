/**
 * The contract helper against the real specs in test/contracts/ (no mocks): each rule is shown to accept what the
 * spec documents and to reject, with a precise location, what it does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	assertRequestInContract,
	assertResponseInContract,
	checkRequest,
	checkResponse,
	contractForUrl,
	type CapturedRequest,
	type CapturedResponse,
	type ContractName,
	type ContractResult,
} from './contract';

const FILES = 'http://127.0.0.1:4041/api/rest/v1';
const LF_CLOUD = 'http://127.0.0.1:4042/repository';
const LF_SELF = 'http://127.0.0.1:4043/LFRepositoryAPI';
const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM = 'application/x-www-form-urlencoded';

function expectOk(result: ContractResult, operationId: string): void {
	expect(result.errors).toEqual([]);
	expect(result.ok).toBe(true);
	expect(result.operationId).toBe(operationId);
}

function expectErrors(result: ContractResult, ...fragments: string[]): void {
	expect(result.ok).toBe(false);
	for (const fragment of fragments) {
		expect(result.errors).toEqual(expect.arrayContaining([expect.stringContaining(fragment)]));
	}
}

/** One File entity as Files.com returns it (nulls included: the API sends them for unset fields). */
function fileEntity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		path: 'docs/report.pdf',
		display_name: 'report.pdf',
		type: 'file',
		size: 1024,
		created_at: '2024-05-01T10:00:00Z',
		mtime: '2024-05-01T10:00:00Z',
		provided_mtime: null,
		crc32: null,
		md5: '17c54824e9931a4688ca032d03f6663c',
		mime_type: 'application/pdf',
		region: 'us-east-1',
		permissions: 'lrwd',
		'subfolders_locked?': false,
		custom_metadata: { project: 'apollo' },
		...overrides,
	};
}

describe('Files.com requests', () => {
	it('accepts GET /folders/{path} with per_page, cursor and the API key header', () => {
		const result = checkRequest('filescom', {
			method: 'get',
			url: `${FILES}/folders/Reports/2024?per_page=2&cursor=c2%3Anext%3AVGVzdA`,
			headers: { 'X-FilesAPI-Key': 'k', 'User-Agent': 'n8n', Accept: 'application/json' },
		});
		expectOk(result, 'FolderListForPath');
		expect(result.pathTemplate).toBe('/folders/{path}');
	});

	it('accepts GET /api_key and Rails-style object parameters (sort_by[path]=desc)', () => {
		expectOk(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/api_key` }),
			'ApiKeyFindCurrent',
		);
		expectOk(
			checkRequest('filescom', {
				method: 'GET',
				url: `${FILES}/folders/a?sort_by%5Bpath%5D=desc&type=file`,
			}),
			'FolderListForPath',
		);
	});

	it('rejects an undocumented path and an undocumented method', () => {
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/no_such_thing` }),
			'request.path: no documented path matches /no_such_thing',
		);
		expectErrors(
			checkRequest('filescom', { method: 'PUT', url: `${FILES}/folders/a` }),
			'request.method: PUT is not documented for /folders/{path} (documented: POST, GET)',
		);
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: 'http://127.0.0.1:4041/folders/a' }),
			'is not a path under /api/rest/v1',
		);
	});

	it('rejects requests missing a required parameter (copy destination, API key name)', () => {
		const copy: CapturedRequest = {
			method: 'POST',
			url: `${FILES}/file_actions/copy/a.txt`,
			headers: JSON_HEADERS,
			body: {},
		};
		expectErrors(
			checkRequest('filescom', copy),
			'request.body.destination: required parameter is missing',
		);
		expectOk(
			checkRequest('filescom', { ...copy, body: { destination: 'b.txt', overwrite: true } }),
			'FileActionCopy',
		);
		expectErrors(
			checkRequest('filescom', {
				method: 'POST',
				url: `${FILES}/api_keys`,
				headers: JSON_HEADERS,
				body: { description: 'x' },
			}),
			'request.body.name: required parameter is missing',
		);
	});

	it('rejects unknown query parameters, wrong query types and wrong enum values', () => {
		const unknown = checkRequest('filescom', {
			method: 'GET',
			url: `${FILES}/folders/a?per_page=2&page=3`,
		});
		expect(unknown.errors).toEqual([
			expect.stringMatching(
				/^request\.query\.page: unknown query parameter \(documented: cursor, per_page, /,
			),
		]);
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/folders/a?per_page=ten` }),
			'request.query.per_page: expected integer, got string "ten"',
		);
		expectErrors(
			checkRequest('filescom', {
				method: 'POST',
				url: `${FILES}/api_keys`,
				headers: JSON_HEADERS,
				body: { name: 'ci', permission_set: 'admin' },
			}),
			'request.body.permission_set: string "admin" is not one of "none", "full"',
		);
	});

	it('treats JSON body keys as the documented formData parameters, typed strictly', () => {
		const mkdir = { method: 'POST', url: `${FILES}/folders/a/b`, headers: JSON_HEADERS };
		expectOk(
			checkRequest('filescom', { ...mkdir, body: { mkdir_parents: true } }),
			'PostFoldersPath',
		);
		expectErrors(
			checkRequest('filescom', { ...mkdir, body: { mkdir_parents: 'yes' } }),
			'request.body.mkdir_parents: expected boolean',
		);
		expectErrors(
			checkRequest('filescom', { ...mkdir, body: { recursive: true } }),
			'request.body.recursive: unknown body parameter',
		);
		expectErrors(
			checkRequest('filescom', { method: 'POST', url: `${FILES}/folders/a?mkdir_parents=true` }),
			'request.query.mkdir_parents: unknown query parameter (it is documented as a body parameter',
		);
		expectErrors(
			checkRequest('filescom', {
				method: 'DELETE',
				url: `${FILES}/files/a`,
				headers: JSON_HEADERS,
				body: { recursive: true },
			}),
			'request.body: DeleteFilesPath documents no request body parameters',
		);
		expectOk(
			checkRequest('filescom', { method: 'DELETE', url: `${FILES}/files/a?recursive=true` }),
			'DeleteFilesPath',
		);
	});

	it('maps etags[etag]/etags[part] onto a JSON array of objects or bracketed form fields', () => {
		const end = { method: 'POST', url: `${FILES}/files/a.txt` };
		const json = { action: 'end', ref: 'put-1', etags: [{ etag: 'abc', part: 1 }] };
		expectOk(
			checkRequest('filescom', { ...end, headers: JSON_HEADERS, body: json }),
			'PostFilesPath',
		);
		expectOk(
			checkRequest('filescom', {
				...end,
				contentType: FORM,
				body: 'action=end&ref=put-1&etags%5B%5D%5Betag%5D=abc&etags%5B%5D%5Bpart%5D=1',
			}),
			'PostFilesPath',
		);
		// A capture that parsed the form into objects (as `qs` does): strings are coerced as form values.
		const parsedForm = { action: 'end', ref: 'put-1', etags: [{ etag: 'abc', part: '1' }] };
		expectOk(
			checkRequest('filescom', { ...end, contentType: FORM, body: parsedForm }),
			'PostFilesPath',
		);
		// The spec marks both as required.
		const missing = checkRequest('filescom', {
			...end,
			headers: JSON_HEADERS,
			body: { action: 'end', ref: 'put-1' },
		});
		expectErrors(
			missing,
			'request.body["etags[etag]"]: required parameter is missing',
			'request.body["etags[part]"]: required parameter is missing',
		);
		expectErrors(
			checkRequest('filescom', {
				...end,
				headers: JSON_HEADERS,
				body: { ...json, etags: [{ etag: 'abc', part: 'one', size: 1 }] },
			}),
			'request.body.etags[0].part: expected integer, got string "one"',
			'request.body.etags[0].size: unknown body parameter',
		);
	});

	it('rejects undocumented headers but allows authentication and transport headers', () => {
		const headers = {
			Authorization: 'Bearer x',
			'x-filesapi-key': 'k',
			'content-length': '0',
			connection: 'keep-alive',
		};
		expectOk(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/api_key`, headers }),
			'ApiKeyFindCurrent',
		);
		expectErrors(
			checkRequest('filescom', {
				method: 'GET',
				url: `${FILES}/api_key`,
				headers: { 'X-Debug': '1' },
			}),
			'request.headers["x-debug"]: header is not documented for ApiKeyFindCurrent',
		);
	});

	it('rejects a media type the operation does not consume', () => {
		expectErrors(
			checkRequest('filescom', {
				method: 'POST',
				url: `${FILES}/folders/a`,
				contentType: 'text/plain',
				body: 'x',
			}),
			'request.headers.content-type: text/plain is not accepted',
		);
	});
});

describe('Files.com {path} parameter', () => {
	it('spans nested, percent-encoded segments (spaces, unicode, #, %, ?)', () => {
		const encoded = ['Team Drive', 'Über ünïcode', 'c#1', '100%', 'why?.txt']
			.map(encodeURIComponent)
			.join('/');
		expect(encoded).toBe('Team%20Drive/%C3%9Cber%20%C3%BCn%C3%AFcode/c%231/100%25/why%3F.txt');
		expectOk(
			checkRequest('filescom', {
				method: 'GET',
				url: `${FILES}/files/${encoded}?with_previews=true`,
			}),
			'FileDownload',
		);
		expectOk(
			checkRequest('filescom', {
				method: 'GET',
				url: `/api/rest/v1/file_actions/metadata/${encoded}`,
			}),
			'FileActionFind',
		);
		// The JS/Python SDKs encode the whole path, '/' included.
		expectOk(
			checkRequest('filescom', {
				method: 'GET',
				url: `${FILES}/files/${encodeURIComponent('a b/c#d.txt')}`,
			}),
			'FileDownload',
		);
	});

	it('rejects what a client failed to encode', () => {
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/files/100%/x` }),
			'request.path.path: malformed percent-encoding',
		);
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/files/c#1.txt` }),
			"contains a raw '#'",
		);
		// An unencoded '?' starts the query string: the rest of the name becomes an unknown parameter.
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/files/why?.txt` }),
			'request.query[".txt"]: unknown query parameter',
		);
	});

	it('accepts the empty path only for folder listings (the root: GET /folders/)', () => {
		expectOk(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/folders/?per_page=1` }),
			'FolderListForPath',
		);
		expectErrors(
			checkRequest('filescom', {
				method: 'POST',
				url: `${FILES}/folders/`,
				headers: JSON_HEADERS,
				body: {},
			}),
			'request.path.path: required path parameter is empty',
		);
		expectErrors(
			checkRequest('filescom', { method: 'GET', url: `${FILES}/files/` }),
			'request.path.path: required path parameter is empty',
		);
	});
});

describe('Files.com responses', () => {
	const list: CapturedRequest = { method: 'GET', url: `${FILES}/folders/docs?per_page=2` };
	const json = { 'content-type': 'application/json; charset=utf-8' };

	it('validates a good File list, nulls included', () => {
		const folder = fileEntity({
			path: 'docs/sub',
			type: 'directory',
			size: null,
			mime_type: undefined,
		});
		expectOk(
			checkResponse('filescom', list, { status: 200, headers: json, body: [folder, fileEntity()] }),
			'FolderListForPath',
		);
	});

	it('rejects a wrong type in a File object, with its location', () => {
		const result = checkResponse('filescom', list, {
			status: 200,
			headers: json,
			body: [
				fileEntity(),
				fileEntity({ size: '1024', created_at: 'yesterday', custom_metadata: 'x' }),
			],
		});
		expect(result.errors).toEqual([
			'response.body[1].size: expected integer, got string "1024"',
			'response.body[1].created_at: string "yesterday" is not a date-time',
			'response.body[1].custom_metadata: expected object, got string "x"',
		]);
		expectErrors(
			checkResponse('filescom', list, { status: 200, headers: json, body: fileEntity() }),
			'response.body: expected array, got object',
		);
	});

	it('checks error documents: {error, http-code, instance, title, type}', () => {
		const notFound = {
			error: 'Not Found',
			'http-code': 404,
			instance: 'abc',
			title: 'Not Found',
			type: 'not-found',
		};
		expectOk(
			checkResponse('filescom', list, { status: 404, headers: json, body: notFound }),
			'FolderListForPath',
		);
		expectErrors(
			checkResponse('filescom', list, {
				status: 404,
				body: { ...notFound, type: undefined, 'http-code': 422 },
			}),
			'response.body.type: required property is missing',
			'response.body["http-code"]: 422 does not match the HTTP status 404',
		);
		// 500 is not documented by Files.com, but any operation may answer it with an error document.
		expectOk(
			checkResponse('filescom', list, { status: 500, body: { ...notFound, 'http-code': 500 } }),
			'FolderListForPath',
		);
		expectErrors(
			checkResponse('filescom', list, { status: 500, body: '<html>' }),
			'response.body: not valid JSON',
		);
		expectErrors(
			checkResponse('filescom', list, { status: 302 }),
			'response.status: 302 is not documented for FolderListForPath',
		);
	});

	it('requires an empty body for 204', () => {
		const del: CapturedRequest = { method: 'DELETE', url: `${FILES}/files/a` };
		expectOk(checkResponse('filescom', del, { status: 204 }), 'DeleteFilesPath');
		expectErrors(
			checkResponse('filescom', del, { status: 204, body: { ok: true } }),
			'a 204 response must have no body',
		);
	});

	it('replays real recorded Files.com traffic and reports its known deviations exactly', () => {
		const fixture = JSON.parse(
			readFileSync(join(__dirname, 'fixtures', 'contract', 'filescom-recorded.json'), 'utf8'),
		) as {
			exchanges: Array<{
				name: string;
				request: CapturedRequest;
				response: CapturedResponse;
				expectRequestErrors: string[];
				expectResponseErrors: string[];
			}>;
		};
		expect(fixture.exchanges.length).toBeGreaterThanOrEqual(15);
		for (const exchange of fixture.exchanges) {
			expect(contractForUrl(exchange.request.url)).toBe('filescom');
			const request = checkRequest('filescom', exchange.request);
			const response = checkResponse('filescom', exchange.request, exchange.response);
			const outcome = { name: exchange.name, request: request.errors, response: response.errors };
			expect(outcome).toEqual({
				name: exchange.name,
				request: exchange.expectRequestErrors.map((e) => expect.stringContaining(e)),
				response: exchange.expectResponseErrors.map((e) => expect.stringContaining(e)),
			});
		}
	});
});

describe('Laserfiche requests', () => {
	const children = `${LF_CLOUD}/v2/Repositories/r-1a2b/Entries/1/Folder/Children`;

	it('accepts v2 folder listing with OData options, repeated fields and the Prefer header', () => {
		const result = checkRequest('laserfiche-v2', {
			method: 'GET',
			url: `${children}?$top=2&$skip=4&$orderby=name%20asc&$count=true&fields=Amount&fields=Date&formatFieldValues=true`,
			headers: { Prefer: 'maxpagesize=2', Authorization: 'Bearer t' },
		});
		expectOk(result, 'ListEntries');
		expect(result.pathTemplate).toBe(
			'/v2/Repositories/{repositoryId}/Entries/{entryId}/Folder/Children',
		);
		// @odata.nextLink pages carry $skiptoken, allowed by the operation's summary though not declared.
		expectOk(
			checkRequest('laserfiche-v2', { method: 'GET', url: `${children}?%24skiptoken=abc` }),
			'ListEntries',
		);
		// ASP.NET routes ignore the case of literal segments.
		expectOk(
			checkRequest('laserfiche-v2', {
				method: 'GET',
				url: `${LF_CLOUD}/v2/repositories/r1/entries/1/folder/children`,
			}),
			'ListEntries',
		);
	});

	it('accepts the v1 folder listing of a self-hosted server', () => {
		const url = `${LF_SELF}/v1/Repositories/r1/Entries/1/Laserfiche.Repository.Folder/children?$top=5&formatFields=true`;
		expectOk(
			checkRequest('laserfiche-v1', { method: 'GET', url, headers: { prefer: 'maxpagesize=5' } }),
			'GetEntryListing',
		);
		// v2's option name does not exist in v1.
		expectErrors(
			checkRequest('laserfiche-v1', { method: 'GET', url: `${url}&formatFieldValues=true` }),
			'request.query.formatFieldValues: unknown query parameter',
		);
	});

	it('rejects unknown query parameters, wrong types and undocumented headers', () => {
		const result = checkRequest('laserfiche-v2', {
			method: 'GET',
			url: `${children}?$top=two&$filter=x`,
			headers: { 'X-Trace': '1' },
		});
		expect(result.errors).toEqual([
			expect.stringMatching(
				/^request\.query\.\$filter: unknown query parameter \(documented: groupByEntryType, fields, /,
			),
			'request.query.$top: expected integer, got string "two"',
			'request.headers["x-trace"]: header is not documented for ListEntries (documented: prefer)',
		]);
		expectErrors(
			checkRequest('laserfiche-v2', {
				method: 'GET',
				url: `${LF_CLOUD}/v2/Repositories/r1/Entries/abc`,
			}),
			'request.path.entryId: expected integer, got string "abc"',
		);
		expectErrors(
			checkRequest('laserfiche-v2', {
				method: 'GET',
				url: `${LF_CLOUD}/v2/Repositories/r1/Entries/ByPath`,
			}),
			'request.query.fullPath: required query parameter is missing',
		);
	});

	it('validates v2 JSON bodies: required name, entryType enum, no extra properties', () => {
		const create = { method: 'POST', url: children, headers: JSON_HEADERS };
		expectOk(
			checkRequest('laserfiche-v2', {
				...create,
				body: { name: 'Invoices', entryType: 'Folder', autoRename: true },
			}),
			'CreateEntry',
		);
		expectErrors(
			checkRequest('laserfiche-v2', { ...create, body: { entryType: 'Folder' } }),
			'request.body.name: required property is missing',
		);
		expectErrors(
			checkRequest('laserfiche-v2', {
				...create,
				body: { name: 'x', entryType: 'Document', parent: 1 },
			}),
			'request.body.entryType: string "Document" is not one of "Folder", "Shortcut"',
			'request.body.parent: property is not allowed (additionalProperties: false)',
		);
		expectErrors(
			checkRequest('laserfiche-v2', { ...create, body: undefined }),
			'request.body: required request body is missing',
		);
		// ASP.NET binds JSON property names case-insensitively.
		expectOk(
			checkRequest('laserfiche-v2', { ...create, body: { Name: 'x', entryType: 'Folder' } }),
			'CreateEntry',
		);
	});

	it('checks multipart imports: part names, required parts, the JSON request part', () => {
		const boundary = 'n8n-boundary';
		const raw = Buffer.from(
			[
				`--${boundary}`,
				'Content-Disposition: form-data; name="file"; filename="a.pdf"',
				'Content-Type: application/pdf',
				'',
				'%PDF-1.4',
				`--${boundary}`,
				'Content-Disposition: form-data; name="request"',
				'Content-Type: application/json',
				'',
				'{"name":"a.pdf","autoRename":true}',
				`--${boundary}--`,
				'',
			].join('\r\n'),
		);
		const url = `${LF_CLOUD}/v2/Repositories/r1/Entries/1/Folder/Import`;
		const contentType = `multipart/form-data; boundary=${boundary}`;
		expectOk(
			checkRequest('laserfiche-v2', {
				method: 'POST',
				url,
				headers: { 'Content-Type': contentType },
				body: raw,
			}),
			'ImportEntry',
		);
		expectErrors(
			checkRequest('laserfiche-v2', {
				method: 'POST',
				url,
				contentType,
				body: { file: Buffer.from('x'), document: 'y' },
			}),
			'request.body.document: unknown multipart part (documented: file, request)',
			'request.body.request: required multipart part is missing',
		);
		expectErrors(
			checkRequest('laserfiche-v2', {
				method: 'POST',
				url,
				contentType,
				body: { file: Buffer.from('x'), request: '{"autoRename":1}' },
			}),
			'request.body.request.name: required property is missing',
			'request.body.request.autoRename: expected boolean, got number 1',
		);
		const v1 = `${LF_SELF}/v1/Repositories/r1/Entries/1/My%20Invoice.pdf?autoRename=true`;
		expectOk(
			checkRequest('laserfiche-v1', {
				method: 'POST',
				url: v1,
				contentType,
				body: { electronicDocument: Buffer.from('x'), request: '{"template":"Invoices"}' },
			}),
			'ImportDocument',
		);
	});

	it('accepts the token requests with form bodies, and rejects wrong ones', () => {
		const token = {
			method: 'POST',
			url: 'https://signin.laserfiche.com/oauth/Token',
			headers: { Authorization: 'Bearer jwt' },
		};
		expectOk(
			checkRequest('laserfiche-cloud-oauth', {
				...token,
				contentType: FORM,
				body: 'grant_type=client_credentials',
			}),
			'Token_GetAccessToken',
		);
		expectOk(
			checkRequest('laserfiche-cloud-oauth', {
				...token,
				url: 'http://127.0.0.1:4044/oauth/Token',
				contentType: FORM,
				body: { grant_type: 'client_credentials', scope: 'repository.Read repository.Write' },
			}),
			'Token_GetAccessToken',
		);
		expectErrors(
			checkRequest('laserfiche-cloud-oauth', {
				...token,
				contentType: FORM,
				body: { scope: 'x', client_secret: 'y' },
			}),
			'request.body.grant_type: required property is missing',
			'request.body.client_secret: property is not allowed (additionalProperties: false)',
		);
		expectErrors(
			checkRequest('laserfiche-cloud-oauth', {
				...token,
				headers: JSON_HEADERS,
				body: { grant_type: 'client_credentials' },
			}),
			'request.headers.content-type: application/json is not documented (documented: application/x-www-form-urlencoded)',
		);
		expectOk(
			checkRequest('laserfiche-selfhosted-token', {
				method: 'POST',
				url: `${LF_SELF}/v1/Repositories/r1/Token`,
				contentType: FORM,
				body: { grant_type: 'password', username: 'admin', password: 'pw' },
			}),
			'CreateAccessToken',
		);
	});
});

describe('Laserfiche responses', () => {
	const list: CapturedRequest = {
		method: 'GET',
		url: `${LF_CLOUD}/v2/Repositories/r1/Entries/1/Folder/Children`,
	};
	const folder = {
		'@odata.type': '#Laserfiche.Repository.Folder',
		id: 2,
		name: 'Invoices',
		parentId: 1,
		fullPath: '\\Invoices',
		folderPath: '\\',
		creator: 'admin',
		creationTime: '2024-01-02T03:04:05.123Z',
		lastModifiedTime: '2024-01-02T03:04:05+00:00',
		entryType: 'Folder',
		isContainer: true,
		isLeaf: false,
		templateName: null,
		templateId: 0,
		templateFieldNames: [],
		volumeName: 'DEFAULTVOL',
		rowNumber: 1,
		fields: null,
		isRecordFolder: false,
		isUnderRecordSeries: false,
	};
	const document = {
		id: 3,
		name: 'a',
		entryType: 'Document',
		electronicDocumentSize: 10,
		extension: 'pdf',
		mimeType: 'application/pdf',
	};

	it('validates entry collections by subtype (allOf merged, discriminator on entryType, OData annotations)', () => {
		const body = {
			'@odata.context': 'ctx',
			'@odata.nextLink': `${list.url}?$skiptoken=1`,
			value: [folder, document],
		};
		expectOk(
			checkResponse('laserfiche-v2', list, { status: 200, headers: JSON_HEADERS, body }),
			'ListEntries',
		);
	});

	it('rejects wrong entries with their locations', () => {
		const body = {
			value: [
				{ ...folder, id: '2', extension: 'pdf' },
				{ id: 3, name: 'no type' },
				{ ...document, entryType: 'Album' },
			],
			total: 3,
		};
		expect(checkResponse('laserfiche-v2', list, { status: 200, body }).errors).toEqual([
			'response.body.value[0].id: expected integer, got string "2"',
			'response.body.value[0].extension: property is not allowed (additionalProperties: false)',
			'response.body.value[1].entryType: required property is missing',
			// An unknown entryType selects no subtype: the base Entry rejects the Document-only properties too.
			'response.body.value[2].entryType: string "Album" is not one of "Folder", "RecordSeries", "Document", "Shortcut"',
			'response.body.value[2].electronicDocumentSize: property is not allowed (additionalProperties: false)',
			'response.body.value[2].extension: property is not allowed (additionalProperties: false)',
			'response.body.value[2].mimeType: property is not allowed (additionalProperties: false)',
			'response.body.total: property is not allowed (additionalProperties: false)',
		]);
	});

	it('checks ProblemDetails errors, documented or not', () => {
		const problem = {
			type: 't',
			title: 'Entry not found.',
			status: 404,
			instance: '/x',
			operationId: 'o',
			errorSource: 'Api',
			traceId: 'x',
		};
		const problemJson = { 'content-type': 'application/problem+json; charset=utf-8' };
		expectOk(
			checkResponse('laserfiche-v2', list, { status: 404, headers: problemJson, body: problem }),
			'ListEntries',
		);
		expectErrors(
			checkResponse('laserfiche-v2', list, { status: 404, body: { title: 'x' } }),
			'response.body.status: required property is missing',
		);
		// 423 is not documented for ListEntries: still needs a ProblemDetails, whose status matches.
		expectErrors(
			checkResponse('laserfiche-v2', list, { status: 423, body: { ...problem, status: 404 } }),
			'response.body.status: 404 does not match the HTTP status 423',
		);
		expectErrors(
			checkResponse('laserfiche-v2', list, { status: 201, body: {} }),
			'response.status: 201 is not documented for ListEntries',
		);
	});

	it('checks token responses (self-hosted accepts expires_in as documented by Laserfiche)', () => {
		const selfHosted = { method: 'POST', url: `${LF_SELF}/v1/Repositories/r1/Token` };
		expectOk(
			checkResponse('laserfiche-selfhosted-token', selfHosted, {
				status: 200,
				body: { access_token: 'a', token_type: 'bearer', expires_in: 900 },
			}),
			'CreateAccessToken',
		);
		const cloud = { method: 'POST', url: 'https://signin.laserfiche.com/oauth/Token' };
		const token = {
			access_token: 'a',
			token_type: 'bearer',
			expires_in: 43200,
			scope: 'repository.Read',
		};
		expectOk(
			checkResponse('laserfiche-cloud-oauth', cloud, { status: 200, body: token }),
			'Token_GetAccessToken',
		);
		expectErrors(
			checkResponse('laserfiche-cloud-oauth', cloud, {
				status: 200,
				body: { ...token, expires_in: '43200', refresh: 'x' },
			}),
			'response.body.expires_in: expected integer, got string "43200"',
			'response.body.refresh: property is not allowed (additionalProperties: false)',
		);
	});

	it('accepts binary downloads only with a documented media type', () => {
		const edoc = {
			method: 'GET',
			url: `${LF_SELF}/v1/Repositories/r1/Entries/5/Laserfiche.Repository.Document/edoc`,
			headers: { Range: 'bytes=0-9' },
		};
		expectOk(checkRequest('laserfiche-v1', edoc), 'ExportDocument');
		const binary = { 'content-type': 'application/octet-stream' };
		expectOk(
			checkResponse('laserfiche-v1', edoc, {
				status: 206,
				headers: binary,
				body: Buffer.from('0123456789'),
			}),
			'ExportDocument',
		);
		expectErrors(
			checkResponse('laserfiche-v1', edoc, { status: 200, headers: JSON_HEADERS, body: {} }),
			'response.headers.content-type: application/json is not documented (documented: application/octet-stream)',
		);
	});
});

describe('contractForUrl', () => {
	it.each<[string, ContractName | undefined]>([
		['http://127.0.0.1:4041/api/rest/v1/folders/a%20b?per_page=2', 'filescom'],
		['/api/rest/v1/api_key', 'filescom'],
		['http://x/repository/v2/Repositories/r1/Entries/1', 'laserfiche-v2'],
		[
			'http://x/LFRepositoryAPI/v1/Repositories/r1/Entries/1/Laserfiche.Repository.Folder/children',
			'laserfiche-v1',
		],
		['http://x/LFRepositoryAPI/v1/Repositories', 'laserfiche-v1'],
		['http://x/LFRepositoryAPI/v1/Repositories/r1/Token', 'laserfiche-selfhosted-token'],
		['https://signin.laserfiche.com/oauth/Token', 'laserfiche-cloud-oauth'],
		['http://127.0.0.1:4041/uploads/part-1?signature=abc', undefined],
	])('%s -> %s', (url, expected) => {
		expect(contractForUrl(url)).toBe(expected);
	});
});

describe('assertions', () => {
	it('throw an Error listing every reason, and pass silently when in contract', () => {
		const req = {
			method: 'post',
			url: `${FILES}/file_actions/move/a?force=1`,
			headers: JSON_HEADERS,
			body: { overwrite: 'no' },
		};
		expect(() => assertRequestInContract('filescom', req)).toThrow(
			[
				'filescom contract violation in the request of POST /api/rest/v1/file_actions/move/a' +
					' (FileActionMove /file_actions/move/{path}):',
				'  - request.query.force: unknown query parameter (documented: none)',
				'  - request.body.overwrite: expected boolean, got string "no"',
				'  - request.body.destination: required parameter is missing',
			].join('\n'),
		);
		expect(() =>
			assertRequestInContract('filescom', {
				...req,
				url: `${FILES}/file_actions/move/a`,
				body: { destination: 'b' },
			}),
		).not.toThrow();
		expect(() =>
			assertResponseInContract('filescom', req, {
				status: 201,
				body: { status: 'pending', file_migration_id: 7 },
			}),
		).not.toThrow();
	});

	it('never quote values of secret-looking fields', () => {
		const token = { method: 'POST', url: `${LF_SELF}/v1/Repositories/r1/Token` };
		const secret = 987654321;
		let message = '';
		try {
			assertResponseInContract('laserfiche-selfhosted-token', token, {
				status: 200,
				body: { access_token: secret },
			});
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain('response.body.access_token: expected string, got number');
		expect(message).not.toContain(String(secret));
	});

	it('report a response to an undocumented request as such', () => {
		const result = checkResponse(
			'laserfiche-v2',
			{ method: 'GET', url: `${LF_CLOUD}/v2/Nothing` },
			{ status: 200, body: {} },
		);
		expectErrors(
			result,
			'response cannot be matched to a documented operation',
			'request.path: no documented path matches /v2/Nothing',
		);
	});
});
