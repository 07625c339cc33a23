/**
 * Failures of the Files.com node: error documents on the Error output (unchanged, with resource, operation,
 * item index and the input's fields), the NodeApiError that stops a workflow, retries (429 with Retry-After,
 * transient 5xx for idempotent calls only), bad input refused before any request, and no API key anywhere.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { FilesComEmulator } from './helpers';
import {
	credentialsFor,
	expectNoSecret,
	expectRequestsInContract,
	folder,
	runFilesCom,
	startEmulator,
} from './helpers';
import { until } from '../support/wait';

let emulator: FilesComEmulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());
afterEach(() => emulator.faults.clear());

const NOT_FOUND_TEXT = 'Not Found.  This may be related to your permissions.';

describe('error documents on the Error output', () => {
	it('routes a missing path to Error with the not-found document and the input fields, the other item to Success', async () => {
		const run = await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '={{ $json.path }}' },
			{
				onError: 'continueErrorOutput',
				input: [
					{ json: { path: '/Documents/notes.txt', customer: 'acme' } },
					{ json: { path: '/Documents/missing.txt', customer: 'globex' } },
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json).toMatchObject({ path: 'Documents/notes.txt' });
		expect(run.errors).toHaveLength(1);
		const [failed] = run.errors;
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toEqual({
			path: '/Documents/missing.txt',
			customer: 'globex',
			error: 'Not Found',
			message: expect.stringContaining(NOT_FOUND_TEXT),
			details: {
				error: NOT_FOUND_TEXT,
				'http-code': 404,
				instance: expect.stringMatching(/^[0-9a-f-]{16,}$/),
				title: 'Not Found',
				type: 'not-found',
				resource: 'file',
				operation: 'get',
				itemIndex: 1,
			},
		});
		expect(failed.json.message).toContain('Files.com error "Not Found" (type not-found)');
		expectNoSecret(run, emulator.apiKey);
	});

	// The text differs between the Go SDK's recording and Boomi's guide (emulator option invalidKeyMessage);
	// the document passes unchanged either way, and the node's hint comes from its type.
	it.each([
		[
			'recorded',
			'The API key or Session token provided could not be used to validate this request.',
		],
		[
			'with-code',
			'The API key or Session token provided could not be used to validate this request. Internal Error Code: API1',
		],
	] as const)(
		'gives an invalid key the invalid-credentials document unchanged (message %s)',
		async (style, text) => {
			const emulator = await startEmulator({ invalidKeyMessage: style });
			try {
				const badKey = 'wrongkey0123456789abcdef';
				const run = await runFilesCom(
					emulator,
					{
						resource: 'folder',
						operation: 'list',
						path: folder('/Documents'),
						returnAll: true,
						recursive: false,
						options: {},
					},
					{ apiKey: badKey, onError: 'continueErrorOutput', input: [{ json: { job: 'nightly' } }] },
				);
				expect(run.success).toEqual([]);
				expect(run.errors).toHaveLength(1);
				expect(run.errors[0].json.job).toBe('nightly');
				expect(run.errors[0].json.details).toEqual({
					error: text,
					'http-code': 401,
					instance: expect.any(String),
					title: 'Invalid Credentials',
					type: 'not-authenticated/invalid-credentials',
					resource: 'folder',
					operation: 'list',
					itemIndex: 0,
				});
				expect(run.errors[0].json.message).toContain(
					'Get a new API key from your Files.com administrator',
				);
				expectNoSecret(run, badKey);
			} finally {
				await emulator.stop();
			}
		},
	);

	it('gives a disabled key the api-key-is-disabled document', async () => {
		const disabled = emulator.createApiKey({ name: 'off', permission_set: 'none' });
		const run = await runFilesCom(
			emulator,
			{ resource: 'apiKey', operation: 'getCurrent' },
			{ apiKey: disabled.key, onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.details).toMatchObject({
			'http-code': 403,
			type: 'not-authorized/api-key-is-disabled',
			title: 'Api Key Is Disabled',
		});
		expectNoSecret(run, disabled.key);
	});

	it("keeps a user key out of other users' folders with not-found", async () => {
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'download',
				path: '/users/bob/private.txt',
				binaryPropertyName: 'data',
			},
			{ apiKey: emulator.userApiKey, onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.details).toMatchObject({
			'http-code': 404,
			type: 'not-found',
			operation: 'download',
		});
		expectNoSecret(run, emulator.userApiKey);
	});

	it('puts error items on the main output under "Continue" (regular output)', async () => {
		const run = await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '/nope.txt' },
			{ onError: 'continueRegularOutput' },
		);
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json).toMatchObject({
			error: 'Not Found',
			details: { type: 'not-found' },
		});
	});
});

describe('the secret scan', () => {
	it('does catch a key that reaches an output (so the passing scans in every test mean something)', async () => {
		const { runNode } = await import('../harness');
		// n8n merges the input's fields into the Error item: a key put in the input ends up in the output.
		const leaking = runNode({
			node: {
				type: 'filesCom',
				parameters: { resource: 'file', operation: 'get', path: '/nope' },
				credentials: { filesComApi: 'c1' },
				onError: 'continueErrorOutput',
			},
			credentials: credentialsFor(emulator),
			input: [{ json: { copied: `key=${emulator.apiKey}` } }],
		});
		await expect(leaking).rejects.toThrow(/Secret scan: a credential secret .* appears in/);
	});
});

describe('Stop Workflow', () => {
	it('stops with a NodeApiError whose description carries the title and type', async () => {
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Documents/missing.txt',
		});
		expect(run.status).toBe('error');
		const error = run.nodeError(run.nodeName) as {
			name: string;
			message: string;
			description: string;
			httpCode: string;
		};
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Not Found');
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('Files.com error "Not Found" (type not-found)');
		expect(error.description).toContain(NOT_FOUND_TEXT);
		expectNoSecret(run, emulator.apiKey);
	});

	it('stops on an invalid key without showing the key', async () => {
		const badKey = 'anotherwrongkey42';
		const run = await runFilesCom(
			emulator,
			{ resource: 'apiKey', operation: 'getCurrent' },
			{ apiKey: badKey },
		);
		const error = run.nodeError(run.nodeName) as { message: string; description: string };
		expect(error.message).toBe('Invalid Credentials');
		expect(error.description).toContain('(type not-authenticated/invalid-credentials)');
		expectNoSecret(run, badKey);
	});
});

describe('retries', () => {
	it('honours Retry-After on a 429 and then succeeds', async () => {
		emulator.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 1,
			method: 'GET',
			pathPattern: '/file_actions/metadata/',
		});
		const from = emulator.requests.length;
		const started = Date.now();
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Documents/notes.txt',
		});
		expect(run.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(emulator.requests.slice(from).map((r) => r.status)).toEqual([429, 200]);
	});

	it('retries a 429 for a non-idempotent call too (the request was not processed)', async () => {
		emulator.writeFile('Retry/a.txt', 'a');
		emulator.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 0,
			method: 'POST',
			pathPattern: '/file_actions/copy/',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'copy',
			path: '/Retry/a.txt',
			destination: '/Retry/b.txt',
			options: {},
		});
		expect(run.status).toBe('success');
		expect(emulator.requests.slice(from).map((r) => r.status)).toEqual([429, 201]);
	});

	it('fails with the rate-limit document when Retry-After asks for too long', async () => {
		emulator.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 3600,
			method: 'GET',
			pathPattern: '/file_actions/metadata/',
		});
		const run = await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '/Documents/notes.txt' },
			{ onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.details).toMatchObject({
			'http-code': 429,
			type: 'rate-limited/too-many-requests',
		});
	});

	it('retries a transient 503 for a GET', async () => {
		emulator.faults.add({
			kind: 'status',
			status: 503,
			method: 'GET',
			pathPattern: '/file_actions/metadata/',
			times: 2,
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Documents/notes.txt',
		});
		expect(run.status).toBe('success');
		expect(emulator.requests.slice(from).map((r) => r.status)).toEqual([503, 503, 200]);
	});

	it('does not repeat a non-idempotent call (copy) after a 503, and says there was no error document', async () => {
		emulator.writeFile('Retry/c.txt', 'c');
		emulator.faults.add({
			kind: 'status',
			status: 503,
			method: 'POST',
			pathPattern: '/file_actions/copy/',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'copy',
				path: '/Retry/c.txt',
				destination: '/Retry/d.txt',
				options: {},
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(emulator.requests.slice(from).map((r) => r.status)).toEqual([503]);
		expect(run.errors[0].json.error).toBe('Files.com answered HTTP 503 without an error document');
		expect(run.errors[0].json.details).toMatchObject({
			resource: 'file',
			operation: 'copy',
			itemIndex: 0,
			httpCode: '503',
		});
	});

	it('retries a connection reset (before any answer) on a GET', async () => {
		emulator.faults.add({
			kind: 'reset',
			afterBytes: 0,
			phase: 'request',
			method: 'GET',
			pathPattern: '/file_actions/metadata/',
		});
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Documents/notes.txt',
		});
		expect(run.status).toBe('success');
		expect(run.success[0].json.path).toBe('Documents/notes.txt');
	});

	it('retries a GET whose answer is cut in the middle of its body (a broken connection, not an HTTP status)', async () => {
		emulator.faults.add({
			kind: 'reset',
			afterBytes: 10,
			phase: 'response',
			method: 'GET',
			pathPattern: '/file_actions/metadata/',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Documents/notes.txt',
		});
		expect(run.status).toBe('success');
		expect(run.success[0].json.path).toBe('Documents/notes.txt');
		expect(emulator.requests.slice(from)).toHaveLength(2);
	});

	it('does not repeat a create whose answer is cut, and says the connection was reset', async () => {
		emulator.faults.add({
			kind: 'reset',
			afterBytes: 10,
			phase: 'response',
			method: 'POST',
			pathPattern: '/folders/CutAnswer',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{ resource: 'folder', operation: 'create', path: '/CutAnswer', options: {} },
			{ onError: 'continueErrorOutput' },
		);
		expect(emulator.requests.slice(from)).toHaveLength(1);
		expect(run.errors[0].json.error).toBe(
			'Files.com closed the connection before answering completely (connection reset)',
		);
		expect(run.errors[0].json.message).toContain('not repeated automatically');
	});

	// The slow answer is held (for at most SLOW_MS) until the client gives up: it can never arrive before
	// the time-out, however slow the machine; the time-out is generous for every other answer.
	const TIMEOUT_MS = 2000;
	const SLOW_MS = 30_000;

	it('gives up on a slow answer after the Timeout option, and tries a GET again', async () => {
		emulator.faults.add({
			kind: 'delay',
			ms: SLOW_MS,
			method: 'GET',
			pathPattern: '/file_actions/metadata/',
			times: 1,
		});
		const from = emulator.requests.length;
		const started = Date.now();
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'get',
			path: '/Documents/notes.txt',
			options: { timeout: TIMEOUT_MS },
		});
		expect(run.status).toBe('success');
		// The first attempt was never answered (the client closed it: 0 once the emulator saw it), the second was.
		await until(
			() => emulator.requests[from].status !== null,
			'the emulator seeing the first connection closed',
		);
		expect(emulator.requests.slice(from).map((r) => r.status)).toEqual([0, 200]);
		expect(Date.now() - started).toBeLessThan(SLOW_MS);
	});

	it('fails a non-repeatable call that timed out with a message naming the Timeout option', async () => {
		emulator.faults.add({
			kind: 'delay',
			ms: SLOW_MS,
			method: 'POST',
			pathPattern: '/folders/SlowFolder',
			times: 1,
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'folder',
				operation: 'create',
				path: '/SlowFolder',
				options: { timeout: TIMEOUT_MS },
			},
			{ onError: 'continueErrorOutput' },
		);
		expect(run.errors[0].json.error).toBe(
			`Files.com did not answer in time (Timeout option: ${TIMEOUT_MS} ms)`,
		);
		await until(
			() => emulator.requests[from].status !== null,
			'the emulator seeing the connection closed',
		);
		expect(emulator.requests.slice(from).map((r) => r.status)).toEqual([0]);
	});

	it('downloads again when the transfer is cut in the middle', async () => {
		emulator.writeFile('Retry/cut.bin', Buffer.alloc(300_000, 7));
		emulator.faults.add({
			kind: 'reset',
			afterBytes: 100_000,
			method: 'GET',
			pathPattern: '/__files/download/',
		});
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, {
			resource: 'file',
			operation: 'download',
			path: '/Retry/cut.bin',
			binaryPropertyName: 'data',
		});
		expect(run.status).toBe('success');
		expect(run.success[0].binary?.data.bytes).toBe(300_000);
		expect(
			emulator.requests.slice(from).filter((r) => r.path.startsWith('/__files/download/')),
		).toHaveLength(2);
	});

	it('reports an unreachable host (n8n names the network failure)', async () => {
		const run = await runNodeAgainst('http://127.0.0.1:9');
		expect(run.errors).toHaveLength(1);
		expect(run.errors[0].json.error).toMatch(/refused the connection|ECONNREFUSED/);
		expectNoSecret(run, emulator.apiKey);
	});
});

async function runNodeAgainst(siteUrl: string) {
	const { runNode } = await import('../harness');
	return await runNode({
		node: {
			type: 'filesCom',
			parameters: { resource: 'apiKey', operation: 'getCurrent' },
			credentials: { filesComApi: 'c1' },
			onError: 'continueErrorOutput',
		},
		credentials: { c1: { type: 'filesComApi', data: { apiKey: emulator.apiKey, siteUrl } } },
	});
}

describe('bad input is refused before any request', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		[
			'an empty file path',
			{ resource: 'file', operation: 'get', path: '={{ $json.empty }}' },
			/^File Path: is empty$/,
		],
		[
			'a path that goes up with ..',
			{ resource: 'file', operation: 'get', path: '/Documents/../users/bob/private.txt' },
			/^File Path: .* contains a "\.\." segment$/,
		],
		[
			'a relative ./ path',
			{ resource: 'file', operation: 'delete', path: './x.txt' },
			/contains a "\." segment/,
		],
		[
			'the root as a file',
			{ resource: 'file', operation: 'get', path: '/' },
			/^File Path: "\/" is the root folder$/,
		],
		[
			'a name ending in a space',
			{ resource: 'folder', operation: 'create', path: '/Reports /2024', options: {} },
			/ends with whitespace/,
		],
		[
			'a control character',
			{ resource: 'file', operation: 'get', path: '/a\nb.txt' },
			/control character/,
		],
		[
			'deleting the root folder',
			{ resource: 'folder', operation: 'delete', path: folder('/'), recursive: true },
			/^Folder: "\/" is the root folder$/,
		],
		[
			'a negative limit',
			{
				resource: 'folder',
				operation: 'list',
				path: folder('/'),
				returnAll: false,
				limit: -5,
				recursive: false,
				options: {},
			},
			/^Limit: "-5" is not a whole number of at least 1$/,
		],
		[
			'a zero limit on users',
			{ resource: 'user', operation: 'list', returnAll: false, limit: 0, options: {} },
			/^Limit: "0"/,
		],
		[
			'an empty destination',
			{
				resource: 'file',
				operation: 'copy',
				path: '/Documents/notes.txt',
				destination: '  ',
				options: {},
			},
			/^Destination Path: is empty$/,
		],
		[
			'a traversal in the destination',
			{
				resource: 'file',
				operation: 'move',
				path: '/Documents/notes.txt',
				destination: '../x',
				options: {},
			},
			/^Destination Path: .*"\.\." segment$/,
		],
		[
			'an API key ID that is not a number',
			{
				resource: 'apiKey',
				operation: 'get',
				apiKeyId: { __rl: true, mode: 'id', value: '={{ "abc" }}' },
			},
			/^API Key: "abc" is not an ID$/,
		],
		[
			'an empty user',
			{
				resource: 'user',
				operation: 'get',
				userId: { __rl: true, mode: 'list', value: '={{ $json.empty }}' },
			},
			/^User: is empty$/,
		],
		[
			'an empty API key name',
			{ resource: 'apiKey', operation: 'create', name: ' ', permissionSet: 'full' },
			/^Name: is empty$/,
		],
		[
			'an invalid expiry date',
			{
				resource: 'apiKey',
				operation: 'create',
				name: 'x',
				expiresAt: 'next tuesday',
				permissionSet: 'full',
			},
			/^Expires At: "next tuesday" is not a date and time$/,
		],
		[
			'an update with nothing to change',
			{
				resource: 'apiKey',
				operation: 'update',
				apiKeyId: { __rl: true, mode: 'id', value: '1' },
				name: '',
				permissionSet: '',
			},
			/^Update: nothing to change$/,
		],
		[
			'too many parallel parts',
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/x'),
				binaryPropertyName: 'data',
				options: { partConcurrency: 50 },
			},
			/^Parallel Part Uploads: "50" is not a whole number from 1 to 10$/,
		],
		[
			'a zero timeout',
			{ resource: 'file', operation: 'get', path: '/Documents/notes.txt', options: { timeout: 0 } },
			/^Timeout: "0" is not a whole number from 1 to 3600000$/,
		],
	];

	it.each(cases)('refuses %s', async (_label, parameters, message) => {
		const from = emulator.requests.length;
		const run = await runFilesCom(emulator, parameters, {
			onError: 'continueErrorOutput',
			input: [
				{ json: { id: 1, empty: '' }, binary: { data: { content: 'x', fileName: 'x.txt' } } },
			],
		});
		expect(emulator.requests.length - from).toBe(0);
		expect(run.errors).toHaveLength(1);
		expect(run.errors[0].json.error).toMatch(message);
		expect(run.errors[0].json.details).toMatchObject({
			resource: parameters.resource,
			operation: parameters.operation,
			itemIndex: 0,
		});
	});

	it.each([
		['an empty API key', { apiKey: '  ' }, /^API Key: is empty$/],
		[
			'a Site URL that is not a web address',
			{ siteUrl: 'not a url at all' },
			/^Site URL: "not a url at all" is not a web address$/,
		],
		[
			'an ftp:// Site URL',
			{ siteUrl: 'ftp://files.example.com' },
			/^Site URL: "ftp:\/\/files\.example\.com" is not a web address \(ftp:\/\/\)$/,
		],
	])('refuses a credential with %s', async (_label, data, message) => {
		const { runNode } = await import('../harness');
		const from = emulator.requests.length;
		const run = await runNode({
			node: {
				type: 'filesCom',
				parameters: { resource: 'apiKey', operation: 'getCurrent' },
				credentials: { filesComApi: 'c1' },
				onError: 'continueErrorOutput',
			},
			credentials: {
				c1: {
					type: 'filesComApi',
					data: { apiKey: emulator.apiKey, siteUrl: emulator.baseUrl, ...data },
				},
			},
		});
		expect(emulator.requests.length - from).toBe(0);
		expect(run.errors[0].json.error).toMatch(message);
		expect(run.errors[0].json.message).toMatch(/Files\.com API credential/);
	});

	it('refuses an upload whose binary property is missing, naming it', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/x'),
				binaryPropertyName: 'attachment',
				options: {},
			},
			{
				onError: 'continueErrorOutput',
				input: [{ json: {}, binary: { data: { content: 'x', fileName: 'x.txt' } } }],
			},
		);
		expect(emulator.requests.length - from).toBe(0);
		expect(run.errors[0].json.error).toMatch(/attachment/);
	});

	it('refuses a file name with a slash', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{
				resource: 'file',
				operation: 'upload',
				path: folder('/x'),
				binaryPropertyName: 'data',
				options: { fileName: 'a/b.txt' },
			},
			{
				onError: 'continueErrorOutput',
				input: [{ json: {}, binary: { data: { content: 'x', fileName: 'x.txt' } } }],
			},
		);
		expect(emulator.requests.length - from).toBe(0);
		expect(run.errors[0].json.error).toBe('File Name: "a/b.txt" contains a slash');
	});

	it('stops the workflow with a NodeOperationError naming the field under Stop Workflow', async () => {
		const from = emulator.requests.length;
		const run = await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '={{ $json.empty }}' },
			{ input: [{ json: { empty: '' } }] },
		);
		expect(emulator.requests.length - from).toBe(0);
		const error = run.nodeError(run.nodeName) as {
			name: string;
			message: string;
			description: string;
		};
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('File Path: is empty');
		expect(error.description).toMatch(/Set File Path to the path of a file or folder/);
	});

	it('still checks every request of a mixed batch against the contract', async () => {
		const from = emulator.requests.length;
		await runFilesCom(
			emulator,
			{ resource: 'file', operation: 'get', path: '={{ $json.p }}' },
			{
				onError: 'continueErrorOutput',
				input: [{ json: { p: '' } }, { json: { p: '/Shared/team plan.md' } }],
			},
		);
		expect(expectRequestsInContract(emulator, from)).toEqual(['FileActionFind']);
	});
});
