/**
 * The Files.com emulator's folder behaviors and webhook deliveries (behaviors.js, webhooks.js; sources in
 * test/emulators/filescom/WEBHOOKS.md), over real HTTP: the `/behaviors` endpoints checked against the
 * official Swagger document, the documented URL rules enforced by default, and one delivery per matching
 * file action to a local receiver, with the documented parameters, custom headers and retries.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { checkResponse } from '../harness/contract';
import type { FilesComEmulator } from './filescom';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFilesComEmulator } = require('./filescom') as typeof import('./filescom');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const API = '/api/rest/v1';

interface Received {
	method: string;
	url: URL;
	headers: IncomingMessage['headers'];
	body: string;
}

/** A local webhook receiver: records every request; answers `status()` (200 by default). */
async function startReceiver(): Promise<{
	url: string;
	received: Received[];
	status: (n: number) => number;
	answer: (fn: (n: number) => number) => void;
	stop: () => Promise<void>;
}> {
	const received: Received[] = [];
	let status = (_n: number) => 200;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				method: req.method ?? '',
				url: new URL(req.url ?? '/', 'http://receiver'),
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.statusCode = status(received.length);
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		received,
		status: (n) => status(n),
		answer: (fn) => (status = fn),
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

let emu: FilesComEmulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const contractFailures: string[] = [];

async function call(
	method: string,
	path: string,
	body?: unknown,
	target: FilesComEmulator = emu,
): Promise<{ status: number; body: Json; text: string }> {
	const url = `${target.baseUrl}${API}${path}`;
	const headers: Record<string, string> = { 'X-FilesAPI-Key': target.apiKey };
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(url, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	const parsed = text ? JSON.parse(text) : undefined;
	if (!path.startsWith('/files/') || method !== 'POST') {
		const result = checkResponse(
			'filescom',
			{ method, url, headers, body },
			{ status: res.status, headers: Object.fromEntries(res.headers), body: parsed },
		);
		if (!result.ok) contractFailures.push(`${method} ${path}: ${result.errors.join('; ')}`);
	}
	return { status: res.status, body: parsed, text };
}

async function upload(target: FilesComEmulator, path: string, content: string) {
	const begin = await call(
		'POST',
		`/file_actions/begin_upload/${path}`,
		{ mkdir_parents: true },
		target,
	);
	const put = await fetch(begin.body[0].upload_uri, { method: 'PUT', body: content });
	expect(put.status).toBe(200);
	const end = await call(
		'POST',
		`/files/${path}`,
		{
			action: 'end',
			ref: begin.body[0].ref,
			etags: [{ part: '1', etag: put.headers.get('etag') }],
		},
		target,
	);
	expect([200, 201]).toContain(end.status);
}

async function deliveries(target: FilesComEmulator = emu): Promise<Json[]> {
	const res = await fetch(`${target.baseUrl}/__emulator/webhooks`);
	return (await res.json()) as Json[];
}

beforeAll(async () => {
	emu = await startFilesComEmulator({ port: 0, allowLocalWebhooks: true, webhookRetryMs: 20 });
	receiver = await startReceiver();
});
afterAll(async () => {
	await receiver.stop();
	await emu.stop();
});
beforeEach(async () => {
	await emu.reset();
	receiver.received.length = 0;
	receiver.answer(() => 200);
});
afterEach(() => {
	expect(contractFailures.splice(0)).toEqual([]);
});

describe('Files.com emulator: /behaviors', () => {
	it('creates, reads, lists (all and per folder), updates and deletes a webhook behavior', async () => {
		await call('POST', '/folders/watched', {});
		await call('POST', '/folders/watched/sub', {});
		const created = await call('POST', '/behaviors', {
			path: 'watched',
			behavior: 'webhook',
			value: { urls: [receiver.url], method: 'POST', triggers: ['create'] },
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			id: expect.any(Number),
			path: 'watched',
			behavior: 'webhook',
			value: { urls: [receiver.url], method: 'POST', triggers: ['create'] },
		});
		const id = created.body.id;
		expect((await call('GET', `/behaviors/${id}`)).body).toEqual(created.body);
		expect((await call('GET', '/behaviors')).body.map((b: Json) => b.id)).toEqual([id]);
		expect((await call('GET', '/behaviors/folders/watched')).body.map((b: Json) => b.id)).toEqual([
			id,
		]);
		expect((await call('GET', '/behaviors/folders/watched/sub')).body).toEqual([]);
		expect(
			(await call('GET', '/behaviors/folders/watched/sub?ancestor_behaviors=true')).body.map(
				(b: Json) => b.id,
			),
		).toEqual([id]);
		// `value` as a JSON-encoded string (BehaviorEntity.value: "nested JSON or a single JSON-encoded string").
		const updated = await call('PATCH', `/behaviors/${id}`, {
			value: JSON.stringify({ urls: [receiver.url], triggers: ['destroy'] }),
		});
		expect(updated.status).toBe(200);
		expect(updated.body.value).toEqual({ urls: [receiver.url], triggers: ['destroy'] });
		const removed = await call('DELETE', `/behaviors/${id}`);
		expect(removed.status).toBe(204);
		expect(removed.text).toBe('');
		expect((await call('GET', `/behaviors/${id}`)).status).toBe(404);
	});

	it('requires path and behavior; refuses a behavior type the spec does not list', async () => {
		expect((await call('POST', '/behaviors', { behavior: 'webhook' })).body.type).toBe(
			'bad-request/request-params-required',
		);
		expect((await call('POST', '/behaviors', { path: 'x' })).body.type).toBe(
			'bad-request/request-params-required',
		);
		expect((await call('POST', '/behaviors', { path: '', behavior: 'teleport' })).body.type).toBe(
			'bad-request/request-params-invalid',
		);
	});

	it('the webhook test endpoint sends one request and answers 200 with a status document', async () => {
		const res = await call('POST', '/behaviors/webhook/test', {
			url: receiver.url,
			method: 'POST',
			encoding: 'JSON',
			headers: { 'x-test-header': 'testvalue' },
			body: { 'test-param': 'testvalue' },
		});
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ code: 200 });
		expect(receiver.received).toHaveLength(1);
		expect(receiver.received[0].headers['x-test-header']).toBe('testvalue');
		expect(JSON.parse(receiver.received[0].body)).toEqual({
			'test-param': 'testvalue',
			action: 'test',
		});
	});
});

describe("Files.com emulator: option webhookTestAnswer 'empty'", () => {
	it("the webhook test endpoint answers 200 with no body, as Files.com's mock server", async () => {
		const mock = await startFilesComEmulator({
			port: 0,
			allowLocalWebhooks: true,
			webhookTestAnswer: 'empty',
		});
		try {
			const res = await call('POST', '/behaviors/webhook/test', { url: receiver.url }, mock);
			expect(res.status).toBe(200);
			expect(res.text).toBe('');
			expect(receiver.received).toHaveLength(1);
			// The spec documents a StatusEntity body: the empty answer is the mock's, and the contract says so.
			expect(contractFailures.splice(0)).toEqual([
				expect.stringContaining('response.body: missing, but the response documents a JSON body'),
			]);
		} finally {
			await mock.stop();
		}
	});
});

describe('Files.com emulator: the documented webhook URL rules (no opt-out)', () => {
	let strict: FilesComEmulator;
	beforeAll(async () => {
		strict = await startFilesComEmulator({ port: 0 });
	});
	afterAll(async () => await strict.stop());

	it.each([
		['a loopback address', 'http://127.0.0.1:8080/hook'],
		['localhost', 'https://localhost/hook'],
		['a private address', 'http://192.168.1.20/hook'],
		['a port other than 80, 443, 8080, 8443', 'https://hooks.example.com:5678/webhook/x'],
	])('refuses %s with a model-save-error document', async (_label, url) => {
		const res = await call(
			'POST',
			'/behaviors',
			{ path: '', behavior: 'webhook', value: { urls: [url] } },
			strict,
		);
		expect(res.status).toBe(422);
		expect(res.body).toMatchObject({
			type: 'processing-failure/model-save-error',
			'http-code': 422,
			model_errors: { value: [expect.stringContaining(url)] },
		});
	});

	it('accepts a public address on an allowed port', async () => {
		const res = await call(
			'POST',
			'/behaviors',
			{
				path: '',
				behavior: 'webhook',
				value: { urls: ['https://hooks.example.com:8443/webhook/x'] },
			},
			strict,
		);
		expect(res.status).toBe(201);
	});

	it("option refusedWebhookUrl 'accepted': saved, and every delivery to it fails without a request", async () => {
		const lax = await startFilesComEmulator({ port: 0, refusedWebhookUrl: 'accepted' });
		try {
			const res = await call(
				'POST',
				'/behaviors',
				{ path: '', behavior: 'webhook', value: { urls: [receiver.url] } },
				lax,
			);
			expect(res.status).toBe(201);
			await call('POST', '/folders/made', {}, lax);
			const [delivery] = await deliveries(lax);
			expect(delivery.delivered).toBe(false);
			expect(delivery.attempts[0].error).toMatch(/not delivered: port \d+/);
			expect(receiver.received).toEqual([]);
		} finally {
			await lax.stop();
		}
	});
});

describe('Files.com emulator: webhook deliveries', () => {
	async function watch(value: Json, extra: Json = {}) {
		const res = await call('POST', '/behaviors', {
			path: 'watched',
			behavior: 'webhook',
			value: { urls: [receiver.url], ...value },
			...extra,
		});
		expect(res.status).toBe(201);
		return res.body.id as number;
	}
	beforeEach(async () => {
		await call('POST', '/folders/watched', {});
	});

	it('GET (the default): one request per action, the event in the query string', async () => {
		await watch({});
		await upload(emu, 'watched/a.txt', 'one');
		await upload(emu, 'watched/a.txt', 'two');
		await call('GET', '/files/watched/a.txt');
		await call('POST', '/file_actions/copy/watched/a.txt', { destination: 'watched/b.txt' });
		await call('POST', '/file_actions/move/watched/b.txt', { destination: 'watched/c.txt' });
		await call('DELETE', '/files/watched/c.txt');
		const all = await deliveries();
		expect(all.every((d) => d.delivered)).toBe(true);
		const seen = receiver.received.map((r) => {
			expect(r.method).toBe('GET');
			expect(r.headers['user-agent']).toBe('Files.com Webhook');
			const q = Object.fromEntries(r.url.searchParams);
			// The site-wide key belongs to no user: no username.
			return `${q.action} ${q.path} ${q.destination} ${q.type} ${q.interface} ${q.username}`;
		});
		expect(seen).toEqual([
			'create /watched/a.txt  file restapi ',
			'update /watched/a.txt  file restapi ',
			'read /watched/a.txt  file restapi ',
			'copy /watched/a.txt /watched/b.txt file restapi ',
			'move /watched/b.txt /watched/c.txt file restapi ',
			'destroy /watched/c.txt  file restapi ',
		]);
		expect(receiver.received[0].url.searchParams.get('at')).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
		);
	});

	it('POST with RAW (form body) and JSON, custom headers and body params; triggers filter', async () => {
		await watch({
			method: 'POST',
			triggers: ['create'],
			headers: { 'X-Secret': 's3cret' },
			body: { extra: 'yes' },
		});
		await watch({ method: 'POST', encoding: 'JSON', triggers: ['create'] });
		await upload(emu, 'watched/a.txt', 'one');
		await call('DELETE', '/files/watched/a.txt');
		await deliveries();
		expect(receiver.received).toHaveLength(2);
		const [json, raw] = [...receiver.received].sort((a, b) =>
			String(a.headers['content-type']).localeCompare(String(b.headers['content-type'])),
		);
		expect(json.headers['content-type']).toBe('application/json');
		expect(JSON.parse(json.body)).toMatchObject({ action: 'create', path: '/watched/a.txt' });
		expect(raw.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(raw.headers['x-secret']).toBe('s3cret');
		expect(Object.fromEntries(new URLSearchParams(raw.body))).toMatchObject({
			action: 'create',
			path: '/watched/a.txt',
			extra: 'yes',
		});
	});

	it('file-name patterns (exclude wins) and subfolders (recursive, or not)', async () => {
		await watch({ triggering_filenames: ['*.pdf', 'in?oice*'], exclude_filenames: ['*draft*'] });
		await upload(emu, 'watched/a.pdf', '1');
		await upload(emu, 'watched/a.txt', '2');
		await upload(emu, 'watched/INVOICE-1.csv', '3');
		await upload(emu, 'watched/a-draft.pdf', '4');
		await upload(emu, 'watched/deep/b.pdf', '5');
		await deliveries();
		expect(receiver.received.map((r) => r.url.searchParams.get('path'))).toEqual([
			'/watched/a.pdf',
			'/watched/INVOICE-1.csv',
			'/watched/deep/b.pdf',
		]);
		await emu.reset();
		await call('POST', '/folders/watched', {});
		receiver.received.length = 0;
		await watch({}, { recursive: false });
		await upload(emu, 'watched/top.txt', '1');
		await upload(emu, 'watched/deep/b.txt', '2');
		await deliveries();
		expect(receiver.received.map((r) => r.url.searchParams.get('path'))).toEqual([
			'/watched/top.txt',
		]);
	});

	it('a non-2xx answer is delivered again, a bounded number of times', async () => {
		await watch({ triggers: ['create'] });
		receiver.answer((n) => (n === 1 ? 500 : 200));
		await upload(emu, 'watched/a.txt', 'one');
		let [delivery] = await deliveries();
		expect(delivery.attempts.map((a: Json) => a.status)).toEqual([500, 200]);
		expect(delivery.delivered).toBe(true);
		receiver.answer(() => 503);
		await upload(emu, 'watched/b.txt', 'two');
		delivery = (await deliveries())[1];
		expect(delivery.attempts.map((a: Json) => a.status)).toEqual([503, 503, 503]);
		expect(delivery.delivered).toBe(false);
	});

	it("option webhookPathStyle 'relative': paths without the leading slash", async () => {
		const relative = await startFilesComEmulator({
			port: 0,
			allowLocalWebhooks: true,
			webhookPathStyle: 'relative',
		});
		try {
			await call('POST', '/folders/watched', {}, relative);
			await call(
				'POST',
				'/behaviors',
				{ path: 'watched', behavior: 'webhook', value: { urls: [receiver.url] } },
				relative,
			);
			await upload(relative, 'watched/a.txt', 'one');
			await deliveries(relative);
			expect(receiver.received.map((r) => r.url.searchParams.get('path'))).toEqual([
				'watched/a.txt',
			]);
		} finally {
			await relative.stop();
		}
	});
});
