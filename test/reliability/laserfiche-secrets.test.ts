/**
 * Secret scan of the Laserfiche paths most likely to leak: errors of the token exchange (Cloud and
 * self-hosted), 401 on each credential type, stream errors while a document is exported or imported,
 * and errors under "Stop Workflow" with their description and stack.
 *
 * Every harness run already scans outputs, error items, the node and execution errors (all their
 * properties, stacks included) and the captured logs for every credential secret and its base-64
 * forms. These tests prove that the scan covers each of those paths (a secret planted there is caught,
 * and a canary taken from the real error's message, description and stack is caught when declared a
 * secret), then that the real runs are clean, also of what the harness cannot know in advance: the
 * tokens the emulator issued and the client JWTs (which carry the service principal key) it received.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import type { NodeRun, OnError } from '../harness';
import { CredentialStore, SecretScanner, testCredential } from '../harness';
import type { LaserficheEmulator, LfMode } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	byId,
	byPath,
	capturedLogs,
	cloudData,
	laserficheCredentials,
	laserficheWireSecrets,
	onLaserficheRequest,
	runLaserfiche,
	scanRun,
	selfHostedData,
	startLaserfiche,
} from './helpers';

let lf: LaserficheEmulator;

beforeAll(async () => {
	lf = await startLaserfiche();
});
afterAll(async () => await lf.stop());
beforeEach(async () => await lf.reset());

const SCAN_FAILURE = /Secret scan: a credential secret/;
const getEntry: INodeParameters = { resource: 'entry', operation: 'get', entry: byId(1) };
const exportDoc: INodeParameters = {
	resource: 'document',
	operation: 'export',
	entry: byPath('\\Welcome'),
	binaryPropertyName: 'data',
	options: {},
};
const importDoc: INodeParameters = {
	resource: 'document',
	operation: 'import',
	parentFolder: byPath('\\Archive'),
	name: 'leak-test',
	binaryPropertyName: 'data',
	options: {},
};
const fileItem = [
	{
		json: {},
		binary: {
			data: { content: 'x'.repeat(64 * 1024), fileName: 'big.txt', mimeType: 'text/plain' },
		},
	},
];

interface Scenario {
	name: string;
	mode: LfMode;
	parameters: INodeParameters;
	credential?: () => IDataObject;
	input?: typeof fileItem | Array<{ json: IDataObject }>;
	/** Faults armed before the run. */
	arm?: () => void;
}

const SCENARIOS: Scenario[] = [
	{
		name: 'Cloud token exchange with a wrong service principal key (401 invalid_client)',
		mode: CLOUD,
		parameters: getEntry,
		credential: () => ({ servicePrincipalSecretKey: 'wrong-service-principal-key-0123456789' }),
	},
	{
		name: 'Cloud token exchange answered 500',
		mode: CLOUD,
		parameters: getEntry,
		arm: () =>
			lf.faults.add({
				kind: 'status',
				status: 500,
				method: 'POST',
				pathPattern: /\/oauth\/Token$/,
				times: -1,
			}),
	},
	{
		name: 'Cloud token exchange cut in the middle of its answer',
		mode: CLOUD,
		parameters: getEntry,
		arm: () =>
			lf.faults.add({
				kind: 'reset',
				afterBytes: 20,
				method: 'POST',
				pathPattern: /\/oauth\/Token$/,
				times: -1,
			}),
	},
	{
		name: 'Cloud access key of another app (signature refused)',
		mode: CLOUD,
		parameters: getEntry,
		credential: () => ({ accessKeySecret: otherAppAccessKey() }),
	},
	{
		name: 'self-hosted token request with a wrong password (401)',
		mode: SELF_HOSTED_V1,
		parameters: getEntry,
		credential: () => ({ password: 'Wrong-Password-123!' }),
	},
	{
		name: 'Cloud API answering 401 to every token (refresh, then fail)',
		mode: CLOUD,
		parameters: getEntry,
		arm: () =>
			lf.faults.add({
				kind: 'status',
				status: 401,
				method: 'GET',
				pathPattern: /\/Entries\/1$/,
				times: -1,
			}),
	},
	{
		name: 'self-hosted API answering 401 to every token',
		mode: SELF_HOSTED_V1,
		parameters: getEntry,
		arm: () =>
			lf.faults.add({
				kind: 'status',
				status: 401,
				method: 'GET',
				pathPattern: /\/Entries\/1$/,
				times: -1,
			}),
	},
	{
		name: 'export whose download is cut mid-body every time',
		mode: CLOUD,
		parameters: exportDoc,
		arm: () =>
			lf.faults.add({
				kind: 'reset',
				afterBytes: 10,
				method: 'GET',
				pathPattern: /^\/storage\/exports\//,
				times: -1,
			}),
	},
	{
		name: 'import whose upload is cut mid-body every time (v2, simple and chunked)',
		mode: CLOUD,
		parameters: importDoc,
		input: fileItem,
		arm: () => {
			lf.faults.add({
				kind: 'reset',
				afterBytes: 1000,
				phase: 'request',
				method: 'POST',
				pathPattern: /\/Folder\/Import$/,
				times: -1,
			});
			lf.faults.add({
				kind: 'reset',
				afterBytes: 1000,
				phase: 'request',
				method: 'PUT',
				pathPattern: /^\/storage\/uploads\//,
				times: -1,
			});
		},
	},
	{
		name: 'import whose upload is cut mid-body every time (v1)',
		mode: SELF_HOSTED_V1,
		parameters: importDoc,
		input: fileItem,
		arm: () =>
			lf.faults.add({
				kind: 'reset',
				afterBytes: 1000,
				phase: 'request',
				method: 'POST',
				pathPattern: /\/Entries\/\d+\/leak-test$/,
				times: -1,
			}),
	},
];

/** A well-formed access key of an app the emulator does not know (its own P-256 key). */
function otherAppAccessKey(): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { generateKeyPairSync } = require('node:crypto') as typeof import('node:crypto');
	const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'other-app-key' };
	const key = JSON.parse(Buffer.from(lf.cloud.accessKey, 'base64').toString('utf8')) as IDataObject;
	return Buffer.from(JSON.stringify({ ...key, clientId: 'other-app', jwk })).toString('base64');
}

async function runScenario(
	scenario: Scenario,
	onError: OnError,
	secrets?: string[],
): Promise<NodeRun> {
	await lf.reset();
	scenario.arm?.();
	return await runLaserfiche(lf, scenario.mode, scenario.parameters, {
		onError,
		input: scenario.input ?? [{ json: {} }],
		credentials: laserficheCredentials(lf, scenario.mode, scenario.credential?.() ?? {}),
		secrets,
	});
}

/** Texts of the failure that a user sees: message, description and a stack line, or the error item's. */
function visibleFailureTexts(run: NodeRun): string[] {
	const nodeError = run.nodeError(run.nodeName) as
		| { message?: string; description?: string; stack?: string }
		| undefined;
	if (nodeError) {
		const stackLine = String(nodeError.stack ?? '')
			.split('\n')
			.find((line) => line.trim().startsWith('at '));
		// Prefixes: the texts end with per-request IDs (operation IDs, trace IDs) that differ between runs.
		return [nodeError.message, nodeError.description, stackLine?.trim()]
			.filter((text): text is string => typeof text === 'string' && text.length >= 8)
			.map((text) => text.slice(0, 40));
	}
	const item = run.errors[0]?.json ?? {};
	return [String(item.message ?? '').slice(0, 40)].filter((text) => text.length >= 8);
}

describe.each([
	['Stop Workflow', 'stopWorkflow'],
	['Continue (using error output)', 'continueErrorOutput'],
] as const)('Laserfiche secret scan under %s', (_label, onError) => {
	it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
		'%s: the scan covers the error, and finds nothing',
		async (_name, scenario) => {
			const logsFrom = capturedLogs.length;
			const run = await runScenario(scenario, onError);
			// The run failed the item (that is the path under test) ...
			if (onError === 'stopWorkflow') {
				expect(run.status).toBe('error');
				expect(run.nodeError(run.nodeName)).toBeDefined();
			} else {
				expect(run.errors).toHaveLength(1);
			}
			// ... the harness scan passed (runNode would have thrown), and neither do the tokens issued, the
			// client JWTs sent or the secrets themselves appear anywhere, nor in the logs.
			const data = laserficheCredentials(lf, scenario.mode, scenario.credential?.() ?? {}).lf.data;
			const own = ['servicePrincipalSecretKey', 'accessKeySecret', 'password', 'accessToken'].map(
				(key) => String(data[key] ?? ''),
			);
			scanRun(run, [...laserficheWireSecrets(lf), ...own], logsFrom);

			// The scan did look at this error: each of its texts, declared a secret, fails the run.
			const canaries = visibleFailureTexts(run);
			expect(canaries.length).toBeGreaterThan(0);
			for (const canary of canaries) {
				await expect(runScenario(scenario, onError, [canary])).rejects.toThrow(SCAN_FAILURE);
			}
		},
	);
});

describe('Laserfiche secrets planted where they must be caught', () => {
	it.each([
		['the service principal key', () => lf.cloud.servicePrincipalKey],
		[
			'the service principal key in base-64',
			() => Buffer.from(lf.cloud.servicePrincipalKey).toString('base64'),
		],
		[
			'the private key (d) inside the access key',
			() =>
				(
					JSON.parse(Buffer.from(lf.cloud.accessKey, 'base64').toString('utf8')) as {
						jwk: { d: string };
					}
				).jwk.d,
		],
	])(
		'%s echoed in a ProblemDetails title is caught (error item and Stop Workflow)',
		async (_label, secret) => {
			for (const onError of ['continueErrorOutput', 'stopWorkflow'] as const) {
				await lf.reset();
				lf.faults.add({
					kind: 'status',
					status: 400,
					title: `Bad request from ${secret()}`,
					method: 'GET',
					pathPattern: /\/Entries\/1$/,
				});
				await expect(runLaserfiche(lf, CLOUD, getEntry, { onError })).rejects.toThrow(SCAN_FAILURE);
			}
		},
	);

	it('the self-hosted password echoed by the token endpoint is caught', async () => {
		lf.faults.add({
			kind: 'status',
			status: 400,
			title: `password ${lf.selfHosted.password} refused`,
			method: 'POST',
			pathPattern: /\/Token$/,
		});
		await expect(
			runLaserfiche(lf, SELF_HOSTED_V1, getEntry, { onError: 'stopWorkflow' }),
		).rejects.toThrow(SCAN_FAILURE);
	});

	it('an access token persisted by an earlier run and echoed in an error is caught', async () => {
		const store = new CredentialStore();
		const first = await runLaserfiche(lf, CLOUD, getEntry, { store });
		expect(first.success).toHaveLength(1);
		const token = String(store.get('lf').accessToken);
		expect(token.length).toBeGreaterThan(20);
		lf.faults.add({
			kind: 'status',
			status: 409,
			title: `token ${token} conflicts`,
			method: 'GET',
			pathPattern: /\/Entries\/1$/,
		});
		await expect(
			runLaserfiche(lf, CLOUD, getEntry, {
				store,
				credentials: { lf: { type: 'laserficheCloudApi', data: store.get('lf') } },
			}),
		).rejects.toThrow(SCAN_FAILURE);
	});

	it('a secret written to the logs during a run is caught', async () => {
		const restore = onLaserficheRequest(lf, 'GET', /\/Entries\/1$/, 1, () =>
			LoggerProxy.warn(`debug dump: ${lf.selfHosted.password}`),
		);
		try {
			await expect(runLaserfiche(lf, SELF_HOSTED_V1, getEntry)).rejects.toThrow(
				/Secret scan: .* appears in the logs/,
			);
		} finally {
			restore();
		}
	});
});

describe('Laserfiche credential Test button: failures name the problem, never a secret', () => {
	it.each([
		[
			'Cloud, wrong service principal key',
			'laserficheCloudApi',
			() => ({
				...cloudData(lf),
				servicePrincipalSecretKey: 'wrong-service-principal-key-0123456789',
			}),
			/Service Principal Key/,
		],
		[
			'Cloud, access key of another app',
			'laserficheCloudApi',
			() => ({ ...cloudData(lf), accessKeySecret: otherAppAccessKey() }),
			/rejected|invalid_client/,
		],
		[
			'Cloud, malformed access key',
			'laserficheCloudApi',
			() => ({ ...cloudData(lf), accessKeySecret: Buffer.from('{"jwk": 1}').toString('base64') }),
			/Access Key|jwk/i,
		],
		[
			'self-hosted, wrong password',
			'laserficheSelfHostedApi',
			() => ({ ...selfHostedData(lf), password: 'Wrong-Password-123!' }),
			/username or password/,
		],
		[
			'self-hosted, token endpoint answering 500',
			'laserficheSelfHostedApi',
			() => {
				lf.faults.add({
					kind: 'status',
					status: 500,
					method: 'POST',
					pathPattern: /\/Token$/,
					times: -1,
				});
				return selfHostedData(lf);
			},
			/500|refused/,
		],
	] as const)('%s', async (_label, type, data, expected) => {
		const logsFrom = capturedLogs.length;
		const credential = data() as ICredentialDataDecryptedObject;
		const result = await testCredential(type, credential);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(expected);
		const secrets = [
			...laserficheWireSecrets(lf),
			String(credential.servicePrincipalSecretKey ?? ''),
			String(credential.password ?? ''),
		];
		const scanner = new SecretScanner();
		scanner.add(secrets.filter((secret) => secret.length >= 8));
		scanner.assertClean('the Test button result', result);
		scanner.assertClean('the logs', capturedLogs.slice(logsFrom));
	});
});
