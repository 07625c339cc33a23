/**
 * The Files.com node over HTTPS: the standalone emulator with FILESCOM_EMULATOR_TLS=1 (API, part and download URLs
 * all https, as the real service; certificate generated at start, printed as `tlsCa`).
 * - Trusted the way an n8n install trusts a private CA (NODE_EXTRA_CA_CERTS, read by Node at process start only,
 *   so in a child jest: tls/node-over-tls.child.ts): upload, list and download work.
 * - Not trusted (this process): the node fails with the certificate error, so TLS is really verified.
 * The node has no "Ignore SSL Issues" option (n8n's skipSslCertificateValidation) and no CA field.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { FilesComEmulator } from './helpers';
import { folder, runFilesCom } from './helpers';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'test', 'emulators', 'filescom', 'cli.js');

interface Ready {
	baseUrl: string;
	apiKey: string;
	tlsCa: string;
}

let cli: ChildProcess;
let ready: Ready;
let dir: string;

function startCli(): Promise<Ready> {
	return new Promise((done, fail) => {
		cli = spawn(process.execPath, [CLI], {
			env: { ...process.env, FILESCOM_EMULATOR_PORT: '0', FILESCOM_EMULATOR_TLS: '1' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		const timer = setTimeout(
			() => fail(new Error('the emulator CLI printed no ready line within 20 s')),
			20_000,
		);
		cli.stdout!.on('data', (chunk) => {
			out += chunk;
			if (out.includes('\n')) {
				clearTimeout(timer);
				done(JSON.parse(out.slice(0, out.indexOf('\n'))) as Ready);
			}
		});
		cli.once('exit', (code) => fail(new Error(`the emulator CLI exited (${code})`)));
	});
}

beforeAll(async () => {
	ready = await startCli();
	dir = mkdtempSync(join(tmpdir(), 'filescom-tls-'));
}, 30_000);

afterAll(async () => {
	if (cli && cli.exitCode === null) {
		const exited = new Promise((done) => cli.once('exit', done));
		cli.kill('SIGTERM');
		await exited;
	}
	rmSync(dir, { recursive: true, force: true });
});

it('prints its generated CA as tlsCa and serves the API over HTTPS', () => {
	expect(ready.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
	expect(ready.tlsCa).toMatch(
		/^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\s*$/,
	);
});

it('fails with the certificate error when the CA is not trusted', async () => {
	const emulator = { baseUrl: ready.baseUrl, apiKey: ready.apiKey } as unknown as FilesComEmulator;
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
		{ onError: 'continueErrorOutput' },
	);
	expect(run.success).toEqual([]);
	expect(run.errors).toHaveLength(1);
	expect(JSON.stringify(run.errors[0].json)).toMatch(
		/self[- ]signed certificate|SELF_SIGNED_CERT|unable to verify/i,
	);
});

it('uploads, lists and downloads over HTTPS with the CA trusted (NODE_EXTRA_CA_CERTS, child jest)', async () => {
	const caFile = join(dir, 'ca.pem');
	writeFileSync(caFile, ready.tlsCa);
	const child = spawn(
		process.execPath,
		[
			join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
			'--runInBand',
			'--ci',
			'--testMatch',
			'**/test/filescom/tls/node-over-tls.child.ts',
		],
		{
			cwd: ROOT,
			env: {
				...process.env,
				NODE_EXTRA_CA_CERTS: caFile,
				FILESCOM_TLS_EMULATOR: JSON.stringify(ready),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const code = await new Promise<number | null>((done) => child.once('exit', done));
	expect([code, output.includes('1 passed')]).toEqual([0, true]);
	expect(output).not.toContain(ready.apiKey);
}, 120_000);
