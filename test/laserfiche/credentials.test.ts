/**
 * The two Laserfiche credentials through n8n's Test button (testCredential runs the credential's test
 * request through RoutingNode, so preAuthentication signs in for real against the emulator): good
 * credentials pass, and each way of getting them wrong gets its own message.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:tls';

import { runNode, testCredential } from '../harness';
import type { LaserficheEmulator } from './helpers';
import {
	byId,
	cloudCredentialData,
	contractViolations,
	requestsSince,
	selfHostedCredentialData,
	startEmulator,
} from './helpers';

// The built module, as n8n loads it (for the pure functions: endpoint derivation).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const auth = require(
	resolve(__dirname, '../../dist/nodes/Laserfiche/transport/auth'),
) as typeof import('../../nodes/Laserfiche/transport/auth');

let lf: LaserficheEmulator;

beforeAll(async () => {
	lf = await startEmulator();
});
afterAll(async () => await lf.stop());

const base64 = (value: unknown) =>
	Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');
const decodedKey = () =>
	JSON.parse(Buffer.from(lf.cloud.accessKey, 'base64').toString('utf8')) as Record<
		string,
		unknown
	> & { jwk: Record<string, unknown> };

function secrets(): string[] {
	return [
		lf.cloud.servicePrincipalKey,
		lf.cloud.accessKey,
		lf.selfHosted.password,
		...(lf.emulator.tokens._tokens as Map<string, unknown>).keys(),
	];
}

function expectClean(message: string) {
	for (const secret of secrets()) expect(message).not.toContain(secret);
}

describe('Laserfiche Cloud credential', () => {
	it('passes the Test: signs an ES256 JWT, gets a token, lists the repositories', async () => {
		const from = lf.state.requests.length;
		const before = Math.floor(Date.now() / 1000);
		const result = await testCredential('laserficheCloudApi', cloudCredentialData(lf));
		const after = Math.ceil(Date.now() / 1000);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });

		const requests = requestsSince(lf, from);
		expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /oauth/Token 200',
			'GET /repository/v2/Repositories 200',
		]);
		expect(contractViolations(requests)).toEqual([]);

		// The client-credentials JWT: ES256 over the access key's P-256 key, header kid, the documented claims.
		const [header, payload, signature] = String(requests[0].headers.authorization)
			.replace(/^Bearer /, '')
			.split('.');
		const key = decodedKey();
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
			alg: 'ES256',
			typ: 'JWT',
			kid: key.jwk.kid,
		});
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
			string,
			number | string
		>;
		expect(claims).toMatchObject({
			client_id: key.clientId,
			client_secret: lf.cloud.servicePrincipalKey,
			aud: 'laserfiche.com',
		});
		expect(claims.nbf).toBe(claims.iat);
		expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(300);
		// Signed during the Test (seconds), however long the Test took.
		expect(Number(claims.iat)).toBeGreaterThanOrEqual(before);
		expect(Number(claims.iat)).toBeLessThanOrEqual(after);
		const publicKey = createPublicKey({
			key: { kty: 'EC', crv: 'P-256', x: key.jwk.x as string, y: key.jwk.y as string },
			format: 'jwk',
		});
		const raw = Buffer.from(signature, 'base64url');
		expect(raw).toHaveLength(64); // IEEE P1363 R||S, not DER
		expect(
			verify(
				'sha256',
				Buffer.from(`${header}.${payload}`),
				{ key: publicKey, dsaEncoding: 'ieee-p1363' },
				raw,
			),
		).toBe(true);

		// The token request: client-credentials grant with the requested scope.
		expect(requests[0].body).toEqual({
			grant_type: 'client_credentials',
			scope: 'repository.ReadWrite',
		});
		expect(requests[1].headers.authorization).toMatch(/^Bearer \S+$/);
	});

	it('names a rejected service principal key', async () => {
		const result = await testCredential('laserficheCloudApi', {
			...cloudCredentialData(lf),
			servicePrincipalSecretKey: 'not-the-key-0000',
		});
		expect(result).toEqual({
			status: 'Error',
			message: 'Laserfiche Cloud rejected the Service Principal Key (invalid_client)',
		});
	});

	it('names a missing scope: none requested (the API answers 403) and none granted', async () => {
		const none = await testCredential('laserficheCloudApi', {
			...cloudCredentialData(lf),
			scope: '',
		});
		expect(none.status).toBe('Error');
		expect(none.message).toMatch(
			/^The access token lacks the repository\.Read scope: set Scope to repository\.ReadWrite/,
		);

		const unknown = await testCredential('laserficheCloudApi', {
			...cloudCredentialData(lf),
			scope: 'repository.Reed',
		});
		expect(unknown).toEqual({
			status: 'Error',
			message: 'Laserfiche Cloud granted none of the requested scopes (repository.Reed)',
		});

		const readOnly = await testCredential('laserficheCloudApi', {
			...cloudCredentialData(lf),
			scope: 'repository.Read',
		});
		expect(readOnly).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('names an unreachable sign-in service', async () => {
		const result = await testCredential('laserficheCloudApi', {
			...cloudCredentialData(lf),
			tokenUrl: 'http://127.0.0.1:1/oauth/Token',
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'Could not reach the Laserfiche Cloud sign-in service at http://127.0.0.1:1/oauth/Token: the connection was refused',
		});
	});

	it('names an empty service principal key before any request', async () => {
		const from = lf.state.requests.length;
		const result = await testCredential('laserficheCloudApi', {
			...cloudCredentialData(lf),
			servicePrincipalSecretKey: '  ',
		});
		expect(result).toEqual({ status: 'Error', message: 'The Service Principal Key is empty' });
		expect(requestsSince(lf, from)).toHaveLength(0);
	});

	const { privateKey: p384 } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
	const malformed: Array<[string, () => string, string]> = [
		['empty', () => '', 'The Base-64 Encoded Access Key is empty'],
		[
			'not base-64',
			() => 'this is not base64!',
			'The Base-64 Encoded Access Key is not base-64 text',
		],
		[
			'cut short',
			() => lf.cloud.accessKey.slice(0, 4 * 10 + 1),
			'The Base-64 Encoded Access Key is not base-64 text',
		],
		[
			'not JSON',
			() => base64('customerId=1;clientId=2'),
			'The Base-64 Encoded Access Key does not decode to JSON',
		],
		[
			'JSON but not an object',
			() => base64('"just a string"'),
			'The Base-64 Encoded Access Key does not decode to JSON',
		],
		[
			'no jwk',
			() => base64({ ...decodedKey(), jwk: undefined }),
			'The Base-64 Encoded Access Key has no "jwk" (its private key)',
		],
		[
			'a P-384 key',
			() => base64({ ...decodedKey(), jwk: { ...p384.export({ format: 'jwk' }), kid: 'k1' } }),
			'The access key\'s "jwk" is not an EC P-256 key (kty "EC", crv "P-384")',
		],
		[
			'an RSA key',
			() => base64({ ...decodedKey(), jwk: { kty: 'RSA', n: 'x', e: 'AQAB', kid: 'k1' } }),
			'The access key\'s "jwk" is not an EC P-256 key (kty "RSA", crv "undefined")',
		],
		[
			'a public key only',
			() => base64({ ...decodedKey(), jwk: { ...decodedKey().jwk, d: undefined } }),
			'The access key\'s "jwk" has no "d" (it is not a private key)',
		],
		[
			'no kid',
			() => base64({ ...decodedKey(), jwk: { ...decodedKey().jwk, kid: undefined } }),
			'The access key\'s "jwk" has no "kid" (key ID)',
		],
		[
			'no clientId',
			() => base64({ ...decodedKey(), clientId: undefined }),
			'The Base-64 Encoded Access Key has no "clientId"',
		],
		[
			'a point off the curve',
			() =>
				base64({
					...decodedKey(),
					jwk: { ...decodedKey().jwk, x: Buffer.alloc(32, 7).toString('base64url') },
				}),
			'The access key\'s "jwk" is not a valid P-256 private key',
		],
	];

	it.each(malformed)(
		'names an access key that is %s, before any request',
		async (_label, key, message) => {
			const from = lf.state.requests.length;
			const result = await testCredential('laserficheCloudApi', {
				...cloudCredentialData(lf),
				accessKeySecret: key(),
			});
			expect(result).toEqual({ status: 'Error', message });
			expect(requestsSince(lf, from)).toHaveLength(0);
			expectClean(result.message);
		},
	);

	it("derives the sign-in and API URLs from the access key's domain unless overridden", () => {
		const key = { accessKeySecret: base64({ ...decodedKey(), domain: 'EU.Laserfiche.com' }) };
		expect(auth.cloudEndpoints(key)).toEqual({
			tokenUrl: 'https://signin.eu.laserfiche.com/oauth/Token',
			apiBaseUrl: 'https://api.eu.laserfiche.com/repository',
		});
		expect(
			auth.cloudEndpoints({
				...key,
				customEndpoints: true,
				apiBaseUrl: 'http://127.0.0.1:9/repository/',
			}),
		).toEqual({
			tokenUrl: 'https://signin.eu.laserfiche.com/oauth/Token',
			apiBaseUrl: 'http://127.0.0.1:9/repository',
		});
		// Both overridden: the key needs no domain.
		expect(
			auth.cloudEndpoints({
				accessKeySecret: base64({ ...decodedKey(), domain: undefined }),
				customEndpoints: true,
				tokenUrl: 'http://a/t',
				apiBaseUrl: 'http://a/r',
			}),
		).toEqual({ tokenUrl: 'http://a/t', apiBaseUrl: 'http://a/r' });
		expect(() =>
			auth.cloudEndpoints({ accessKeySecret: base64({ ...decodedKey(), domain: 'not a domain' }) }),
		).toThrow('The Base-64 Encoded Access Key has no valid "domain" (such as laserfiche.com)');
	});
});

describe('Laserfiche self-hosted credential', () => {
	it('passes the Test: password grant, then reads the root folder (API v1 and v2)', async () => {
		// A server of its own for each version: a sign-in answer is shared for a few seconds by the
		// same credential's concurrent requests (sharedTokenRequest), and each Test must sign in here.
		for (const apiVersion of ['v1', 'v2'] as const) {
			const server = await startEmulator();
			try {
				const result = await testCredential(
					'laserficheSelfHostedApi',
					selfHostedCredentialData(server, apiVersion),
				);
				expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
				const requests = requestsSince(server, 0);
				expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
					'POST /LFRepositoryAPI/v1/Repositories/EmulatorRepo/Token 200',
					`GET /LFRepositoryAPI/${apiVersion}/Repositories/EmulatorRepo/Entries/1 200`,
				]);
				expect(requests[0].body).toEqual({
					grant_type: 'password',
					username: server.selfHosted.username,
					password: server.selfHosted.password,
				});
				expect(contractViolations(requests)).toEqual([]);
			} finally {
				await server.stop();
			}
		}
	});

	it('names a wrong username or password', async () => {
		const result = await testCredential('laserficheSelfHostedApi', {
			...selfHostedCredentialData(lf),
			password: 'wrong-password',
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'The Laserfiche API Server rejected the username or password for repository "EmulatorRepo"',
		});
		const user = await testCredential('laserficheSelfHostedApi', {
			...selfHostedCredentialData(lf),
			username: 'nobody',
		});
		expect(user.message).toBe(result.message);
	});

	it('names an unknown repository', async () => {
		const result = await testCredential('laserficheSelfHostedApi', {
			...selfHostedCredentialData(lf),
			repositoryId: 'NoSuchRepo',
		});
		expect(result).toEqual({
			status: 'Error',
			message: 'The Laserfiche API Server has no repository "NoSuchRepo"',
		});
	});

	it('names a base URL where no API Server answers', async () => {
		const result = await testCredential('laserficheSelfHostedApi', {
			...selfHostedCredentialData(lf),
			baseUrl: `${lf.baseUrl}/WrongPath`,
		});
		expect(result).toEqual({
			status: 'Error',
			message: `No Laserfiche API Server answers at ${lf.baseUrl}/WrongPath (HTTP 404)`,
		});
	});

	it('names an unreachable server', async () => {
		const result = await testCredential('laserficheSelfHostedApi', {
			...selfHostedCredentialData(lf),
			baseUrl: 'http://127.0.0.1:1/LFRepositoryAPI',
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'Could not reach the Laserfiche API Server at http://127.0.0.1:1/LFRepositoryAPI: the connection was refused',
		});
	});

	it('names empty or malformed settings before any request', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ baseUrl: '' }, 'The Base URL is empty'],
			[
				{ baseUrl: 'ServerName/LFRepositoryAPI' },
				'The Base URL "ServerName/LFRepositoryAPI" is not an http(s) URL',
			],
			[{ repositoryId: ' ' }, 'The Repository ID is empty'],
			[{ username: '' }, 'The Username is empty'],
		];
		for (const [change, message] of cases) {
			const from = lf.state.requests.length;
			const result = await testCredential('laserficheSelfHostedApi', {
				...selfHostedCredentialData(lf),
				...change,
			});
			expect(result).toEqual({ status: 'Error', message });
			expect(requestsSince(lf, from)).toHaveLength(0);
		}
	});

	it('keeps every secret out of the messages', async () => {
		const results = await Promise.all([
			testCredential('laserficheSelfHostedApi', {
				...selfHostedCredentialData(lf),
				password: `${lf.selfHosted.password}x`,
			}),
			testCredential('laserficheCloudApi', { ...cloudCredentialData(lf), scope: '' }),
			testCredential('laserficheCloudApi', {
				...cloudCredentialData(lf),
				servicePrincipalSecretKey: `${lf.cloud.servicePrincipalKey}x`,
			}),
		]);
		for (const result of results) {
			expect(result.status).toBe('Error');
			expectClean(result.message);
		}
	});
});

describe('Ignore SSL Issues (self-hosted server with a self-signed certificate)', () => {
	let dir: string;
	let tls: ReturnType<typeof createServer>;
	let httpsBase: string;

	beforeAll(async () => {
		// A TLS front for the emulator, with a certificate nobody trusts.
		dir = mkdtempSync(join(tmpdir(), 'lf-tls-'));
		const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:P-256',
				'-nodes',
				'-keyout',
				key,
				'-out',
				cert,
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
			],
			{ stdio: 'ignore' },
		);
		const port = Number(new URL(lf.baseUrl).port);
		tls = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (socket) => {
			const upstream = connect(port, '127.0.0.1');
			socket.pipe(upstream).pipe(socket);
			socket.on('error', () => upstream.destroy());
			upstream.on('error', () => socket.destroy());
		});
		await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
		httpsBase = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/LFRepositoryAPI`;
	});
	afterAll(async () => {
		await new Promise((done) => tls.close(done));
		rmSync(dir, { recursive: true, force: true });
	});

	it('refuses the untrusted certificate by name, and works with Ignore SSL Issues', async () => {
		const data = { ...selfHostedCredentialData(lf), baseUrl: httpsBase };
		const refused = await testCredential('laserficheSelfHostedApi', data);
		expect(refused.status).toBe('Error');
		expect(refused.message).toBe(
			`Could not reach the Laserfiche API Server at ${httpsBase}: its TLS certificate is not trusted`,
		);

		expect(
			await testCredential('laserficheSelfHostedApi', { ...data, ignoreSSLIssues: true }),
		).toEqual({ status: 'OK', message: 'Connection successful!' });

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
			},
			credentials: {
				c: { type: 'laserficheSelfHostedApi', data: { ...data, ignoreSSLIssues: true } },
			},
		});
		expect(run.status).toBe('success');
		expect(run.success[0].json).toMatchObject({ id: 1, entryType: 'Folder' });
	});
});
