/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY: n8n-core (2.41, @n8n/backend-network's EnvProxyHttpAgent and
 * EnvProxyRouter, proxy-from-env's getProxyForUrl) sends every helper request through the proxy the
 * environment names, per request. Plain http passes through the proxy whole (it has to); https goes
 * through a CONNECT tunnel, so the proxy sees the target only, no token, password or body; NO_PROXY
 * bypasses it. The proxy records what passed through it.
 */
import type { LaserficheEmulator } from './helpers';
import {
	SELF_HOSTED_V2,
	byId,
	runLaserfiche,
	secretsOf,
	selfHostedCredentialData,
	startEmulator,
} from './helpers';
import type { ForwardProxy } from '../support/forward-proxy';
import {
	clearProxyEnvironment,
	saveProxyEnvironment,
	startForwardProxy,
} from '../support/forward-proxy';
import type { TlsFront } from './tls-front';
import { startTlsFront } from './tls-front';

let lf: LaserficheEmulator;
let front: TlsFront;
let proxy: ForwardProxy;
let proxyEnv: { restore(): void };

beforeAll(async () => {
	lf = await startEmulator();
	front = await startTlsFront(Number(new URL(lf.baseUrl).port));
	proxy = await startForwardProxy();
	proxyEnv = saveProxyEnvironment();
});
afterEach(() => {
	proxyEnv.restore();
	proxy.seen.length = 0;
});
afterAll(async () => {
	await proxy.stop();
	await front.stop();
	await lf.stop();
});

const getRoot = async (baseUrl: string) =>
	await runLaserfiche(
		lf,
		SELF_HOSTED_V2,
		{ resource: 'entry', operation: 'get', entry: byId(1) },
		{
			credentials: {
				lf: {
					type: 'laserficheSelfHostedApi',
					data: { ...selfHostedCredentialData(lf, 'v2'), baseUrl, ignoreSSLIssues: true },
				},
			},
		},
	);

it('HTTPS_PROXY: sign-in and call go through a CONNECT tunnel; the proxy sees no secret', async () => {
	clearProxyEnvironment();
	process.env.HTTPS_PROXY = proxy.url;
	const run = await getRoot(`${front.origin}/LFRepositoryAPI`);
	expect(run.nodeError(run.nodeName)).toBeUndefined();
	expect(run.success[0].json).toMatchObject({ id: 1 });
	expect(proxy.seen.length).toBeGreaterThan(0);
	expect(
		proxy.seen.every(
			(record) => record.kind === 'connect' && record.target === new URL(front.origin).host,
		),
	).toBe(true);
	const visible = JSON.stringify(proxy.seen);
	for (const secret of secretsOf(lf)) expect(visible.includes(secret)).toBe(false);
	expect(visible).not.toMatch(/authorization/i);
});

it('HTTP_PROXY: plain http requests pass through the proxy (sign-in and API call)', async () => {
	clearProxyEnvironment();
	process.env.HTTP_PROXY = proxy.url;
	const run = await getRoot(lf.selfHosted.baseUrl);
	expect(run.nodeError(run.nodeName)).toBeUndefined();
	const targets = proxy.seen.map((record) => `${record.kind} ${new URL(record.target).pathname}`);
	expect(targets).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/request .*\/Token$/),
			expect.stringMatching(/request .*\/Entries\/1$/),
		]),
	);
});

it('NO_PROXY naming the host: nothing goes to the proxy', async () => {
	clearProxyEnvironment();
	process.env.HTTP_PROXY = proxy.url;
	process.env.HTTPS_PROXY = proxy.url;
	process.env.NO_PROXY = '127.0.0.1';
	const run = await getRoot(`${front.origin}/LFRepositoryAPI`);
	expect(run.nodeError(run.nodeName)).toBeUndefined();
	expect(proxy.seen).toEqual([]);
});
