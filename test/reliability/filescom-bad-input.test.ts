/**
 * Bad input to the Files.com node and its credential: each case must stop the item with a
 * NodeOperationError whose message names the field (and whose description says how to fix it), before
 * a single request reaches the emulator.
 *
 * Values come from expressions, as they do when a workflow maps them from earlier nodes (n8n's editor
 * checks only apply to fixed values). What is *not* bad input, by the issue texts: a Site URL without
 * a scheme (https:// is assumed, like the credential's Test button does), names with : * ? " < > |
 * (Files.com accepts them; the seed has "100% done #1?.txt"), and a 0-byte file (its upload is valid;
 * see integrity.test.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { HarnessInputItem } from '../harness';
import type { FilesComEmulator } from './helpers';
import { failureOf, filesComCredentials, runFilesCom, startFilesCom } from './helpers';

let emu: FilesComEmulator;

beforeAll(async () => {
	emu = await startFilesCom();
});
afterAll(async () => await emu.stop());

const e = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const folder = (value: unknown) => ({ __rl: true, mode: 'path', value: e(value) });
const getFile = (path: unknown): INodeParameters => ({
	resource: 'file',
	operation: 'get',
	path: e(path),
});
const copy = (
	path: unknown,
	destination: unknown,
	options: INodeParameters = {},
): INodeParameters => ({
	resource: 'file',
	operation: 'copy',
	path: e(path),
	destination: e(destination),
	options,
});
const upload = (extra: INodeParameters = {}, options: INodeParameters = {}): INodeParameters => ({
	resource: 'file',
	operation: 'upload',
	path: folder('/Documents'),
	binaryPropertyName: 'data',
	options,
	...extra,
});
const list = (limit: unknown): INodeParameters => ({
	resource: 'folder',
	operation: 'list',
	path: folder('/Documents'),
	returnAll: false,
	limit: e(limit),
	recursive: false,
	options: {},
});
const fileItem: HarnessInputItem[] = [
	{
		json: {},
		binary: { data: { content: 'hello', fileName: 'hello.txt', mimeType: 'text/plain' } },
	},
];

interface Case {
	name: string;
	parameters: INodeParameters;
	input?: HarnessInputItem[];
	credential?: () => IDataObject;
	field: RegExp;
}

const CASES: Case[] = [
	// Paths.
	{ name: 'file path that is empty', parameters: getFile(''), field: /File Path/ },
	{ name: 'file path "/" (the root is not a file)', parameters: getFile('/'), field: /File Path/ },
	{
		name: 'file path "../etc/passwd" (path traversal)',
		parameters: getFile('../etc/passwd'),
		field: /File Path/,
	},
	{
		name: 'file path going up in the middle (Documents/../users/bob/private.txt)',
		parameters: getFile('Documents/../users/bob/private.txt'),
		field: /File Path/,
	},
	{
		name: 'file path with a "." segment',
		parameters: getFile('./Documents/notes.txt'),
		field: /File Path/,
	},
	{
		name: 'file path going up with backslashes (Documents\\..\\x)',
		parameters: getFile('Documents\\..\\x'),
		field: /File Path/,
	},
	{
		name: 'file path with a line break',
		parameters: getFile('Documents/no\ntes.txt'),
		field: /File Path/,
	},
	{
		name: 'file path with a tab',
		parameters: getFile('Documents/no\ttes.txt'),
		field: /File Path/,
	},
	{
		name: 'file path with a NUL character',
		parameters: getFile('Documents/no\u0000tes.txt'),
		field: /File Path/,
	},
	{
		name: 'file path with DEL (U+007F)',
		parameters: getFile('Documents/no\u007ftes.txt'),
		field: /File Path/,
	},
	{
		name: 'file path with a folder name ending in a space',
		parameters: getFile('Documents /notes.txt'),
		field: /File Path/,
	},
	{
		name: 'file path longer than 5,000 characters',
		parameters: getFile(`a/${'b'.repeat(5000)}.txt`),
		field: /File Path/,
	},
	{
		name: 'copy source going up (Path)',
		parameters: copy('Documents/..', '/x.txt'),
		field: /Path/,
	},
	{
		name: 'copy destination that is empty',
		parameters: copy('/Documents/notes.txt', ''),
		field: /Destination Path/,
	},
	{
		name: 'move destination going up',
		parameters: { ...copy('/Documents/notes.txt', '/Shared/../../x.txt'), operation: 'move' },
		field: /Destination Path/,
	},
	{
		name: 'copy with Max Wait 0',
		parameters: copy('/Documents/notes.txt', '/x.txt', { maxWaitSeconds: e(0) }),
		field: /Max Wait/,
	},
	{
		name: 'folder to delete "/" (the root)',
		parameters: { resource: 'folder', operation: 'delete', path: folder('/'), recursive: true },
		field: /Folder/,
	},
	{
		name: 'folder to create with a control character',
		parameters: {
			resource: 'folder',
			operation: 'create',
			path: e('/Reports/20\r26'),
			options: {},
		},
		field: /Folder Path/,
	},
	{
		name: 'folder to list going up',
		parameters: { ...list(10), path: folder('/Documents/../..') },
		field: /Folder/,
	},
	// Upload input.
	{
		name: 'upload without the binary property',
		parameters: upload({ binaryPropertyName: e('missing') }),
		input: fileItem,
		field: /missing|Input Binary Field/,
	},
	{
		name: 'upload with an empty binary property name',
		parameters: upload({ binaryPropertyName: e('  ') }),
		input: fileItem,
		field: /Input Binary Field/,
	},
	{
		name: 'upload of an item without any binary data',
		parameters: upload(),
		input: [{ json: { a: 1 } }],
		field: /data|Input Binary Field/,
	},
	{
		name: 'upload with a File Name containing "/"',
		parameters: upload({}, { fileName: e('a/b.txt') }),
		input: fileItem,
		field: /File Name/,
	},
	{
		name: 'upload with a File Name containing "\\"',
		parameters: upload({}, { fileName: e('a\\b.txt') }),
		input: fileItem,
		field: /File Name/,
	},
	{
		name: 'upload with a File Name containing a line break',
		parameters: upload({}, { fileName: e('a\nb.txt') }),
		input: fileItem,
		field: /File Name/,
	},
	{
		name: 'upload with the File Name ".."',
		parameters: upload({}, { fileName: e('..') }),
		input: fileItem,
		field: /File Name/,
	},
	{
		name: 'upload of a file with no name and no File Name option',
		parameters: upload(),
		input: [{ json: {}, binary: { data: { content: 'x', fileName: '', mimeType: 'text/plain' } } }],
		field: /File Name/,
	},
	{
		name: 'upload into a folder going up',
		parameters: upload({ path: folder('/Documents/../../etc') }),
		input: fileItem,
		field: /Folder/,
	},
	{
		name: 'upload with Parallel Part Uploads 0',
		parameters: upload({}, { partConcurrency: e(0) }),
		input: fileItem,
		field: /Parallel Part Uploads/,
	},
	{
		name: 'upload with Parallel Part Uploads 11',
		parameters: upload({}, { partConcurrency: e(11) }),
		input: fileItem,
		field: /Parallel Part Uploads/,
	},
	{
		name: 'upload with a Modification Time that is not a date',
		parameters: upload({}, { providedMtime: e('yesterday-ish') }),
		input: fileItem,
		field: /Modification Time/,
	},
	// Limits and IDs.
	{ name: 'negative limit (folder list)', parameters: list(-1), field: /Limit/ },
	{ name: 'limit 0 (folder list)', parameters: list(0), field: /Limit/ },
	{ name: 'fractional limit (folder list)', parameters: list(1.5), field: /Limit/ },
	{
		name: 'API key ID that is not a number',
		parameters: {
			resource: 'apiKey',
			operation: 'get',
			apiKeyId: { __rl: true, mode: 'id', value: e('abc') },
		},
		field: /API Key/,
	},
	{
		name: 'user ID that is negative',
		parameters: {
			resource: 'user',
			operation: 'get',
			userId: { __rl: true, mode: 'id', value: e('-1') },
		},
		field: /User/,
	},
	{
		name: 'API key update with nothing to change',
		parameters: {
			resource: 'apiKey',
			operation: 'update',
			apiKeyId: { __rl: true, mode: 'id', value: e('1') },
			name: '',
			description: '',
			expiresAt: '',
			permissionSet: '',
		},
		field: /Update/,
	},
	{
		name: 'API key with an expiry date that is not a date',
		parameters: {
			resource: 'apiKey',
			operation: 'create',
			name: 'k',
			expiresAt: e('next week'),
			permissionSet: 'full',
		},
		field: /Expires At/,
	},
	// The credential.
	{
		name: 'credential API key that is empty',
		parameters: getFile('/Documents/notes.txt'),
		credential: () => ({ apiKey: '   ' }),
		field: /API Key/,
	},
	{
		name: 'credential Site URL that is not a URL',
		parameters: getFile('/Documents/notes.txt'),
		credential: () => ({ siteUrl: 'not a url at all' }),
		field: /Site URL/,
	},
	{
		name: 'credential Site URL with an ftp scheme',
		parameters: getFile('/Documents/notes.txt'),
		credential: () => ({ siteUrl: 'ftp://files.example.com' }),
		field: /Site URL/,
	},
];

describe('Files.com bad input: a NodeOperationError naming the field, zero requests', () => {
	beforeEach(() => emu.state.clearRequests());

	it.each(CASES.map((testCase) => [testCase.name, testCase] as const))(
		'%s',
		async (_name, testCase) => {
			const base = filesComCredentials(emu).fc.data;
			const run = await runFilesCom(emu, testCase.parameters, {
				onError: 'stopWorkflow',
				input: testCase.input ?? [{ json: {} }],
				credentials: {
					fc: {
						type: 'filesComApi',
						data: { ...base, ...(testCase.credential?.() ?? {}) } as ICredentialDataDecryptedObject,
					},
				},
			});
			expect(emu.requests.map((request) => `${request.method} ${request.url}`)).toEqual([]);
			expect(run.status).toBe('error');
			const failure = failureOf(run);
			expect(failure?.name).toBe('NodeOperationError');
			expect(failure?.message).toMatch(testCase.field);
			expect(`${failure?.description ?? ''}`.length).toBeGreaterThan(10);
		},
	);

	it('has at least 40 cases together with the Laserfiche matrix (and 30 of its own)', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(30);
	});
});

describe('Files.com input that is valid although it looks odd', () => {
	beforeEach(() => emu.state.clearRequests());

	it.each([':', '*', '?', '"', '<', '>', '|'])(
		'a file name with "%s" is accepted and uploaded as named',
		async (character) => {
			const name = `odd ${character} name.txt`;
			const run = await runFilesCom(emu, upload({}, { fileName: e(name) }), { input: fileItem });
			expect(run.errors.map((item) => item.json.message)).toEqual([]);
			expect(run.success[0].json.path).toBe(`Documents/${name}`);
		},
	);
});
