/**
 * Secret scan of the Files.com paths most likely to leak: 401 on the API key (invalid, revoked mid-run,
 * disabled), stream errors while a file is downloaded or uploaded, and errors under "Stop Workflow"
 * with their description and stack.
 *
 * The harness scans every run (outputs, error items, node and execution errors with every property,
 * captured logs) for every credential secret and its base-64 forms. These tests prove that the scan
 * covers each path (the API key planted in an error document or in the logs is caught; a canary taken
 * from the real error's message, description and stack is caught when declared a secret), then that
 * the real runs are clean.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import type { NodeRun, OnError } from '../harness';
import { testCredential } from '../harness';
import type { FilesComEmulator } from './helpers';
import {
	capturedLogs,
	filesComCredentials,
	onFilesComRequest,
	runFilesCom,
	scanRun,
	startFilesCom,
} from './helpers';

let emu: FilesComEmulator;

beforeAll(async () => {
	emu = await startFilesCom();
});
afterAll(async () => await emu.stop());

const SCAN_FAILURE = /Secret scan: a credential secret/;
const getFile: INodeParameters = {
	resource: 'file',
	operation: 'get',
	path: '/Documents/notes.txt',
};
const download: INodeParameters = {
	resource: 'file',
	operation: 'download',
	path: '/Documents/notes.txt',
	binaryPropertyName: 'data',
};
const upload: INodeParameters = {
	resource: 'file',
	operation: 'upload',
	path: { __rl: true, mode: 'path', value: '/Documents' },
	binaryPropertyName: 'data',
	options: {},
};
const fileItem = [
	{
		json: {},
		binary: {
			data: { content: 'y'.repeat(32 * 1024), fileName: 'leak.txt', mimeType: 'text/plain' },
		},
	},
];

interface Scenario {
	name: string;
	parameters: INodeParameters;
	apiKey?: () => string;
	input?: typeof fileItem | Array<{ json: IDataObject }>;
	arm?: () => void;
	/** Slow scenarios (retries with back-off) check one canary, the message, instead of each text. */
	oneCanary?: boolean;
}

const SCENARIOS: Scenario[] = [
	{ name: 'an invalid API key (401)', parameters: getFile, apiKey: () => 'f'.repeat(64) },
	{
		name: 'a disabled API key (403 api-key-is-disabled)',
		parameters: getFile,
		apiKey: () => emu.createApiKey({ name: 'disabled', permission_set: 'none' }).key,
	},
	{
		name: 'an API key that expired',
		parameters: getFile,
		apiKey: () => emu.createApiKey({ name: 'expired', expires_at: '2000-01-01T00:00:00Z' }).key,
	},
	{
		name: 'a download cut in the middle of the body every time',
		parameters: download,
		arm: () =>
			emu.faults.add({
				kind: 'reset',
				afterBytes: 3,
				method: 'GET',
				pathPattern: /^\/__files\/download\//,
				times: -1,
			}),
	},
	{
		name: 'an upload part cut while it is sent every time',
		parameters: upload,
		input: fileItem,
		arm: () =>
			emu.faults.add({
				kind: 'reset',
				afterBytes: 1000,
				phase: 'request',
				method: 'PUT',
				pathPattern: /^\/__files\/upload\//,
				times: -1,
			}),
		oneCanary: true,
	},
	{
		name: 'an upload whose completion is refused (500 edge page)',
		parameters: upload,
		input: fileItem,
		arm: () =>
			emu.faults.add({
				kind: 'status',
				status: 500,
				method: 'POST',
				pathPattern: /\/api\/rest\/v1\/files\//,
				times: -1,
			}),
	},
];

async function runScenario(
	scenario: Scenario,
	apiKey: string,
	onError: OnError,
	secrets?: string[],
): Promise<NodeRun> {
	emu.faults.clear();
	scenario.arm?.();
	return await runFilesCom(emu, scenario.parameters, {
		onError,
		input: scenario.input ?? [{ json: {} }],
		credentials: filesComCredentials(emu, apiKey),
		secrets,
	});
}

function visibleFailureTexts(run: NodeRun): string[] {
	const nodeError = run.nodeError(run.nodeName) as
		| { message?: string; description?: string; stack?: string }
		| undefined;
	if (nodeError) {
		const stackLine = String(nodeError.stack ?? '')
			.split('\n')
			.find((line) => line.trim().startsWith('at '));
		return [nodeError.message, nodeError.description, stackLine?.trim()]
			.filter((text): text is string => typeof text === 'string' && text.length >= 8)
			.map((text) => text.slice(0, 40));
	}
	return [String(run.errors[0]?.json.message ?? '').slice(0, 40)].filter(
		(text) => text.length >= 8,
	);
}

describe.each([
	['Stop Workflow', 'stopWorkflow'],
	['Continue (using error output)', 'continueErrorOutput'],
] as const)('Files.com secret scan under %s', (_label, onError) => {
	it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
		'%s: the scan covers the error, and finds nothing',
		async (_name, scenario) => {
			const apiKey = scenario.apiKey?.() ?? emu.apiKey;
			const logsFrom = capturedLogs.length;
			const run = await runScenario(scenario, apiKey, onError);
			if (onError === 'stopWorkflow') expect(run.status).toBe('error');
			else expect(run.errors).toHaveLength(1);
			scanRun(run, [apiKey, emu.apiKey, emu.userApiKey], logsFrom);
			const canaries = visibleFailureTexts(run);
			expect(canaries.length).toBeGreaterThan(0);
			for (const canary of scenario.oneCanary ? canaries.slice(0, 1) : canaries) {
				await expect(runScenario(scenario, apiKey, onError, [canary])).rejects.toThrow(
					SCAN_FAILURE,
				);
			}
		},
	);
});

describe('Files.com secrets planted where they must be caught', () => {
	afterEach(() => emu.faults.clear());

	it.each([
		['the API key', () => emu.apiKey],
		['the API key in base-64', () => Buffer.from(emu.apiKey).toString('base64')],
		['the API key in base-64url', () => Buffer.from(emu.apiKey).toString('base64url')],
	])(
		'%s echoed in an error document is caught (error item and Stop Workflow)',
		async (_label, secret) => {
			for (const onError of ['continueErrorOutput', 'stopWorkflow'] as const) {
				emu.faults.add({
					kind: 'status',
					status: 422,
					type: 'bad-request/invalid-path',
					message: `Cannot use ${secret()} here`,
					method: 'GET',
				});
				await expect(runFilesCom(emu, getFile, { onError })).rejects.toThrow(SCAN_FAILURE);
			}
		},
	);

	it('the API key echoed in a successful answer is caught in the output items', async () => {
		const { key, id } = emu.createApiKey({ name: 'echo' });
		// The key's own description holds the credential's key: getCurrent outputs it.
		emu.state.accounts.keys.get(id).description = `backup of ${key}`;
		await expect(
			runFilesCom(
				emu,
				{ resource: 'apiKey', operation: 'getCurrent' },
				{ credentials: filesComCredentials(emu, key) },
			),
		).rejects.toThrow(/Secret scan: .* appears in the run data/);
	});

	it('the API key written to the logs during a run is caught', async () => {
		const restore = onFilesComRequest(emu, 'GET', /notes\.txt/, 1, () =>
			LoggerProxy.info(`request headers: X-FilesAPI-Key=${emu.apiKey}`),
		);
		try {
			await expect(runFilesCom(emu, getFile)).rejects.toThrow(
				/Secret scan: .* appears in the logs/,
			);
		} finally {
			restore();
		}
	});
});

describe('Files.com API key revoked in the middle of a run: no key in any item or log', () => {
	it('every item after the revocation fails cleanly, and the scan finds nothing', async () => {
		const { key, id } = emu.createApiKey({ name: 'revoked' });
		const logsFrom = capturedLogs.length;
		const restore = onFilesComRequest(emu, 'GET', /notes\.txt/, 2, () =>
			emu.state.accounts.deleteKey(emu.state.accounts.keys.get(id)),
		);
		try {
			const run = await runFilesCom(emu, getFile, {
				input: [{ json: {} }, { json: {} }, { json: {} }],
				credentials: filesComCredentials(emu, key),
			});
			expect(run.success).toHaveLength(1);
			expect(run.errors).toHaveLength(2);
			scanRun(run, [key], logsFrom);
		} finally {
			restore();
		}
	});
});

describe('Files.com credential Test button: failures name the problem, never the key', () => {
	it.each([
		['an invalid key', () => 'e'.repeat(64), /invalid or was revoked/],
		[
			'a disabled key',
			() => emu.createApiKey({ name: 'disabled-test', permission_set: 'none' }).key,
			/disabled/,
		],
	])('%s', async (_label, key, expected) => {
		const apiKey = key();
		const result = await testCredential('filesComApi', { apiKey, siteUrl: emu.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(expected);
		expect(result.message).not.toContain(apiKey);
	});
});
