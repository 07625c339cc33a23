/**
 * The standalone emulator (`npm run emulator:filescom`): one JSON line on stdout once ready, the seeded
 * keys work, FILESCOM_EMULATOR_API_KEY overrides the site-wide key, and SIGTERM/SIGINT stop it cleanly
 * (exit code 0, temporary data directory removed).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const CLI = join(__dirname, 'filescom', 'cli.js');

interface Started {
	child: ChildProcess;
	lines: string[];
	info: { service: string; baseUrl: string; apiKey: string; userApiKey: string; userId: number };
}

function start(env: Record<string, string>): Promise<Started> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		const lines: string[] = [];
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error('emulator CLI did not print its line within 30 s'));
		}, 30_000);
		child.stdout!.on('data', (chunk) => {
			out += chunk;
			let nl = out.indexOf('\n');
			while (nl >= 0) {
				lines.push(out.slice(0, nl));
				out = out.slice(nl + 1);
				nl = out.indexOf('\n');
			}
			if (lines.length === 1) {
				clearTimeout(timer);
				resolve({ child, lines, info: JSON.parse(lines[0]) });
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`emulator CLI exited early (${code})`));
		});
	});
}

function exitOf(
	child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('emulator CLI', () => {
	it('prints exactly one JSON line, serves the API, and stops cleanly on SIGTERM', async () => {
		const { child, lines, info } = await start({ FILESCOM_EMULATOR_PORT: '0' });
		try {
			expect(Object.keys(info)).toEqual(['service', 'baseUrl', 'apiKey', 'userApiKey', 'userId']);
			expect(info.service).toBe('filescom');
			expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(info.userId).toBe(2);
			const current = await fetch(`${info.baseUrl}/api/rest/v1/api_key`, {
				headers: { 'X-FilesAPI-Key': info.apiKey },
			});
			expect(current.status).toBe(200);
			const user = await fetch(`${info.baseUrl}/api/rest/v1/api_key`, {
				headers: { 'X-FilesAPI-Key': info.userApiKey },
			}).then((r) => r.json() as Promise<Json>);
			expect(user.user_id).toBe(2);
			const { dataDir } = await fetch(`${info.baseUrl}/__emulator/info`).then(
				(r) => r.json() as Promise<Json>,
			);
			expect(existsSync(dataDir)).toBe(true);
			const exited = exitOf(child);
			child.kill('SIGTERM');
			expect(await exited).toEqual({ code: 0, signal: null });
			expect(existsSync(dataDir)).toBe(false);
			expect(lines).toHaveLength(1);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});

	it('uses FILESCOM_EMULATOR_PORT and FILESCOM_EMULATOR_API_KEY, and stops on SIGINT', async () => {
		const port = 40_000 + Math.floor(Math.random() * 20_000);
		const { child, info } = await start({
			FILESCOM_EMULATOR_PORT: String(port),
			FILESCOM_EMULATOR_API_KEY: 'myfixedkey123',
		});
		try {
			expect(info.baseUrl).toBe(`http://127.0.0.1:${port}`);
			expect(info.apiKey).toBe('myfixedkey123');
			const res = await fetch(`${info.baseUrl}/api/rest/v1/folders/`, {
				headers: { 'X-FilesAPI-Key': 'myfixedkey123' },
			});
			expect(res.status).toBe(200);
			const exited = exitOf(child);
			child.kill('SIGINT');
			expect((await exited).code).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});
});
