/**
 * The Files.com Instant Trigger through n8n-core's real HookContext and WebhookContext (test/harness/
 * run-webhook.ts) against the emulator's webhook behaviors: activation adds one behavior (POST, form body,
 * a secret header) and finds it again instead of adding a second; each event starts one run with the right
 * item; a forged or repeated delivery starts nothing; patterns and subfolders reach Files.com; Download
 * File streams the file; deactivation removes the behavior; a webhook URL Files.com refuses fails the
 * activation with its error document and a hint.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readBinary, startWebhookTrigger } from '../harness';
import type { WebhookTrigger } from '../harness';
import type { FilesComEmulator } from './helpers';
import { credentialsFor, folder, startEmulator } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { filesComCall, uploadText } =
	require('../support/filescom-client') as typeof import('../support/filescom-client');

let emulator: FilesComEmulator;

beforeAll(async () => {
	emulator = await startEmulator({ allowLocalWebhooks: true, webhookRetryMs: 20 });
});
afterAll(async () => await emulator.stop());

const api = async (method: string, path: string, body?: unknown, on: FilesComEmulator = emulator) =>
	await filesComCall(on, method, path, body);
const upload = async (path: string, content: string) => await uploadText(emulator, path, content);

/** Waits until the emulator's deliveries under way have ended (its control endpoint). */
async function delivered(): Promise<IDataObject[]> {
	return (await (await fetch(`${emulator.baseUrl}/__emulator/webhooks`)).json()) as IDataObject[];
}

const behaviors = async () => (await api('GET', '/behaviors')).body as IDataObject[];

/** Every trigger a test starts; each is stopped after the test. */
const hooks: WebhookTrigger[] = [];
async function trigger(
	parameters: INodeParameters,
	{ staticData = {}, on = emulator }: { staticData?: IDataObject; on?: FilesComEmulator } = {},
) {
	const hook = await startWebhookTrigger({
		node: { type: 'filesComInstantTrigger', parameters, credentials: { filesComApi: 'c1' } },
		credentials: credentialsFor(on),
		staticData,
	});
	hooks.push(hook);
	return hook;
}

beforeEach(async () => {
	await emulator.reset();
	await api('POST', '/folders/inbox', {});
});
afterEach(async () => {
	for (const hook of hooks.splice(0)) await hook.stop();
});

describe('Files.com Instant Trigger', () => {
	it('activation adds one webhook behavior on the folder (POST, form body, a secret header, the chosen triggers)', async () => {
		const t = await trigger({ events: ['created', 'deleted'], path: folder('/inbox') });
		expect(await t.activate()).toEqual({ existed: false });
		const [behavior] = await behaviors();
		expect(behavior).toMatchObject({
			path: 'inbox',
			behavior: 'webhook',
			recursive: true,
			value: {
				urls: [t.url],
				method: 'POST',
				encoding: 'RAW',
				triggers: ['create', 'destroy'],
			},
		});
		const secret = (t.staticData['node:filesComInstantTrigger'] as IDataObject).secret as string;
		expect(secret).toMatch(/^[0-9a-f]{48}$/);
		expect((behavior.value as IDataObject).headers).toEqual({ 'X-N8n-Webhook-Check': secret });
		// Activated again: the behavior is found, not added twice; also when the static data was lost
		// (found on the folder by n8n's webhook URL, its secret read back).
		expect(await t.activate()).toEqual({ existed: true });
		delete t.staticData['node:filesComInstantTrigger'];
		expect(await t.activate()).toEqual({ existed: true });
		expect((t.staticData['node:filesComInstantTrigger'] as IDataObject).secret).toBe(secret);
		expect(await behaviors()).toHaveLength(1);
		// Other events asked for: the outdated behavior is replaced, not kept beside the new one.
		const changed = await trigger(
			{ events: ['created'], path: folder('/inbox') },
			{ staticData: t.staticData },
		);
		await changed.activate();
		const [replaced, ...others] = await behaviors();
		expect(others).toEqual([]);
		expect(replaced.id).not.toBe(behavior.id);
		expect((replaced.value as IDataObject).triggers).toEqual(['create']);
		await t.deactivate();
		expect(await behaviors()).toEqual([]);
	});

	it('each chosen event starts one run with the event, path, destination, type, interface, user and time', async () => {
		const t = await trigger({
			events: ['created', 'updated', 'moved', 'copied', 'deleted', 'downloaded'],
			path: folder('/inbox'),
		});
		await t.activate();
		await upload('inbox/a.txt', 'one');
		await upload('inbox/a.txt', 'two');
		await api('GET', '/files/inbox/a.txt');
		await api('POST', '/file_actions/copy/inbox/a.txt', { destination: 'inbox/b.txt' });
		await api('POST', '/file_actions/move/inbox/b.txt', { destination: 'inbox/c.txt' });
		await api('DELETE', '/files/inbox/c.txt');
		await delivered();
		const runs = await t.waitForRuns(6);
		expect(runs.map((r) => r.error)).toEqual(Array(6).fill(undefined));
		const items = runs.map((r) => r.items?.[0].json);
		expect(items.map((j) => `${j?.event} ${j?.path} ${j?.destination}`)).toEqual([
			'created inbox/a.txt null',
			'updated inbox/a.txt null',
			'downloaded inbox/a.txt null',
			'copied inbox/a.txt inbox/b.txt',
			'moved inbox/b.txt inbox/c.txt',
			'deleted inbox/c.txt null',
		]);
		expect(items[0]).toMatchObject({ type: 'file', interface: 'restapi', at: expect.any(String) });
		expect(JSON.stringify(items)).not.toContain(
			(t.staticData['node:filesComInstantTrigger'] as IDataObject).secret as string,
		);
		await t.deactivate();
	});

	it('a delivery without the secret header gets 401 and starts nothing; a repeated one starts nothing', async () => {
		const t = await trigger({ events: ['created'], path: folder('/inbox') });
		await t.activate();
		const forged = await fetch(t.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'X-N8n-Webhook-Check': 'guess',
			},
			body: 'action=create&path=/inbox/evil.txt&type=file',
		});
		expect(forged.status).toBe(401);
		const secret = (t.staticData['node:filesComInstantTrigger'] as IDataObject).secret as string;
		const body = 'action=create&path=/inbox/x.txt&type=file&at=2026-12-03T10:00:00Z&interface=web';
		const send = async () =>
			await fetch(t.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'X-N8n-Webhook-Check': secret,
				},
				body,
			});
		expect((await send()).status).toBe(200);
		expect((await send()).status).toBe(200);
		const runs = await t.waitForRuns(3);
		expect(runs.map((r) => [r.status, r.items?.length ?? 0])).toEqual([
			[401, 0],
			[200, 1],
			[200, 0],
		]);
	});

	it('file-name patterns and Include Subfolders go to Files.com, which filters the deliveries', async () => {
		const t = await trigger({
			events: ['created'],
			path: folder('/inbox'),
			includeSubfolders: false,
			options: { fileNames: '*.pdf, invoice*', excludeFileNames: '*draft*' },
		});
		await t.activate();
		const [behavior] = await behaviors();
		expect(behavior).toMatchObject({
			recursive: false,
			value: { triggering_filenames: ['*.pdf', 'invoice*'], exclude_filenames: ['*draft*'] },
		});
		await upload('inbox/a.pdf', '1');
		await upload('inbox/a.txt', '2');
		await upload('inbox/a-draft.pdf', '3');
		await upload('inbox/sub/b.pdf', '4');
		await delivered();
		const runs = await t.waitForRuns(1);
		expect(runs.map((r) => r.items?.[0].json.path)).toEqual(['inbox/a.pdf']);
	});

	it('Download File: a created file arrives as binary data, byte for byte', async () => {
		const t = await trigger({
			events: ['created'],
			path: folder('/inbox'),
			options: { downloadFile: true, binaryPropertyName: 'file' },
		});
		await t.activate();
		await upload('inbox/report.csv', 'a,b\n1,2\n');
		await delivered();
		const [run] = await t.waitForRuns(1);
		expect(run.error).toBeUndefined();
		const item = run.items![0];
		expect(item.json).toMatchObject({ event: 'created', path: 'inbox/report.csv', size: 8 });
		expect((await readBinary(item, 'file')).toString()).toBe('a,b\n1,2\n');
	});

	it.each(['leading-slash', 'relative'] as const)(
		'reads paths with webhookPathStyle %s the same way',
		async (webhookPathStyle) => {
			const other = await startEmulator({ allowLocalWebhooks: true, webhookPathStyle });
			try {
				const t = await trigger({ events: ['created'], path: folder('/') }, { on: other });
				await t.activate();
				other.writeFile('x.txt', 'seed');
				expect((await api('POST', '/folders/made', undefined, other)).status).toBe(201);
				await fetch(`${other.baseUrl}/__emulator/webhooks`);
				const [run] = await t.waitForRuns(1);
				expect(run.items?.[0].json).toMatchObject({
					event: 'created',
					path: 'made',
					type: 'folder',
				});
			} finally {
				await other.stop();
			}
		},
	);

	it('no event chosen: activation fails naming the field, before any request', async () => {
		const t = await trigger({ events: [], path: folder('/inbox') });
		const from = emulator.requests.length;
		await expect(t.activate()).rejects.toThrow('Events: choose at least one event');
		expect(emulator.requests.slice(from)).toEqual([]);
	});

	it("a webhook URL Files.com refuses fails the activation with Files.com's error document and a WEBHOOK_URL hint", async () => {
		const strict = await startEmulator();
		try {
			const t = await trigger({ events: ['created'], path: folder('/') }, { on: strict });
			const failure = await t.activate().then(
				() => undefined,
				(error: unknown) =>
					error as { description?: string; context?: IDataObject; httpCode?: string },
			);
			expect(failure).toBeDefined();
			expect(failure!.httpCode).toBe('422');
			expect(JSON.stringify(failure!.context)).toContain('processing-failure/model-save-error');
			expect(failure!.description).toContain('is a local address');
			expect(failure!.description).toContain('WEBHOOK_URL');
		} finally {
			await strict.stop();
		}
	});
});
