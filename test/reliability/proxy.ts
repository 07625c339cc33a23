/**
 * A tiny HTTP proxy on 127.0.0.1 in front of an emulator, for integrity tests: it forwards every
 * request unchanged (Host header included, so links the emulator builds point back at the proxy) and
 * can change, for matching requests, the request body on its way in (a flipped byte: corruption in
 * transit) or the response body on its way out (cut short with a clean end and no Content-Length, or a
 * flipped byte). Bodies are small in these tests and held in memory.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BodyChange = 'flipByte' | 'truncateHalf';

export interface ProxyRule {
	method?: string;
	pattern: RegExp;
	request?: BodyChange;
	response?: BodyChange;
	/** How many matching requests to change (default: all). */
	times?: number;
}

export interface Proxy {
	baseUrl: string;
	/** Requests changed so far, by rule index. */
	changed: number[];
	rules: ProxyRule[];
	stop(): Promise<void>;
}

function change(body: Buffer, how: BodyChange): Buffer {
	if (body.length === 0) return body;
	if (how === 'truncateHalf') return body.subarray(0, Math.floor(body.length / 2));
	const copy = Buffer.from(body);
	const at = Math.floor(copy.length / 2);
	copy[at] = copy[at] ^ 0xff;
	return copy;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream)
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
	return Buffer.concat(chunks);
}

export async function startProxy(target: string): Promise<Proxy> {
	const targetUrl = new URL(target);
	const rules: ProxyRule[] = [];
	const changed: number[] = [];
	const server: Server = createServer((req, res) => {
		void (async () => {
			const method = req.method ?? 'GET';
			const url = req.url ?? '/';
			const index = rules.findIndex(
				(rule, i) =>
					(rule.method === undefined || rule.method === method) &&
					rule.pattern.test(url) &&
					(rule.times === undefined || (changed[i] ?? 0) < rule.times),
			);
			const rule = index >= 0 ? rules[index] : undefined;
			if (rule) changed[index] = (changed[index] ?? 0) + 1;
			let body = await readAll(req);
			if (rule?.request) body = change(body, rule.request);
			const headers: IncomingHttpHeaders = { ...req.headers };
			if (body.length > 0 || headers['content-length'] !== undefined)
				headers['content-length'] = String(body.length);
			const upstream = httpRequest(
				{ host: targetUrl.hostname, port: targetUrl.port, method, path: url, headers },
				(answer) => {
					void (async () => {
						let answerBody = await readAll(answer);
						const answerHeaders = { ...answer.headers };
						if (rule?.response) {
							answerBody = change(answerBody, rule.response);
							if (rule.response === 'truncateHalf') {
								// A clean, complete-looking answer: chunked, no length to check against.
								delete answerHeaders['content-length'];
								answerHeaders['transfer-encoding'] = 'chunked';
							}
						}
						res.writeHead(answer.statusCode ?? 502, answerHeaders);
						res.end(answerBody);
					})().catch(() => res.destroy());
				},
			);
			upstream.on('error', () => res.destroy());
			upstream.end(body);
		})().catch(() => res.destroy());
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		changed,
		rules,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
