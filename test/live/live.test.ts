/**
 * The live suite (`npm run test:live`) against the emulators, so that it cannot rot: the variables are
 * built from the emulators (emulator-env.js), read by the same config.js, and the same scenarios run
 * (suite.ts, through real n8n-core). Also: a failing step still removes the test folder, and the runner
 * itself prints the skip line without variables, runs outside jest and never prints a secret.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import type { LaserficheEmulator } from '../emulators/laserfiche';
import type { FilesComEmulator } from '../filescom/helpers';
import { startEmulator as startFilesCom } from '../filescom/helpers';
import { startEmulator as startLaserfiche } from '../laserfiche/helpers';
import type { LiveTarget } from './suite';
import { runTarget } from './suite';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readLiveConfig, skipLine, redact } = require('./config') as {
	readLiveConfig(env: Record<string, string | undefined>): {
		targets: LiveTarget[];
		skipped: string[];
		problems: string[];
	};
	skipLine(skipped: string[]): string;
	redact(text: string, secrets: string[]): string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { emulatorEnv } = require('./emulator-env') as {
	emulatorEnv(options: {
		filescom?: unknown;
		laserfiche?: unknown;
		selfHostedApiVersion?: 'v1' | 'v2';
		withTemplate?: boolean;
	}): Record<string, string>;
};

const RUNNER = resolve(__dirname, 'run.js');
const LIVE_VARIABLE = /^(FILESCOM|LASERFICHE)_/;

let filescom: FilesComEmulator;
let laserfiche: LaserficheEmulator;

beforeAll(async () => {
	[filescom, laserfiche] = await Promise.all([startFilesCom(), startLaserfiche()]);
});
afterAll(async () => await Promise.all([filescom?.stop(), laserfiche?.stop()]));

/** Names of the test folders left in the emulators' roots (white-box: the emulators' own models). */
function liveFoldersLeft(): string[] {
	const filesComRoot = [
		...(filescom.state.tree.root.children as Map<string, { name: string }>).values(),
	].map((node) => node.name);
	const laserficheRoots = [
		laserfiche.state.repositories.cloud,
		laserfiche.state.repositories.selfHosted,
	].flatMap((repository) =>
		(repository.childrenOf(1) as Array<{ name: string }>).map((entry) => entry.name),
	);
	return [...filesComRoot, ...laserficheRoots].filter((name) => name.startsWith('n8n-live-'));
}

/** The target config.js reads from these variables for one deployment. */
function targetOf(env: Record<string, string>, id: LiveTarget['id']): LiveTarget {
	const config = readLiveConfig(env);
	expect(config.problems).toEqual([]);
	const target = config.targets.find((candidate) => candidate.id === id);
	expect(target).toBeDefined();
	return target!;
}

describe('config.js', () => {
	it("fills in the credentials' defaults and keeps the secrets apart", () => {
		const { targets, skipped } = readLiveConfig({
			FILESCOM_API_KEY: ' key-0123456789 ',
			LASERFICHE_SELF_HOSTED_URL: ' ',
		});
		expect(targets).toEqual([
			{
				id: 'filescom',
				label: 'Files.com',
				settings: { apiKey: 'key-0123456789', siteUrl: 'https://app.files.com', rootFolder: '/' },
				secrets: ['key-0123456789'],
			},
		]);
		expect(skipped.map((line) => line.split(' (')[0])).toEqual([
			'Laserfiche Cloud',
			'Laserfiche self-hosted',
		]);
	});

	it('adds the private key inside a Laserfiche access key to the secrets, and refuses half a template', () => {
		const accessKey = Buffer.from(
			JSON.stringify({ customerId: '1', jwk: { kty: 'EC', d: 'private-d-value' } }),
		).toString('base64');
		const cloud = {
			LASERFICHE_CLOUD_SERVICE_PRINCIPAL_KEY: 'principal-key',
			LASERFICHE_CLOUD_ACCESS_KEY: accessKey,
			LASERFICHE_CLOUD_REPOSITORY_ID: 'r-1',
		};
		expect(readLiveConfig(cloud).targets[0].secrets).toEqual([
			'principal-key',
			accessKey,
			'private-d-value',
		]);
		expect(readLiveConfig({ ...cloud, LASERFICHE_CLOUD_TEMPLATE: 'General' }).problems).toEqual([
			'Laserfiche Cloud: set both LASERFICHE_CLOUD_TEMPLATE and LASERFICHE_CLOUD_TEMPLATE_FIELD, or neither',
		]);
	});

	it('redacts a secret and its base-64 forms', () => {
		const secret = 'top-secret-value';
		const text = `a ${secret} b ${Buffer.from(secret).toString('base64')} c`;
		expect(redact(text, [secret])).toBe('a [redacted] b [redacted] c');
	});
});

describe('the live scenarios against the emulators', () => {
	const cases: Array<[string, LiveTarget['id'], 'v1' | 'v2', boolean]> = [
		['Files.com', 'filescom', 'v1', true],
		['Laserfiche Cloud', 'laserficheCloud', 'v1', true],
		['Laserfiche self-hosted (API v1)', 'laserficheSelfHosted', 'v1', true],
		[
			'Laserfiche self-hosted (API v2, no template configured)',
			'laserficheSelfHosted',
			'v2',
			false,
		],
	];
	it.each(cases)(
		'%s: every step, then the folder is removed',
		async (_label, id, selfHostedApiVersion, withTemplate) => {
			const env = emulatorEnv({ filescom, laserfiche, selfHostedApiVersion, withTemplate });
			expect(readLiveConfig(env).skipped).toEqual([]);
			const target = targetOf(env, id);
			const lines: string[] = [];
			await runTarget(target, (line) => lines.push(line));
			const steps =
				id === 'filescom'
					? ['created folder', 'uploaded', 'listed', 'downloaded', 'deleted', 'removed folder']
					: [
							'created folder',
							'imported',
							withTemplate
								? 'fields: template "General" assigned'
								: 'fields: read back (0; no template configured)',
							'exported',
							'deleted',
							'removed folder',
						];
			expect(
				lines.map((line) => steps.find((step) => line.startsWith(`${target.label}: ${step}`))),
			).toEqual(steps);
			expect(lines.join('\n')).toMatch(/same sha256/);
			expect(liveFoldersLeft()).toEqual([]);
		},
	);
});

describe('a failing step', () => {
	it('Files.com: the download fails, the folder is removed all the same, no secret in the error', async () => {
		const target = targetOf(emulatorEnv({ filescom }), 'filescom');
		filescom.faults.add({
			kind: 'status',
			status: 403,
			method: 'GET',
			pathPattern: /^\/api\/rest\/v1\/files\/n8n-live-/,
			times: -1,
		});
		const lines: string[] = [];
		try {
			const failure = await runTarget(target, (line) => lines.push(line)).then(
				() => undefined,
				(error: Error) => error,
			);
			expect(failure?.message).toMatch(/^download failed: /);
			for (const secret of target.secrets)
				expect(`${failure?.message}\n${failure?.stack}`).not.toContain(secret);
		} finally {
			filescom.faults.clear();
		}
		expect(lines.at(-1)).toMatch(/^Files\.com: removed folder \/n8n-live-.*: gone$/);
		expect(liveFoldersLeft()).toEqual([]);
	});

	it('Laserfiche Cloud: the import fails, the folder is removed all the same', async () => {
		const target = targetOf(emulatorEnv({ laserfiche }), 'laserficheCloud');
		laserfiche.faults.add({
			kind: 'status',
			status: 403,
			method: 'POST',
			pathPattern: /\/Import$/,
			times: 1,
		});
		const failure = await runTarget(target, () => undefined).then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure?.message).toMatch(/^import failed: /);
		expect(liveFoldersLeft()).toEqual([]);
	});
});

/** Runs `node test/live/run.js` with only these live variables; resolves with its exit code and output. */
async function runner(
	env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const base = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !LIVE_VARIABLE.test(name)),
	);
	const child = spawn(process.execPath, [RUNNER], {
		env: { ...base, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((done) => child.on('close', done));
	return { code, stdout, stderr };
}

describe('npm run test:live (test/live/run.js)', () => {
	it('without variables prints one line saying what it skipped and exits 0', async () => {
		const run = await runner({});
		expect(run).toEqual({
			code: 0,
			stdout: `${skipLine(readLiveConfig({}).skipped)}\n`,
			stderr: '',
		});
		expect(run.stdout).toMatch(
			/^test:live: skipped Files\.com \(set FILESCOM_API_KEY\), Laserfiche Cloud \(set .*\), Laserfiche self-hosted \(set .*\)\n$/,
		);
	});

	it('refuses a deployment with only some of its variables', async () => {
		const run = await runner({
			LASERFICHE_SELF_HOSTED_URL: 'http://127.0.0.1:1',
			LASERFICHE_SELF_HOSTED_PASSWORD: 'not-printed-password',
		});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(
			/Laserfiche self-hosted: LASERFICHE_SELF_HOSTED_REPOSITORY_ID, LASERFICHE_SELF_HOSTED_USERNAME are not set/,
		);
		expect(run.stdout + run.stderr).not.toContain('not-printed-password');
	});

	it('runs the Files.com scenario outside jest, skips the rest, prints no secret', async () => {
		const env = emulatorEnv({ filescom });
		const run = await runner(env);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const lines = run.stdout.trim().split('\n');
		expect(lines[0]).toMatch(
			/^test:live: skipped Laserfiche Cloud \(.*\), Laserfiche self-hosted \(.*\)$/,
		);
		expect(lines).toContain('test:live: running Files.com');
		expect(lines.filter((line) => /^Files\.com: passed \(/.test(line))).toHaveLength(1);
		expect(lines.at(-1)).toBe('test:live: 1 passed, 0 failed');
		expect(run.stdout).not.toContain(env.FILESCOM_API_KEY);
		expect(liveFoldersLeft()).toEqual([]);
	}, 120_000);

	it('reports a failing scenario with exit code 1 and without the key', async () => {
		const env = {
			...emulatorEnv({ filescom }),
			FILESCOM_API_KEY: `wrong-${filescom.apiKey.slice(6)}`,
		};
		const run = await runner(env);
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/^Files\.com: FAILED: create the folder failed: /m);
		expect(run.stdout.trim().split('\n').at(-1)).toBe('test:live: 0 passed, 1 failed');
		expect(run.stdout + run.stderr).not.toContain(env.FILESCOM_API_KEY);
	}, 120_000);
});
