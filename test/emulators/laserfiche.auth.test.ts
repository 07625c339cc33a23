/**
 * Laserfiche emulator: Cloud OAuth (service principal key + base-64 access key, ES256 client JWT) and
 * self-hosted password tokens, token lifetime and expiry, OAuth scopes on v1/v2.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
	apiClient,
	cloudToken,
	contractWatcher,
	createClientCredentialsJwt,
	decodeAccessKey,
	expectProblem,
	http,
	selfHostedToken,
	startLaserficheEmulator,
	type LaserficheEmulator,
} from './laserfiche/fixtures/helpers';

let lf: LaserficheEmulator;
const watcher = contractWatcher(() => lf);

beforeAll(async () => {
	lf = await startLaserficheEmulator();
});
afterAll(async () => {
	await lf?.stop();
});
beforeEach(() => watcher.reset());
afterEach(() => watcher.check());

function requestToken(
	jwt: string | undefined,
	form: Record<string, string> = { grant_type: 'client_credentials' },
) {
	return http(lf.cloud.tokenUrl, {
		method: 'POST',
		headers: jwt === undefined ? {} : { authorization: `Bearer ${jwt}` },
		form,
	});
}

function expectOAuthRefusal(res: Awaited<ReturnType<typeof http>>, status: number, error: string) {
	expect(res.status).toBe(status);
	expect(res.body).toMatchObject({ error, type: error, status, instance: '/Token' });
	expect(typeof res.body.error_description).toBe('string');
	expect(res.body.title).toBe(res.body.error_description);
	expect(res.body.operationId).toBe(res.headers.get('x-requestid'));
	expect(res.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
	expect(res.body).not.toHaveProperty('access_token');
}

describe('Cloud OAuth', () => {
	it('hands out a base-64 access key holding an EC P-256 private JWK', () => {
		const key = decodeAccessKey(lf.cloud.accessKey);
		expect(key).toMatchObject({
			customerId: lf.cloud.customerId,
			clientId: lf.cloud.clientId,
			domain: lf.cloud.domain,
		});
		expect(key.jwk).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig' });
		for (const member of ['d', 'x', 'y', 'kid']) expect(typeof key.jwk[member]).toBe('string');
		expect(lf.cloud.tokenUrl).toBe(`${lf.baseUrl}/oauth/Token`);
		expect(lf.cloud.apiBaseUrl).toBe(`${lf.baseUrl}/repository`);
	});

	it('exchanges a JWT signed with node:crypto the way lf-api-client-core signs it for an access token', async () => {
		const before = lf.state.tokenRequests.cloud;
		const jwt = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey);
		const [header, payload] = jwt
			.split('.')
			.slice(0, 2)
			.map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
		expect(header).toEqual({
			alg: 'ES256',
			typ: 'JWT',
			kid: decodeAccessKey(lf.cloud.accessKey).jwk.kid,
		});
		expect(Object.keys(payload).sort()).toEqual([
			'aud',
			'client_id',
			'client_secret',
			'exp',
			'iat',
			'nbf',
		]);

		const res = await requestToken(jwt, {
			grant_type: 'client_credentials',
			scope: 'repository.Read repository.Write',
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			access_token: expect.any(String),
			token_type: 'bearer',
			expires_in: 43200,
			scope: 'repository.Read repository.Write',
		});
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(lf.state.tokenRequests.cloud).toBe(before + 1);

		// The access token is a JWT naming the account (csid), trustee and regional domain.
		const claims = JSON.parse(
			Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
		);
		expect(claims).toMatchObject({
			csid: lf.cloud.customerId,
			aud: lf.cloud.domain,
			client_id: lf.cloud.clientId,
		});

		const api = apiClient(lf, 'cloud', res.body.access_token);
		const repos = await http(`${lf.cloud.apiBaseUrl}/v2/Repositories`, {
			headers: { authorization: `Bearer ${res.body.access_token}` },
		});
		expect(repos.status).toBe(200);
		expect(repos.body.value).toEqual([
			{ id: lf.cloud.repositoryId, name: expect.any(String), webClientUrl: expect.any(String) },
		]);
		expect((await api('GET', '/Entries/1')).body).toMatchObject({
			id: 1,
			fullPath: '\\',
			entryType: 'Folder',
		});
	});

	it('refuses a wrong service principal key with 401 invalid_client', async () => {
		const jwt = createClientCredentialsJwt(`${lf.cloud.servicePrincipalKey}x`, lf.cloud.accessKey);
		expectOAuthRefusal(await requestToken(jwt), 401, 'invalid_client');
	});

	it('refuses a JWT signed by another key (even with the registered kid)', async () => {
		const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
			format: 'jwk',
		}) as never;
		const jwt = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey, {
			signingJwk: other,
		});
		expectOAuthRefusal(await requestToken(jwt), 401, 'invalid_client');
		// Tampering with the payload of a valid JWT breaks the signature too.
		const good = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey).split(
			'.',
		);
		const payload = JSON.parse(Buffer.from(good[1], 'base64url').toString());
		payload.exp += 86400;
		const forged = [
			good[0],
			Buffer.from(JSON.stringify(payload)).toString('base64url'),
			good[2],
		].join('.');
		expectOAuthRefusal(await requestToken(forged), 401, 'invalid_client');
	});

	it('refuses an expired JWT and a JWT not yet valid', async () => {
		const expired = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey, {
			nowMs: Date.now() - 2 * 3600_000,
			expireInSeconds: 3600,
		});
		expectOAuthRefusal(await requestToken(expired), 401, 'invalid_client');
		const future = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey, {
			nowMs: Date.now() + 3600_000,
		});
		expectOAuthRefusal(await requestToken(future), 401, 'invalid_client');
	});

	it('refuses an unknown client, a wrong audience and an unknown kid', async () => {
		const key = decodeAccessKey(lf.cloud.accessKey);
		expectOAuthRefusal(
			await requestToken(
				createClientCredentialsJwt(lf.cloud.servicePrincipalKey, {
					...key,
					clientId: 'UnknownClient123',
				}),
			),
			401,
			'invalid_client',
		);
		expectOAuthRefusal(
			await requestToken(
				createClientCredentialsJwt(lf.cloud.servicePrincipalKey, key, {
					audience: 'laserfiche.ca',
				}),
			),
			401,
			'invalid_client',
		);
		expectOAuthRefusal(
			await requestToken(
				createClientCredentialsJwt(lf.cloud.servicePrincipalKey, key, { kid: 'another-kid' }),
			),
			401,
			'invalid_client',
		);
	});

	it('accepts a JWT without exp (the long-lived authorization key)', async () => {
		const jwt = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey, {
			expireInSeconds: 0,
		});
		expect((await requestToken(jwt)).status).toBe(200);
	});

	it('answers malformed requests with 400 OAuth errors', async () => {
		expectOAuthRefusal(await requestToken(undefined), 400, 'invalid_request');
		expectOAuthRefusal(await requestToken('not-a-jwt'), 400, 'invalid_request');
		const jwt = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey);
		expectOAuthRefusal(
			await requestToken(jwt, { grant_type: 'password' }),
			400,
			'unsupported_grant_type',
		);
		expectOAuthRefusal(await requestToken(jwt, {}), 400, 'invalid_request');
		const asJson = await http(lf.cloud.tokenUrl, {
			method: 'POST',
			headers: { authorization: `Bearer ${jwt}` },
			json: { grant_type: 'client_credentials' },
		});
		expectOAuthRefusal(asJson, 400, 'invalid_request');
	});

	it('v2 needs repository.Read / repository.Write scopes; a scope-less token still reaches v1', async () => {
		const none = await cloudToken(lf, null);
		const v2 = apiClient(lf, 'cloud', none);
		expectProblem(await v2('GET', '/Entries/1'), 403, 'Access denied for the operation.');
		expectProblem(
			await http(`${lf.cloud.apiBaseUrl}/v2/Repositories`, {
				headers: { authorization: `Bearer ${none}` },
			}),
			403,
		);
		expect((await apiClient(lf, 'cloud', none, 'v1')('GET', '/Entries/1')).status).toBe(200);

		// Unknown scopes are dropped silently; the token then only reads.
		const jwt = createClientCredentialsJwt(lf.cloud.servicePrincipalKey, lf.cloud.accessKey);
		const granted = await requestToken(jwt, {
			grant_type: 'client_credentials',
			scope: 'repository.Read invalidScope',
		});
		expect(granted.body.scope).toBe('repository.Read');
		const reader = apiClient(lf, 'cloud', granted.body.access_token);
		expect((await reader('GET', '/Entries/1/Folder/Children')).status).toBe(200);
		expectProblem(
			await reader('POST', '/Entries/1/Folder/Children', {
				json: { name: 'Nope', entryType: 'Folder' },
			}),
			403,
		);
		// Tasks need no scope.
		expect((await reader('GET', '/Tasks')).status).toBe(200);

		const readWrite = apiClient(lf, 'cloud', await cloudToken(lf, 'repository.ReadWrite'));
		const created = await readWrite('POST', '/Entries/1/Folder/Children', {
			json: { name: 'Scoped Folder', entryType: 'Folder', autoRename: true },
		});
		expect(created.status).toBe(201);
	});

	it('rejects missing, unknown and cross-deployment tokens with 401 ProblemDetails', async () => {
		const cloud = apiClient(lf, 'cloud', 'garbage');
		expectProblem(await cloud('GET', '/Entries/1'), 401, 'Access token is invalid or expired.');
		expectProblem(
			await http(`${cloud.root}/Entries/1`),
			401,
			'Access token is invalid or expired.',
		);
		const shToken = await selfHostedToken(lf);
		expectProblem(await apiClient(lf, 'cloud', shToken)('GET', '/Entries/1'), 401);
		expectProblem(
			await apiClient(lf, 'selfHosted', await cloudToken(lf))('GET', '/Entries/1'),
			401,
		);
	});

	it('expires every token on demand (faults.expireAllTokens and the control endpoint)', async () => {
		const token = await cloudToken(lf);
		const api = apiClient(lf, 'cloud', token);
		expect((await api('GET', '/Entries/1')).status).toBe(200);
		lf.faults.expireAllTokens();
		expectProblem(await api('GET', '/Entries/1'), 401, 'Access token is invalid or expired.');
		const fresh = apiClient(lf, 'cloud', await cloudToken(lf));
		expect((await fresh('GET', '/Entries/1')).status).toBe(200);
		const ctl = await http(`${lf.baseUrl}/__emulator/expire-tokens`, { method: 'POST' });
		expect(ctl.status).toBe(204);
		expect((await fresh('GET', '/Entries/1')).status).toBe(401);
	});
});

describe('token lifetimes and given credentials', () => {
	let short: LaserficheEmulator;
	const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
		format: 'jwk',
	});
	beforeAll(async () => {
		short = await startLaserficheEmulator({
			cloudTokenLifetimeSeconds: 600,
			selfHostedTokenLifetimeSeconds: 600,
			jwk: { ...jwk, kid: 'given-kid' },
			servicePrincipalKey: 'GivenServicePrincipal',
			username: 'DOMAIN\\Alice',
			password: 'p@ss w0rd',
		});
	});
	afterAll(async () => {
		await short?.stop();
	});

	it('uses the given JWK, service principal key and user', () => {
		const key = decodeAccessKey(short.cloud.accessKey);
		expect(key.jwk).toMatchObject({ kid: 'given-kid', x: jwk.x, y: jwk.y, d: jwk.d });
		expect(short.cloud.servicePrincipalKey).toBe('GivenServicePrincipal');
		expect(short.selfHosted).toMatchObject({ username: 'DOMAIN\\Alice', password: 'p@ss w0rd' });
	});

	it('lets tokens expire after the configured lifetime (on the emulator clock, moved forward)', async () => {
		const jwt = createClientCredentialsJwt(short.cloud.servicePrincipalKey, short.cloud.accessKey);
		const res = await http(short.cloud.tokenUrl, {
			method: 'POST',
			headers: { authorization: `Bearer ${jwt}` },
			form: { grant_type: 'client_credentials', scope: 'repository.Read' },
		});
		expect(res.body.expires_in).toBe(600);
		const sh = await http(
			`${short.selfHosted.baseUrl}/v1/Repositories/${short.selfHosted.repositoryId}/Token`,
			{
				method: 'POST',
				form: { grant_type: 'password', username: 'domain\\alice', password: 'p@ss w0rd' },
			},
		);
		expect(sh.status).toBe(200);
		expect(sh.body.expires_in).toBe(600);
		const cloudApi = apiClient(short, 'cloud', res.body.access_token);
		const shApi = apiClient(short, 'selfHosted', sh.body.access_token);
		expect((await cloudApi('GET', '/Entries/1')).status).toBe(200);
		expect((await shApi('GET', '/Entries/1')).status).toBe(200);
		// 30 s short of the lifetime (more than any slow machine takes for these requests): still valid.
		short.advanceTime(570_000);
		expect((await cloudApi('GET', '/Entries/1')).status).toBe(200);
		expect((await shApi('GET', '/Entries/1')).status).toBe(200);
		// The lifetime has passed on the emulator clock, whatever time the machine took.
		short.advanceTime(30_000);
		expectProblem(await cloudApi('GET', '/Entries/1'), 401, 'Access token is invalid or expired.');
		expectProblem(await shApi('GET', '/Entries/1'), 401, 'Access token is invalid or expired.');
	});
});

describe('self-hosted password tokens', () => {
	const tokenUrl = (repo: string) =>
		`${lf.selfHosted.baseUrl}/v1/Repositories/${encodeURIComponent(repo)}/Token`;

	it('issues a 900 s bearer token for grant_type=password', async () => {
		const before = lf.state.tokenRequests.selfHosted;
		const res = await http(tokenUrl(lf.selfHosted.repositoryId), {
			method: 'POST',
			form: {
				grant_type: 'password',
				username: lf.selfHosted.username,
				password: lf.selfHosted.password,
			},
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			access_token: expect.any(String),
			expires_in: 900,
			token_type: 'bearer',
		});
		expect(lf.state.tokenRequests.selfHosted).toBe(before + 1);
		const api = apiClient(lf, 'selfHosted', res.body.access_token);
		expect((await api('GET', '/Entries/1')).body).toMatchObject({ id: 1, fullPath: '\\' });
		expect(
			(await apiClient(lf, 'selfHosted', res.body.access_token, 'v1')('GET', '/Entries/1')).status,
		).toBe(200);
	});

	it('answers 401 for bad credentials, 404 for an unknown repository, 400 for a wrong grant', async () => {
		const bad = await http(tokenUrl(lf.selfHosted.repositoryId), {
			method: 'POST',
			form: { grant_type: 'password', username: lf.selfHosted.username, password: 'wrong' },
		});
		expectProblem(bad, 401);
		expect(bad.body).not.toHaveProperty('access_token');
		expectProblem(
			await http(tokenUrl(lf.selfHosted.repositoryId), {
				method: 'POST',
				form: { grant_type: 'password', username: 'nobody', password: lf.selfHosted.password },
			}),
			401,
		);
		expectProblem(
			await http(tokenUrl('NoSuchRepo'), {
				method: 'POST',
				form: {
					grant_type: 'password',
					username: lf.selfHosted.username,
					password: lf.selfHosted.password,
				},
			}),
			404,
		);
		expectProblem(
			await http(tokenUrl(lf.selfHosted.repositoryId), {
				method: 'POST',
				form: { grant_type: 'client_credentials', username: 'a', password: 'b' },
			}),
			400,
		);
		expectProblem(
			await http(tokenUrl(lf.selfHosted.repositoryId), {
				method: 'POST',
				form: { username: 'a', password: 'b' },
			}),
			400,
		);
	});

	it('lists repositories without a token (EnableGetRepositoryListApi), everything else needs one', async () => {
		const v1 = await http(`${lf.selfHosted.baseUrl}/v1/Repositories`);
		expect(v1.status).toBe(200);
		expect(v1.body).toEqual([
			{
				repoId: lf.selfHosted.repositoryId,
				repoName: expect.any(String),
				webclientUrl: expect.any(String),
			},
		]);
		const v2 = await http(`${lf.selfHosted.baseUrl}/v2/Repositories`);
		expect(v2.body.value[0].id).toBe(lf.selfHosted.repositoryId);
		expectProblem(
			await http(
				`${lf.selfHosted.baseUrl}/v2/Repositories/${lf.selfHosted.repositoryId}/Entries/1`,
			),
			401,
		);
		// Cloud always needs a token, even to list repositories.
		expectProblem(await http(`${lf.cloud.apiBaseUrl}/v2/Repositories`), 401);
	});

	it('answers 404 ProblemDetails for an unknown repository with a valid token', async () => {
		const token = await selfHostedToken(lf);
		const res = await http(`${lf.selfHosted.baseUrl}/v2/Repositories/fakeRepo/Entries/1`, {
			headers: { authorization: `Bearer ${token}` },
		});
		expectProblem(res, 404, 'Repository not found.');
	});
});
