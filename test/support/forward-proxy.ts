/**
 * A forward proxy that records what passes through it: plain requests (absolute-form, headers and
 * all, as a proxy necessarily sees them) and CONNECT tunnels (only the target and the CONNECT headers;
 * what flows inside is TLS). Listens on 127.0.0.1 only.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';

export interface ProxyRecord {
	kind: 'request' | 'connect';
	target: string;
	headers: Record<string, string | string[] | undefined>;
}

export interface ForwardProxy {
	url: string;
	seen: ProxyRecord[];
	stop(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
	const seen: ProxyRecord[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		seen.push({ kind: 'request', target: req.url ?? '', headers: { ...req.headers } });
		const target = new URL(req.url ?? '');
		const upstream = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: `${target.pathname}${target.search}`,
				headers: req.headers,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('connect', (req, client: Socket, head: Buffer) => {
		seen.push({ kind: 'connect', target: req.url ?? '', headers: { ...req.headers } });
		const [host, port] = (req.url ?? '').split(':');
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		stop: async () => {
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
			await new Promise((done) => server.close(done));
		},
	};
}

/** Every variable n8n-core reads for a proxy, in both spellings. */
const PROXY_VARIABLES = [
	'HTTP_PROXY',
	'http_proxy',
	'HTTPS_PROXY',
	'https_proxy',
	'NO_PROXY',
	'no_proxy',
	'ALL_PROXY',
	'all_proxy',
];

/** Notes the proxy variables as they are now; `restore()` puts them back (set, changed or removed). */
export function saveProxyEnvironment(): { restore(): void } {
	const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
	return {
		restore() {
			for (const [name, value] of saved) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		},
	};
}

/** Removes every proxy variable (a test then sets the ones it is about). */
export function clearProxyEnvironment(): void {
	for (const name of PROXY_VARIABLES) delete process.env[name];
}
