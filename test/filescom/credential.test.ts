/**
 * The Files.com credential's Test button, exactly as n8n runs it, against the emulator: a good key, an
 * invalid or revoked key, a disabled key, a key for another region/host, a Site URL that is not Files.com,
 * and an unreachable host each give their own message.
 */
import { runNode, sendJson, startTestServer, testCredential } from '../harness';
import type { FilesComEmulator } from './helpers';
import { startEmulator } from './helpers';

let emulator: FilesComEmulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());

describe('Files.com credential Test', () => {
	it('accepts a good key (site-wide and user key)', async () => {
		expect(
			await testCredential('filesComApi', { apiKey: emulator.apiKey, siteUrl: emulator.baseUrl }),
		).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(
			await testCredential('filesComApi', {
				apiKey: emulator.userApiKey,
				siteUrl: `${emulator.baseUrl}/`,
			}),
		).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const last = emulator.requests[emulator.requests.length - 1];
		expect(last.method).toBe('GET');
		expect(last.path).toBe('/api/rest/v1/api_key');
	});

	it('trims trailing slashes, a pasted API root and whitespace from the Site URL', async () => {
		for (const siteUrl of [`${emulator.baseUrl}///`, `  ${emulator.baseUrl}/api/rest/v1/ `]) {
			const result = await testCredential('filesComApi', {
				apiKey: ` ${emulator.apiKey} `,
				siteUrl,
			});
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		}
		expect(emulator.requests.slice(-2).map((r) => r.path)).toEqual([
			'/api/rest/v1/api_key',
			'/api/rest/v1/api_key',
		]);
	});

	it('says an invalid key is invalid or revoked, and where to get a new one', async () => {
		const result = await testCredential('filesComApi', {
			apiKey: 'not-a-real-key',
			siteUrl: emulator.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/invalid or was revoked/);
		expect(result.message).toMatch(
			/Files\.com administrator or from your Files\.com user settings/,
		);
	});

	it('says a revoked (deleted) key is invalid or revoked', async () => {
		const created = emulator.createApiKey({ name: 'to revoke' });
		expect(
			(await testCredential('filesComApi', { apiKey: created.key, siteUrl: emulator.baseUrl }))
				.status,
		).toBe('OK');
		emulator.state.accounts.deleteKey(emulator.state.accounts.keys.get(created.id));
		const result = await testCredential('filesComApi', {
			apiKey: created.key,
			siteUrl: emulator.baseUrl,
		});
		expect(result).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/invalid or was revoked/),
		});
	});

	it('says a disabled key (permission set none) is disabled', async () => {
		const created = emulator.createApiKey({ name: 'disabled', permission_set: 'none' });
		const result = await testCredential('filesComApi', {
			apiKey: created.key,
			siteUrl: emulator.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^This Files\.com API key is disabled \(its permission set is "none"\)/,
		);
	});

	it.each([401, 403])(
		'tells a key for another region or host (HTTP %i) to use the site URL',
		async (status) => {
			emulator.faults.add({
				kind: 'status',
				status,
				type: 'not-authenticated/lockout-region-mismatch',
				message:
					'You have connected to a URL that has different security settings than those required for your site.',
				pathPattern: '/api_key',
			});
			const result = await testCredential('filesComApi', {
				apiKey: emulator.apiKey,
				siteUrl: emulator.baseUrl,
			});
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/another host or region\. Set Site URL to your site's own URL/,
			);
		},
	);

	it('says a Site URL that is not the Files.com API is wrong', async () => {
		// The emulator's download host answers S3-style XML, not the Files.com API.
		const result = await testCredential('filesComApi', {
			apiKey: emulator.apiKey,
			siteUrl: `${emulator.baseUrl}/__files/x`,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/did not answer like the Files\.com API/);
	});

	it('reports an unreachable host with the network code n8n gives', async () => {
		const result = await testCredential('filesComApi', {
			apiKey: emulator.apiKey,
			siteUrl: 'http://127.0.0.1:9',
		});
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it('never sends the key on to another URL when the Site URL redirects (Test button and node)', async () => {
		const elsewhere = await startTestServer((_request, response) =>
			sendJson(response, 200, { id: 1, name: 'not Files.com' }),
		);
		const redirecting = await startTestServer((request, response) => {
			response.writeHead(302, { location: `${elsewhere.baseUrl}${request.url}` });
			response.end();
		});
		try {
			const tested = await testCredential('filesComApi', {
				apiKey: emulator.apiKey,
				siteUrl: redirecting.baseUrl,
			});
			expect(tested).toMatchObject({
				status: 'Error',
				message: expect.stringMatching(/did not answer like the Files\.com API/),
			});
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
						data: { apiKey: emulator.apiKey, siteUrl: redirecting.baseUrl },
					},
				},
			});
			expect(run.errors).toHaveLength(1);
			expect(redirecting.requests.map((r) => r.headers['x-filesapi-key'])).toEqual([
				emulator.apiKey,
				emulator.apiKey,
			]);
			expect(elsewhere.requests).toEqual([]);
		} finally {
			await redirecting.stop();
			await elsewhere.stop();
		}
	});

	it('never shows the key in a message', async () => {
		const results = await Promise.all([
			testCredential('filesComApi', { apiKey: 'secret-wrong-key-123', siteUrl: emulator.baseUrl }),
			testCredential('filesComApi', {
				apiKey: 'secret-wrong-key-123',
				siteUrl: 'http://127.0.0.1:9',
			}),
		]);
		for (const result of results) expect(result.message).not.toContain('secret-wrong-key-123');
	});
});
