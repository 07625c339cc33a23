/**
 * Bad input to the Laserfiche node and its credentials: each case must stop the item with a
 * NodeOperationError whose message names the field (and whose description says how to fix it), before
 * a single request reaches the emulator (no token request either).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { HarnessInputItem } from '../harness';
import type { LaserficheEmulator, LfMode } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	byId,
	byPath,
	failureOf,
	laserficheCredentials,
	runLaserfiche,
	startLaserfiche,
} from './helpers';

/**
 * Bad values come from expressions, as they do when a workflow maps them from earlier nodes: n8n's
 * editor checks (required, resource-locator patterns) only apply to fixed values, so the node's own
 * checks are what stands between the data and the server.
 */
const e = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const idOf = (value: unknown) => ({ __rl: true, mode: 'id', value: e(String(value)) });
const pathOf = (value: string) => ({ __rl: true, mode: 'path', value: e(value) });

let lf: LaserficheEmulator;

beforeAll(async () => {
	lf = await startLaserfiche();
});
afterAll(async () => await lf.stop());

/** The access key's JSON, changed by `change` and encoded again. */
function accessKeyWith(change: (key: IDataObject & { jwk: IDataObject }) => unknown): string {
	const key = JSON.parse(
		Buffer.from(lf.cloud.accessKey, 'base64').toString('utf8'),
	) as IDataObject & { jwk: IDataObject };
	const changed = change(key) ?? key;
	return Buffer.from(typeof changed === 'string' ? changed : JSON.stringify(changed)).toString(
		'base64',
	);
}

const get: INodeParameters = { resource: 'entry', operation: 'get', entry: byId(1) };
const createFolder = (name: unknown): INodeParameters => ({
	resource: 'folder',
	operation: 'create',
	parentFolder: byPath('\\Archive'),
	name: e(name),
	options: {},
});
const fileItem: HarnessInputItem[] = [
	{
		json: {},
		binary: { data: { content: 'hello', fileName: 'hello.txt', mimeType: 'text/plain' } },
	},
];
const importInto = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'document',
	operation: 'import',
	parentFolder: byPath('\\Archive'),
	name: '',
	binaryPropertyName: 'data',
	options: {},
	...extra,
});
const list = (limit: unknown): INodeParameters => ({
	resource: 'folder',
	operation: 'list',
	parentFolder: byPath('\\'),
	returnAll: false,
	limit: e(limit),
});

interface Case {
	name: string;
	mode?: LfMode;
	parameters: INodeParameters;
	/** Credential fields replaced for this case. */
	credential?: () => IDataObject;
	input?: HarnessInputItem[];
	/** What the message must name. */
	field: RegExp;
}

const CASES: Case[] = [
	// The Cloud access key and service principal key (checked before the token request).
	{
		name: 'access key that is not base-64',
		parameters: get,
		credential: () => ({ accessKeySecret: 'this is *not* base-64 !' }),
		field: /Access Key/i,
	},
	{
		name: 'access key that is base-64 but not JSON',
		parameters: get,
		credential: () => ({ accessKeySecret: Buffer.from('plain text, no JSON').toString('base64') }),
		field: /Access Key/i,
	},
	{
		name: 'access key that is a JSON array',
		parameters: get,
		credential: () => ({ accessKeySecret: Buffer.from('[1,2,3]').toString('base64') }),
		field: /Access Key/i,
	},
	{
		name: 'access key without "jwk"',
		parameters: get,
		credential: () => ({ accessKeySecret: accessKeyWith(({ jwk: _jwk, ...rest }) => rest) }),
		field: /Access Key.*jwk|jwk.*Access Key/i,
	},
	{
		name: 'access key whose jwk is on the wrong curve (P-384)',
		parameters: get,
		credential: () => ({
			accessKeySecret: accessKeyWith((key) => ({ ...key, jwk: { ...key.jwk, crv: 'P-384' } })),
		}),
		field: /access key.*(P-256|curve)/i,
	},
	{
		name: 'access key whose jwk is an RSA key',
		parameters: get,
		credential: () => ({
			accessKeySecret: accessKeyWith((key) => ({ ...key, jwk: { ...key.jwk, kty: 'RSA' } })),
		}),
		field: /access key.*(EC|P-256)/i,
	},
	{
		name: 'access key whose jwk has no private part (d)',
		parameters: get,
		credential: () => ({
			accessKeySecret: accessKeyWith(({ jwk: { d: _d, ...jwk }, ...rest }) => ({ ...rest, jwk })),
		}),
		field: /access key.*"d"/i,
	},
	{
		name: 'access key that is empty',
		parameters: get,
		credential: () => ({ accessKeySecret: '' }),
		field: /Access Key/i,
	},
	{
		name: 'access key that is not base-64, with the endpoints derived from it',
		parameters: get,
		credential: () => ({ accessKeySecret: 'not-base-64!!', customEndpoints: false }),
		field: /Access Key/i,
	},
	{
		name: 'service principal key that is empty',
		parameters: get,
		credential: () => ({ servicePrincipalSecretKey: '  ' }),
		field: /Service Principal Key/i,
	},
	{
		name: 'custom token URL without a scheme',
		parameters: get,
		credential: () => ({ tokenUrl: lf.cloud.tokenUrl.replace(/^http:\/\//, '') }),
		field: /Token URL/i,
	},
	{
		name: 'custom API base URL without a scheme',
		parameters: get,
		credential: () => ({ apiBaseUrl: lf.cloud.apiBaseUrl.replace(/^http:\/\//, '') }),
		field: /API Base URL/i,
	},
	// Self-hosted credential.
	{
		name: 'self-hosted base URL without a scheme',
		mode: SELF_HOSTED_V1,
		parameters: get,
		credential: () => ({ baseUrl: lf.selfHosted.baseUrl.replace(/^http:\/\//, '') }),
		field: /Base URL/i,
	},
	{
		name: 'self-hosted base URL with an ftp scheme',
		mode: SELF_HOSTED_V1,
		parameters: get,
		credential: () => ({ baseUrl: lf.selfHosted.baseUrl.replace(/^http:/, 'ftp:') }),
		field: /Base URL/i,
	},
	{
		name: 'self-hosted base URL that is empty',
		mode: SELF_HOSTED_V1,
		parameters: get,
		credential: () => ({ baseUrl: '' }),
		field: /Base URL/i,
	},
	{
		name: 'self-hosted repository ID ".." (path traversal)',
		mode: SELF_HOSTED_V1,
		parameters: get,
		credential: () => ({ repositoryId: '..' }),
		field: /Repository/i,
	},
	{
		name: 'self-hosted repository ID with a slash',
		mode: SELF_HOSTED_V1,
		parameters: get,
		credential: () => ({ repositoryId: 'Repo/../Other' }),
		field: /Repository/i,
	},
	// The Cloud repository chosen in the node.
	{
		name: 'Cloud repository that is empty',
		parameters: { ...get, repositoryId: idOf('') },
		field: /Repository/i,
	},
	{
		name: 'Cloud repository ".." (path traversal)',
		parameters: { ...get, repositoryId: idOf('..') },
		field: /Repository/i,
	},
	{
		name: 'Cloud repository with a slash',
		parameters: { ...get, repositoryId: idOf('r-1/../r-2') },
		field: /Repository/i,
	},
	// Entries by ID and by path.
	{
		name: 'entry ID that is not a number',
		parameters: { ...get, entry: idOf('abc') },
		field: /Entry/,
	},
	{ name: 'entry ID 0', parameters: { ...get, entry: idOf(0) }, field: /Entry/ },
	{ name: 'entry ID that is negative', parameters: { ...get, entry: idOf(-5) }, field: /Entry/ },
	{ name: 'entry ID that is empty', parameters: { ...get, entry: idOf('') }, field: /Entry/ },
	{
		name: 'entry path without the leading backslash',
		parameters: { ...get, entry: pathOf('Invoices\\2026') },
		field: /Entry/,
	},
	{
		name: 'entry path with a control character',
		parameters: { ...get, entry: pathOf('\\Invoices\\20\n26') },
		field: /Entry/,
	},
	{
		name: 'entry path with a "*"',
		parameters: { ...get, entry: pathOf('\\Invoices\\20*26') },
		field: /Entry/,
	},
	{
		name: 'entry path with an empty folder name',
		parameters: { ...get, entry: pathOf('\\Invoices\\\\2026') },
		field: /Entry/,
	},
	{
		name: 'parent folder path with a "|"',
		parameters: { ...createFolder('ok'), parentFolder: pathOf('\\Arch|ive') },
		field: /Parent Folder/,
	},
	{
		name: 'deleting the root folder',
		parameters: { resource: 'entry', operation: 'delete', entry: pathOf('\\'), options: {} },
		field: /Entry/,
	},
	// Names: \ / : * ? " < > | and control characters are refused by Laserfiche.
	...['\\', '/', ':', '*', '?', '"', '<', '>', '|'].map(
		(character): Case => ({
			name: `folder name with "${character}"`,
			parameters: createFolder(`Report ${character} 2026`),
			field: /Name/,
		}),
	),
	{
		name: 'folder name with a line break',
		parameters: createFolder('Report\n2026'),
		field: /Name/,
	},
	{ name: 'folder name with a tab', parameters: createFolder('Report\t2026'), field: /Name/ },
	{
		name: 'folder name with a NUL character',
		parameters: createFolder('Report\u00002026'),
		field: /Name/,
	},
	{ name: 'folder name that is empty', parameters: createFolder('   '), field: /Name/ },
	{
		name: 'folder name of 256 characters',
		parameters: createFolder('x'.repeat(256)),
		field: /Name/,
	},
	{
		name: 'new name with ":" (rename)',
		parameters: {
			resource: 'entry',
			operation: 'rename',
			entry: byId(2),
			name: e('a:b'),
			options: {},
		},
		field: /Name/,
	},
	{
		name: 'import name with "?"',
		parameters: importInto({ name: e('what?') }),
		input: fileItem,
		field: /Name/,
	},
	{
		name: 'import name taken from a file name with "<"',
		parameters: importInto(),
		input: [
			{ json: {}, binary: { data: { content: 'x', fileName: 'a<b.txt', mimeType: 'text/plain' } } },
		],
		field: /Name/,
	},
	// Binary input.
	{
		name: 'import without the binary property',
		parameters: importInto({ binaryPropertyName: e('missing') }),
		input: fileItem,
		field: /missing|Binary Property/,
	},
	{
		name: 'import with an empty binary property name',
		parameters: importInto({ binaryPropertyName: e(' ') }),
		input: fileItem,
		field: /Binary Property/,
	},
	{
		name: 'import of an item without any binary data',
		parameters: importInto(),
		input: [{ json: { a: 1 } }],
		field: /data|Binary Property/,
	},
	{
		name: 'export into an empty binary property name',
		parameters: {
			resource: 'document',
			operation: 'export',
			entry: byId(2),
			binaryPropertyName: e(''),
			options: {},
		},
		field: /Binary Property/,
	},
	// Limits and numbers.
	{ name: 'negative limit (folder list)', parameters: list(-1), field: /Limit/ },
	{ name: 'limit 0 (folder list)', parameters: list(0), field: /Limit/ },
	{ name: 'fractional limit (folder list)', parameters: list(2.5), field: /Limit/ },
	{
		name: 'negative limit (search)',
		parameters: {
			resource: 'search',
			operation: 'run',
			searchCommand: '{LF:Name="*"}',
			returnAll: false,
			limit: e(-3),
			options: {},
		},
		field: /Limit/,
	},
	{
		name: 'task timeout 0 (copy)',
		parameters: {
			resource: 'entry',
			operation: 'copy',
			entry: byId(2),
			parentFolder: byPath('\\Archive'),
			name: '',
			options: { taskTimeout: e(0) },
		},
		field: /Task Timeout/,
	},
	{
		name: 'negative audit reason ID (delete)',
		parameters: {
			resource: 'entry',
			operation: 'delete',
			entry: byId(2),
			options: { auditReasonId: e(-1) },
		},
		field: /Audit Reason/,
	},
	// Search commands, task IDs, metadata rows.
	{
		name: 'empty search command',
		parameters: {
			resource: 'search',
			operation: 'simple',
			searchCommand: e('  '),
			returnAll: true,
		},
		field: /Search Command/,
	},
	{
		name: 'search command with unbalanced braces',
		parameters: {
			resource: 'search',
			operation: 'simple',
			searchCommand: e('{LF:Name="a"'),
			returnAll: true,
		},
		field: /Search Command/,
	},
	{
		name: 'empty task ID',
		parameters: { resource: 'task', operation: 'get', taskId: e('') },
		field: /Task ID/,
	},
	{
		name: 'task ID with a slash',
		parameters: { resource: 'task', operation: 'cancel', taskId: e('../Entries/1') },
		field: /Task ID/,
	},
	{
		name: 'task ID ".." on API v1 (path traversal)',
		mode: SELF_HOSTED_V1,
		parameters: { resource: 'task', operation: 'get', taskId: e('..') },
		field: /Task ID/,
	},
	{
		name: 'field row without a name',
		parameters: {
			resource: 'metadata',
			operation: 'setFields',
			entry: byId(2),
			fields: { field: [{ name: '', value: 'v' }] },
			mode: 'merge',
		},
		field: /Fields/,
	},
	{
		name: 'tag with a control character',
		parameters: {
			resource: 'metadata',
			operation: 'setTags',
			entry: byId(2),
			tags: e('Approved,Bad\u0007Tag'),
			mode: 'merge',
		},
		field: /Tags/,
	},
	{
		name: 'link row with a link definition that is not a number',
		parameters: {
			resource: 'metadata',
			operation: 'setLinks',
			entry: byId(2),
			links: { link: [{ linkDefinitionId: 'x', otherEntryId: 3, isSource: true }] },
			mode: 'merge',
		},
		field: /Links/,
	},
	{
		name: 'empty template name',
		parameters: {
			resource: 'metadata',
			operation: 'assignTemplate',
			entry: byId(2),
			templateName: e(' '),
		},
		field: /Template Name/,
	},
];

describe('Laserfiche bad input: a NodeOperationError naming the field, zero requests', () => {
	beforeEach(async () => await lf.reset());

	it.each(CASES.map((testCase) => [testCase.name, testCase] as const))(
		'%s',
		async (_name, testCase) => {
			const mode = testCase.mode ?? CLOUD;
			const run = await runLaserfiche(lf, mode, testCase.parameters, {
				onError: 'stopWorkflow',
				input: testCase.input ?? [{ json: {} }],
				credentials: laserficheCredentials(lf, mode, testCase.credential?.() ?? {}),
			});
			expect(lf.state.requests.map((request) => `${request.method} ${request.url}`)).toEqual([]);
			expect(lf.state.tokenRequests).toEqual({ cloud: 0, selfHosted: 0 });
			expect(run.status).toBe('error');
			const failure = failureOf(run);
			expect(failure?.name).toBe('NodeOperationError');
			expect(failure?.message).toMatch(testCase.field);
			// It says how to fix it, too.
			expect(`${failure?.description ?? ''}`.length).toBeGreaterThan(10);
		},
	);

	it('has at least 40 cases', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(40);
	});
});

describe('Laserfiche input that only the server can refuse: named, and asked once', () => {
	beforeEach(async () => await lf.reset());

	it('an unknown Cloud repository: the error names the repository, one token request, one API request, no retry', async () => {
		const run = await runLaserfiche(
			lf,
			CLOUD,
			{ ...get, repositoryId: { __rl: true, mode: 'id', value: 'r-unknown1' } },
			{ onError: 'continueErrorOutput' },
		);
		expect(run.errors).toHaveLength(1);
		expect(String(run.errors[0].json.message)).toMatch(/Repository/i);
		// Only the 404 is documented; the error code depends on the emulator's unknownRepositoryAnswer (test/laserfiche/unknown-repository.test.ts).
		expect(run.errors[0].json.details).toMatchObject({ status: 404 });
		expect(lf.state.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /oauth/Token',
			'GET /repository/v2/Repositories/r-unknown1/Entries/1',
		]);
	});

	it('an unknown self-hosted repository: the sign-in says so, one token request', async () => {
		const run = await runLaserfiche(lf, SELF_HOSTED_V1, get, {
			onError: 'continueErrorOutput',
			credentials: laserficheCredentials(lf, SELF_HOSTED_V1, { repositoryId: 'NoSuchRepo' }),
		});
		expect(run.errors).toHaveLength(1);
		expect(String(run.errors[0].json.message)).toMatch(/no repository "NoSuchRepo"/);
		expect(lf.state.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /LFRepositoryAPI/v1/Repositories/NoSuchRepo/Token',
		]);
	});
});
