/**
 * A TLS-terminating front for the emulator (as IIS TLS offload or a load balancer): HTTPS in, plain
 * HTTP to the emulator with the Host header kept, so the emulator builds its links from the front's
 * host (`http://…` under its `host` link origin). It records every request it passed on and every
 * connection that did not speak TLS to it. The certificate is self-signed (openssl), trusted by nobody.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FrontRequest {
	method: string;
	url: string;
	host: string;
	authorized: boolean;
}

export interface TlsFront {
	origin: string;
	seen: FrontRequest[];
	/** Connections that failed the TLS handshake (e.g. plain HTTP sent to the front). */
	tlsErrors: number;
	stop(): Promise<void>;
}

export async function startTlsFront(upstreamPort: number): Promise<TlsFront> {
	const dir = mkdtempSync(join(tmpdir(), 'lf-front-'));
	const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:P-256',
			'-nodes',
			'-keyout',
			keyFile,
			'-out',
			certFile,
			'-days',
			'1',
			'-subj',
			'/CN=127.0.0.1',
		],
		{ stdio: 'ignore' },
	);
	const [key, cert] = [readFileSync(keyFile), readFileSync(certFile)];
	rmSync(dir, { recursive: true, force: true });
	const front: TlsFront = { origin: '', seen: [], tlsErrors: 0, stop: async () => undefined };
	const server = createServer({ key, cert }, (req, res) => {
		front.seen.push({
			method: req.method ?? '',
			url: req.url ?? '',
			host: req.headers.host ?? '',
			authorized: req.headers.authorization !== undefined,
		});
		const upstream = httpRequest(
			{
				host: '127.0.0.1',
				port: upstreamPort,
				method: req.method,
				path: req.url,
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
	server.on('tlsClientError', () => (front.tlsErrors += 1));
	server.keepAliveTimeout = 1000;
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	front.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	front.stop = async () => {
		server.closeAllConnections();
		await new Promise((done) => server.close(done));
	};
	return front;
}
