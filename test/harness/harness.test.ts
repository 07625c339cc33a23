/**
 * Self-tests of the harness against a throwaway HTTP server: the credential behaviour n8n has
 * (preAuthentication, 401 refresh and one retry, generic and function authenticate, the Test button)
 * and the engine's Error-output routing, so node tests can trust what the harness reports.
 */
import type { ServerResponse } from 'node:http';

import { CredentialStore, runNode, SecretScanner, testCredential } from './index';
import type { RecordedRequest, TestServer } from './test-server';
import { sendJson, startTestServer } from './test-server';

let server: TestServer;
let issued = 0;
let validToken = '';

function handle(request: RecordedRequest, response: ServerResponse): void {
	const url = new URL(request.url, 'http://x');
	if (url.pathname === '/login') {
		const { password } = JSON.parse(request.body) as { password: string };
		if (password !== 'right-password') return sendJson(response, 401, { message: 'bad password' });
		validToken = `token-${++issued}`;
		return sendJson(response, 200, { token: validToken });
	}
	if (url.pathname === '/function-check') {
		return request.headers['x-function-key'] === 'fn:good-key'
			? sendJson(response, 200, { ok: true })
			: sendJson(response, 401, { message: 'refused' });
	}
	if (url.pathname === '/data' || url.pathname === '/missing') {
		const authorized =
			request.headers.authorization === `Bearer ${validToken}` ||
			request.headers['x-function-key'] === 'fn:good-key';
		if (!authorized) return sendJson(response, 401, { message: 'token expired' });
		if (url.pathname === '/missing')
			return sendJson(response, 404, { type: 'not-found', title: 'Not Found' });
		return sendJson(response, 200, { item: Number(url.searchParams.get('item')), ok: true });
	}
	return sendJson(response, 404, { message: 'no route' });
}

beforeAll(async () => {
	server = await startTestServer(handle);
});
afterAll(async () => await server.stop());
beforeEach(() => {
	server.requests.length = 0;
});

const tokenCredential = (password = 'right-password', sessionToken = '') => ({
	cred: { type: 'harnessTokenApi', data: { baseUrl: server.baseUrl, password, sessionToken } },
});

describe('preAuthentication and expirable tokens', () => {
	it('fills an empty token once, then reuses it for every item', async () => {
		const store = new CredentialStore();
		const run = await runNode({
			node: {
				type: 'harness.probe',
				parameters: { auth: 'token', path: '/data' },
				credentials: { harnessTokenApi: 'cred' },
			},
			credentials: tokenCredential(),
			input: [{ json: { a: 0 } }, { json: { a: 1 } }, { json: { a: 2 } }],
			store,
		});
		expect(run.status).toBe('success');
		expect(run.success.map((item) => item.json.item)).toEqual([0, 1, 2]);
		expect(server.requests.filter((r) => r.url === '/login')).toHaveLength(1);
		expect(store.preAuthenticationCalls).toEqual([
			{ type: 'harnessTokenApi', expired: false, testing: false },
		]);
		expect(store.get('cred').sessionToken).toBe(validToken);
	});

	it('refreshes exactly once after a 401, retries once, and persists the new token', async () => {
		const store = new CredentialStore();
		const run = await runNode({
			node: {
				type: 'harness.probe',
				parameters: { auth: 'token', path: '/data' },
				credentials: { harnessTokenApi: 'cred' },
			},
			credentials: tokenCredential('right-password', 'stale-token'),
			input: [{ json: { a: 0 } }, { json: { a: 1 } }],
			store,
		});
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(2);
		const sequence = server.requests.map((r) =>
			`${r.method} ${r.url.split('?')[0]} ${r.headers.authorization ?? ''}`.trim(),
		);
		expect(sequence).toEqual([
			'GET /data Bearer stale-token',
			'POST /login',
			`GET /data Bearer ${validToken}`,
			`GET /data Bearer ${validToken}`,
		]);
		expect(store.preAuthenticationCalls).toEqual([
			{ type: 'harnessTokenApi', expired: true, testing: false },
		]);
		expect(store.updates.map((u) => u.data.sessionToken)).toEqual([validToken]);
	});

	it('applies a function authenticate', async () => {
		const run = await runNode({
			node: {
				type: 'harness.probe',
				parameters: { auth: 'function', path: '/data' },
				credentials: { harnessFunctionAuthApi: 'fn' },
			},
			credentials: {
				fn: { type: 'harnessFunctionAuthApi', data: { baseUrl: server.baseUrl, key: 'good-key' } },
			},
		});
		expect(run.success[0].json).toEqual({ item: 0, ok: true });
		expect(server.requests[0].headers['x-function-key']).toBe('fn:good-key');
	});
});

describe('Error output routing', () => {
	it('sends a failing item to the Error branch with its input fields merged and pairedItem set', async () => {
		const run = await runNode({
			node: {
				type: 'harness.probe',
				parameters: { auth: 'token', path: '={{ $json.path }}' },
				credentials: { harnessTokenApi: 'cred' },
				onError: 'continueErrorOutput',
			},
			credentials: tokenCredential(),
			input: [
				{ json: { path: '/data', keep: 'first' } },
				{ json: { path: '/missing', keep: 'second' } },
			],
		});
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json).toEqual({ item: 0, ok: true });
		expect(run.success[0].pairedItem).toEqual({ item: 0 });
		expect(run.errors).toHaveLength(1);
		const [failed] = run.errors;
		expect(failed.json.keep).toBe('second');
		expect(failed.json.path).toBe('/missing');
		expect(failed.json.error).toBe('The resource you are requesting could not be found');
		expect(failed.json.details).toEqual({ type: 'not-found', title: 'Not Found', itemIndex: 1 });
		expect(failed.pairedItem).toEqual({ item: 1 });
	});

	it('stops the workflow with the node error under the default setting', async () => {
		const run = await runNode({
			node: {
				type: 'harness.probe',
				parameters: { auth: 'token', path: '/missing' },
				credentials: { harnessTokenApi: 'cred' },
			},
			credentials: tokenCredential(),
		});
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('The resource you are requesting could not be found');
		expect(run.success).toEqual([]);
	});

	it('carries binary input items from disk (filesystem mode)', async () => {
		const run = await runNode({
			node: {
				type: 'harness.probe',
				parameters: { auth: 'token', path: '/data' },
				credentials: { harnessTokenApi: 'cred' },
			},
			credentials: tokenCredential(),
			input: [
				{
					json: {},
					binary: { data: { content: 'hello', fileName: 'hello.txt', mimeType: 'text/plain' } },
				},
			],
		});
		const input = run.outputsOf('Input')[0][0];
		expect(input.binary?.data).toMatchObject({
			fileName: 'hello.txt',
			mimeType: 'text/plain',
			bytes: 5,
		});
		expect(input.binary?.data.id).toMatch(/^filesystem-v2:/);
	});
});

describe('credential Test button', () => {
	it("returns n8n's success message for a good secret (and always runs preAuthentication)", async () => {
		const store = new CredentialStore();
		const result = await testCredential(
			'harnessTokenApi',
			{ baseUrl: server.baseUrl, password: 'right-password', sessionToken: 'still-valid' },
			{ store },
		);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(store.preAuthenticationCalls).toEqual([
			{ type: 'harnessTokenApi', expired: false, testing: true },
		]);
	});

	it('returns the configured message for a bad secret', async () => {
		const result = await testCredential('harnessFunctionAuthApi', {
			baseUrl: server.baseUrl,
			key: 'bad-key',
		});
		expect(result).toEqual({ status: 'Error', message: 'Harness: the key was refused' });
		const good = await testCredential('harnessFunctionAuthApi', {
			baseUrl: server.baseUrl,
			key: 'good-key',
		});
		expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('reports a preAuthentication failure and an unreachable host the way n8n does', async () => {
		const badPassword = await testCredential('harnessTokenApi', {
			baseUrl: server.baseUrl,
			password: 'wrong',
		});
		expect(badPassword.status).toBe('Error');
		const unreachable = await testCredential('harnessFunctionAuthApi', {
			baseUrl: 'http://127.0.0.1:9',
			key: 'k',
		});
		expect(unreachable).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

describe('secret scan', () => {
	it('fails a run whose output carries a credential secret', async () => {
		const leaky = startTestServer((request, response) =>
			request.url === '/login'
				? sendJson(response, 200, { token: 'leaked-session-token' })
				: sendJson(response, 200, { echoedAuthorization: request.headers.authorization }),
		);
		const server = await leaky;
		try {
			await expect(
				runNode({
					node: {
						type: 'harness.probe',
						parameters: { auth: 'token', path: '/data' },
						credentials: { harnessTokenApi: 'cred' },
					},
					credentials: {
						cred: {
							type: 'harnessTokenApi',
							data: { baseUrl: server.baseUrl, password: 'right-password' },
						},
					},
				}),
			).rejects.toThrow(/Secret scan: a credential secret \(…ken\) appears in the run data/);
		} finally {
			await server.stop();
		}
	});

	it('finds secrets in base-64 form and inside non-enumerable error properties', () => {
		const scanner = new SecretScanner();
		scanner.add(['super-secret-value']);
		const error = new Error('outer', {
			cause: { header: Buffer.from('super-secret-value').toString('base64') },
		});
		expect(() => scanner.assertClean('an error', { error })).toThrow(/appears in an error/);
		expect(() => scanner.assertClean('a clean value', { a: ['nothing here'] })).not.toThrow();
	});
});
