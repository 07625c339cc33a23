/**
 * Failures: Laserfiche's ProblemDetails on the Error output (unchanged, plus resource, operation and
 * item index, with the input item's fields merged), N items in = N items out, the NodeApiError under
 * "Stop Workflow", retries (429 with Retry-After; 5xx only when repeating is safe), and bad input
 * refused by name before any request is sent.
 */
import { runNode } from '../harness';
import type { LaserficheEmulator, Mode } from './helpers';
import {
	CLOUD,
	cloudCredentialData,
	selfHostedCredentialData,
	MODES,
	SELF_HOSTED_V1,
	byId,
	byPath,
	contractViolations,
	expectNoSecrets,
	requestsSince,
	runLaserfiche,
	secretsOf,
	startEmulator,
	visibleText,
} from './helpers';

describe.each(MODES)('error documents, $label', (mode: Mode) => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());
	beforeEach(() => lf.faults.clear());

	const getByPath = {
		resource: 'entry',
		operation: 'get',
		entry: { __rl: true, mode: 'path', value: '={{ $json.path }}' },
	};

	it("a missing entry goes to the Error branch with the 404 ProblemDetails and the input's fields; N in = N out", async () => {
		const input = [
			{ json: { ref: 'a', path: '\\Welcome' } },
			{ json: { ref: 'b', path: '\\No Such Folder\\Nothing' } },
			{ json: { ref: 'c', path: '\\Contracts' } },
			{ json: { ref: 'd', path: '\\Invoices\\Missing' } },
		];
		const run = await runLaserfiche(lf, mode, getByPath as never, {
			input,
			onError: 'continueErrorOutput',
		});
		expect(run.status).toBe('success');
		expect(run.success.length + run.errors.length).toBe(input.length);
		expect(run.success.map((item) => item.json.fullPath)).toEqual(['\\Welcome', '\\Contracts']);
		expect(run.success.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 2]);
		expect(run.errors).toHaveLength(2);

		const [first, second] = run.errors;
		expect(first.pairedItem).toEqual({ item: 1 });
		expect(first.json).toMatchObject({
			ref: 'b',
			path: '\\No Such Folder\\Nothing',
			error: 'Entry not found.',
		});
		expect(Object.keys(first.json).sort()).toEqual(['details', 'error', 'message', 'path', 'ref']);
		const details = first.json.details as Record<string, unknown>;
		// The ProblemDetails exactly as Laserfiche sent it, plus where it happened.
		const response = requestsSince(lf, 0)
			.filter((request) => request.status === 404)
			.at(-2)?.response?.body as Record<string, unknown>;
		expect(details).toEqual({ ...response, resource: 'entry', operation: 'get', itemIndex: 1 });
		expect(details).toMatchObject({
			status: 404,
			title: 'Entry not found.',
			type: expect.stringContaining('6.5.4'),
			operationId: expect.any(String),
			traceId: expect.any(String),
			errorSource: expect.any(String),
		});
		expect(String(first.json.message)).toContain('Entry not found.');
		expect(String(first.json.message)).toContain('status 404');
		expect(second.json).toMatchObject({ ref: 'd', details: { status: 404, itemIndex: 3 } });
		expectNoSecrets(visibleText(run), secretsOf(lf));
	});

	it('under "Continue (using regular output)" the error item is on the main output, in order', async () => {
		const input = [{ json: { path: '\\Missing' } }, { json: { path: '\\Welcome' } }];
		const run = await runLaserfiche(lf, mode, getByPath as never, {
			input,
			onError: 'continueRegularOutput',
		});
		expect(run.success).toHaveLength(2);
		expect(run.success[0].json).toMatchObject({
			error: 'Entry not found.',
			details: { status: 404, itemIndex: 0 },
		});
		expect(run.success[1].json).toMatchObject({ fullPath: '\\Welcome' });
	});

	it('under "Stop Workflow" the node fails with a NodeApiError built from the document', async () => {
		const run = await runLaserfiche(lf, mode, getByPath as never, {
			input: [{ json: { path: '\\Welcome' } }, { json: { path: '\\Missing' } }],
		});
		expect(run.status).toBe('error');
		const error = run.nodeError(run.nodeName) as {
			name: string;
			message: string;
			description: string;
			httpCode: string;
			context: { itemIndex: number };
		};
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Entry not found.');
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain("No entry exists at the path '\\Missing'.");
		expect(error.description).toContain('type https://tools.ietf.org/html/rfc7231#section-6.5.4');
		expect(error.description).toMatch(/operation ID [0-9a-f]+/);
		expect(error.context.itemIndex).toBe(1);
		expectNoSecrets(visibleText(run), secretsOf(lf));
	});

	it('a locked entry (423), a name conflict (409) and a failed delete task keep their documents', async () => {
		const welcome = (
			mode.authentication === 'cloud'
				? lf.state.repositories.cloud
				: lf.state.repositories.selfHosted
		).resolvePath('\\Welcome').entry.id;
		lf.faults.add({ kind: 'locked', entryId: welcome, method: 'PATCH' });
		const locked = await runLaserfiche(
			lf,
			mode,
			{ resource: 'entry', operation: 'rename', entry: byId(welcome), name: 'Hello' } as never,
			{ onError: 'continueErrorOutput' },
		);
		expect(locked.errors[0].json.details).toMatchObject({
			status: 423,
			title: 'Entry is locked.',
			resource: 'entry',
			operation: 'rename',
		});

		const conflict = await runLaserfiche(
			lf,
			mode,
			{ resource: 'entry', operation: 'rename', entry: byId(welcome), name: 'Archive' } as never,
			{ onError: 'continueErrorOutput' },
		);
		expect(conflict.errors[0].json.details).toMatchObject({
			status: 409,
			title: 'Entry name conflicts.',
		});

		const strict = await startEmulator({ requireDeleteAuditReason: true });
		try {
			const failed = await runLaserfiche(
				strict,
				mode,
				{ resource: 'entry', operation: 'delete', entry: byPath('\\Archive') } as never,
				{ onError: 'continueErrorOutput' },
			);
			expect(failed.errors).toHaveLength(1);
			expect(String(failed.errors[0].json.error)).toMatch(
				/^The Laserfiche DeleteEntry task failed/,
			);
			const details = failed.errors[0].json.details as Record<string, unknown>;
			expect(details).toMatchObject({ resource: 'entry', operation: 'delete', itemIndex: 0 });
			expect(JSON.stringify(details)).toMatch(/audit reason/i);
			const withReason = await runLaserfiche(strict, mode, {
				resource: 'entry',
				operation: 'delete',
				entry: byPath('\\Archive'),
				options: { auditReasonId: 1 },
			} as never);
			expect(withReason.success[0].json).toMatchObject({ deleted: true });
			expect(contractViolations(requestsSince(strict, 0))).toEqual([]);
		} finally {
			await strict.stop();
		}
	});

	it('429: waits as Retry-After asks, then succeeds', async () => {
		lf.faults.add({
			kind: 'status',
			status: 429,
			retryAfter: 1,
			method: 'GET',
			pathPattern: '/Entries/1',
		});
		const from = lf.state.requests.length;
		const started = Date.now();
		const run = await runLaserfiche(lf, mode, {
			resource: 'entry',
			operation: 'get',
			entry: byId(1),
		} as never);
		expect(run.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		const attempts = requestsSince(lf, from).filter((request) =>
			/\/Entries\/1$/.test(request.path),
		);
		expect(attempts.map((request) => request.status)).toEqual([429, 200]);
	});

	it('5xx: a read is repeated, a copy is not', async () => {
		lf.faults.add({
			kind: 'status',
			status: 503,
			method: 'GET',
			pathPattern: '/Entries/1',
			times: 2,
		});
		const read = await runLaserfiche(lf, mode, {
			resource: 'entry',
			operation: 'get',
			entry: byId(1),
		} as never);
		expect(read.status).toBe('success');

		lf.faults.add({ kind: 'status', status: 500, method: 'POST', pathPattern: 'CopyAsync' });
		const from = lf.state.requests.length;
		const copy = await runLaserfiche(
			lf,
			mode,
			{
				resource: 'entry',
				operation: 'copy',
				entry: byPath('\\Welcome'),
				parentFolder: byPath('\\Archive'),
			} as never,
			{ onError: 'continueErrorOutput' },
		);
		expect(copy.errors[0].json.details).toMatchObject({
			status: 500,
			title: 'An unexpected error occurred.',
		});
		expect(
			requestsSince(lf, from).filter((request) => /CopyAsync$/.test(request.path)),
		).toHaveLength(1);
	});
});

/** The JSON body the emulator's token endpoint answered with, first token request since `from`. */
function tokenEndpointAnswer(lf: LaserficheEmulator, from: number): Record<string, unknown> {
	const request = requestsSince(lf, from).find(
		(candidate) => /\/Token$/i.test(candidate.path) || candidate.path.endsWith('/token'),
	);
	const body = (request as { response?: { body?: unknown } } | undefined)?.response?.body;
	const parsed: unknown =
		typeof body === 'string'
			? JSON.parse(body)
			: Buffer.isBuffer(body)
				? JSON.parse(body.toString('utf8'))
				: body;
	if (!parsed || typeof parsed !== 'object')
		throw new Error('the token endpoint answered no JSON document');
	return parsed as Record<string, unknown>;
}

describe('sign-in failures during a run', () => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());

	it("a wrong password fails the item with the credential's own message and advice", async () => {
		const from = lf.state.requests.length;
		const run = await runNode({
			node: {
				type: 'laserfiche',
				parameters: {
					authentication: 'selfHosted',
					resource: 'entry',
					operation: 'get',
					entry: byId(1),
				},
				credentials: { laserficheSelfHostedApi: 'c' },
				onError: 'continueErrorOutput',
			},
			credentials: {
				c: {
					type: 'laserficheSelfHostedApi',
					data: { ...selfHostedCredentialData(lf), password: `${lf.selfHosted.password}-wrong` },
				},
			},
			input: [{ json: { n: 1 } }],
		});
		expect(run.errors.map((item) => item.json)).toEqual([
			{
				n: 1,
				error:
					'The Laserfiche API Server rejected the username or password for repository "EmulatorRepo"',
				message:
					'The Laserfiche API Server rejected the username or password for repository "EmulatorRepo": Check Username and Password. Windows users are written DOMAIN\\user or user@domain.',
				// The token endpoint's own error document (ProblemDetails), unchanged, with where it happened.
				details: {
					...tokenEndpointAnswer(lf, from),
					resource: 'entry',
					operation: 'get',
					itemIndex: 0,
				},
			},
		]);
		expect(run.errors[0].json.details).toMatchObject({ status: 401, title: expect.any(String) });
		expect(requestsSince(lf, from).map((request) => `${request.method} ${request.status}`)).toEqual(
			['POST 401'],
		);
		expectNoSecrets(visibleText(run), secretsOf(lf));
	});

	it('a malformed access key fails before any request, under "Stop Workflow" too', async () => {
		const from = lf.state.requests.length;
		const run = await runNode({
			node: {
				type: 'laserfiche',
				parameters: {
					authentication: 'cloud',
					repositoryId: { __rl: true, mode: 'id', value: lf.cloud.repositoryId },
					resource: 'entry',
					operation: 'get',
					entry: byId(1),
				},
				credentials: { laserficheCloudApi: 'c' },
			},
			credentials: {
				c: {
					type: 'laserficheCloudApi',
					data: {
						...cloudCredentialData(lf),
						accessKeySecret: Buffer.from('{"clientId":"x"}').toString('base64'),
					},
				},
			},
		});
		expect(run.status).toBe('error');
		const error = run.nodeError(run.nodeName) as { message: string; description: string };
		expect(error.message).toBe('The Base-64 Encoded Access Key has no "jwk" (its private key)');
		expect(error.description).toMatch(/Developer Console/);
		expect(requestsSince(lf, from)).toEqual([]);
		expectNoSecrets(visibleText(run), secretsOf(lf));
	});
});

describe('bad input is refused by name before any request', () => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator();
	});
	afterAll(async () => await lf.stop());

	const cases: Array<[string, Mode, Record<string, unknown>, RegExp]> = [
		[
			'an entry ID that is not a number',
			CLOUD,
			{
				resource: 'entry',
				operation: 'get',
				entry: { __rl: true, mode: 'id', value: '={{ "abc" }}' },
			},
			/^Entry: "abc" is not an entry ID$/,
		],
		[
			'an empty entry',
			CLOUD,
			{
				resource: 'entry',
				operation: 'get',
				entry: { __rl: true, mode: 'list', value: '={{ $json.nothing }}' },
			},
			/^Entry: no entry ID given$/,
		],
		[
			'a path not from the root',
			CLOUD,
			{
				resource: 'entry',
				operation: 'get',
				entry: { __rl: true, mode: 'path', value: '={{ "Invoices\\\\2026" }}' },
			},
			/^Entry: "Invoices\\2026" is not a path from the root$/,
		],
		[
			'a path with a forbidden character',
			SELF_HOSTED_V1,
			{ resource: 'folder', operation: 'list', parentFolder: byPath('\\Invoices\\2026?') },
			/^Folder: "2026\?" in "\\Invoices\\2026\?" contains "\?"/,
		],
		[
			'a path with an empty name',
			CLOUD,
			{ resource: 'folder', operation: 'list', parentFolder: byPath('\\Invoices\\\\2026') },
			/has an empty folder name$/,
		],
		[
			'a name with a colon',
			CLOUD,
			{ resource: 'folder', operation: 'create', parentFolder: byPath('\\'), name: 'Q1: Draft' },
			/^Name: "Q1: Draft" contains ":", which Laserfiche does not allow in names$/,
		],
		[
			'a name with a slash',
			SELF_HOSTED_V1,
			{ resource: 'entry', operation: 'rename', entry: byId(2), name: 'a/b' },
			/^Name: "a\/b" contains "\/"/,
		],
		[
			'a name with a line break',
			CLOUD,
			{ resource: 'entry', operation: 'rename', entry: byId(2), name: 'line\nbreak' },
			/^Name: contains control characters/,
		],
		[
			'an empty name',
			SELF_HOSTED_V1,
			{ resource: 'folder', operation: 'create', parentFolder: byPath('\\'), name: '   ' },
			/^Name: is empty$/,
		],
		[
			'a file name with forbidden characters',
			CLOUD,
			{ resource: 'document', operation: 'import', parentFolder: byPath('\\Archive') },
			/^Name \(taken from the file name\): "a\*b" contains "\*"/,
		],
		[
			'a missing binary property',
			SELF_HOSTED_V1,
			{
				resource: 'document',
				operation: 'import',
				parentFolder: byPath('\\Archive'),
				binaryPropertyName: 'nothere',
			},
			/nothere/,
		],
		[
			'an empty search command',
			CLOUD,
			{ resource: 'search', operation: 'run', searchCommand: '  ' },
			/^Search Command: is empty$/,
		],
		[
			'unbalanced braces',
			SELF_HOSTED_V1,
			{ resource: 'search', operation: 'simple', searchCommand: '{LF:Name="x"' },
			/^Search Command: has unbalanced \{ \} braces$/,
		],
		[
			'a zero limit',
			CLOUD,
			{
				resource: 'folder',
				operation: 'list',
				parentFolder: byPath('\\'),
				returnAll: false,
				limit: 0,
			},
			/^Limit: "0" is not a whole number of at least 1$/,
		],
		[
			'a field without a name',
			CLOUD,
			{
				resource: 'metadata',
				operation: 'setFields',
				entry: byId(2),
				fields: { field: [{ name: '', value: 'x' }] },
			},
			/^Fields \(row 1\): the field name is empty$/,
		],
		[
			'no field to merge',
			SELF_HOSTED_V1,
			{ resource: 'metadata', operation: 'setFields', entry: byId(2), mode: 'merge' },
			/^Fields: no field given$/,
		],
		[
			'an empty template name',
			CLOUD,
			{
				resource: 'metadata',
				operation: 'assignTemplate',
				entry: byId(2),
				templateName: '={{ " " }}',
			},
			/^Template Name: is empty$/,
		],
		[
			'a v1 link from the target side',
			SELF_HOSTED_V1,
			{
				resource: 'metadata',
				operation: 'setLinks',
				entry: byId(2),
				links: { link: [{ linkDefinitionId: 1, otherEntryId: 3, isSource: false }] },
			},
			/^Links \(row 1\): "Is Source" is off/,
		],
		[
			'deleting the root folder',
			CLOUD,
			{ resource: 'entry', operation: 'delete', entry: byPath('\\') },
			/^Entry: is the root folder, which cannot be deleted$/,
		],
		[
			'an empty task ID',
			SELF_HOSTED_V1,
			{ resource: 'task', operation: 'get', taskId: '={{ "" }}' },
			/^Task ID: is empty$/,
		],
		[
			'a task ID with a slash',
			CLOUD,
			{ resource: 'task', operation: 'cancel', taskId: '../Entries/1' },
			/^Task ID: "\.\.\/Entries\/1" is not a task ID$/,
		],
		[
			'a fuzzy percentage above 100',
			CLOUD,
			{
				resource: 'search',
				operation: 'run',
				searchCommand: '{LF:Name="x"}',
				options: { fuzzyType: 'Percentage', fuzzyFactor: 150 },
			},
			/^Fuzzy Factor: "150" does not fit fuzzy type Percentage$/,
		],
		[
			'an empty repository',
			CLOUD,
			{
				resource: 'entry',
				operation: 'get',
				entry: byId(1),
				repositoryId: { __rl: true, mode: 'id', value: '={{ "" }}' },
			},
			/^Repository: no repository chosen$/,
		],
		[
			'an audit reason that is not an ID',
			CLOUD,
			{ resource: 'entry', operation: 'delete', entry: byId(5), options: { auditReasonId: -2 } },
			/^Audit Reason ID: "-2" is not an ID$/,
		],
	];

	// Values n8n itself can check (required, regex) are given through expressions, as a workflow would.
	it.each(cases)('%s', async (_label, mode, parameters, message) => {
		const from = lf.state.requests.length;
		const tokens = lf.state.tokenRequests.cloud + lf.state.tokenRequests.selfHosted;
		const input = [
			{
				json: { n: 1 },
				binary: {
					data: { content: Buffer.from('x'), fileName: 'a*b.txt', mimeType: 'text/plain' },
				},
			},
		];
		const run = await runLaserfiche(lf, mode, parameters as never, {
			input,
			onError: 'continueErrorOutput',
		});
		expect(run.success).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(String(run.errors[0].json.error)).toMatch(message);
		expect(run.errors[0].json).toMatchObject({ n: 1, details: { itemIndex: 0 } });
		expect(String(run.errors[0].json.message).length).toBeGreaterThan(
			String(run.errors[0].json.error).length,
		);
		expect(requestsSince(lf, from)).toEqual([]);
		expect(lf.state.tokenRequests.cloud + lf.state.tokenRequests.selfHosted).toBe(tokens);
	});

	it('stops the workflow with a NodeOperationError naming the field and the fix', async () => {
		const run = await runLaserfiche(lf, CLOUD, {
			resource: 'folder',
			operation: 'create',
			parentFolder: byPath('\\'),
			name: 'a|b',
		} as never);
		expect(run.status).toBe('error');
		const error = run.nodeError(run.nodeName) as {
			name: string;
			message: string;
			description: string;
		};
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe(
			'Name: "a|b" contains "|", which Laserfiche does not allow in names',
		);
		expect(error.description).toBe('Remove or replace the characters \\ / : * ? " < > |.');
	});
});
