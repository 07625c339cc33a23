/**
 * Captures console output during tests (console.log/info/warn/error/debug/trace/dir and direct writes to
 * process.stdout and process.stderr), still passing it on, so the secret scan can search what a node or
 * n8n-core printed besides its logger (log-capture.ts). Each entry keeps the arguments as they were given
 * (objects scanned property by property) and their formatted text.
 */
import { format } from 'node:util';

export interface CapturedConsoleOutput {
	/** `console.warn`, `process.stderr.write`, ... */
	via: string;
	args: unknown[];
	text: string;
}

export const capturedConsole: CapturedConsoleOutput[] = [];

const MAX_ENTRIES = 10_000;
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

function record(via: string, args: unknown[]): void {
	let text: string;
	try {
		text = format(...args);
	} catch {
		text = '';
	}
	capturedConsole.push({ via, args, text });
	if (capturedConsole.length > MAX_ENTRIES)
		capturedConsole.splice(0, capturedConsole.length - MAX_ENTRIES);
}

let installedOn: Console | undefined;

/** Wraps the console methods and the standard streams' write (idempotent for the current console). */
export function installConsoleCapture(): void {
	if (installedOn === console) return;
	installedOn = console;
	const target = console as unknown as Record<string, (...args: unknown[]) => void>;
	for (const method of METHODS) {
		const original = target[method];
		if (typeof original !== 'function') continue;
		target[method] = function (this: unknown, ...args: unknown[]) {
			record(`console.${method}`, args);
			return original.apply(this, args);
		};
	}
	// The standard streams outlive a test file's module registry (one worker runs many files): they are
	// wrapped once, and write to the capture of the test file that installed last.
	for (const name of ['stdout', 'stderr'] as const) {
		const stream = process[name] as unknown as WrappedStream;
		stream.__secretScanRecord = (args) => record(`process.${name}.write`, args);
		if (stream.__secretScanWrapped) continue;
		const write = stream.write;
		stream.write = function (this: unknown, ...args: unknown[]) {
			stream.__secretScanRecord?.([args[0]]);
			return write.apply(this, args);
		};
		stream.__secretScanWrapped = true;
	}
}

interface WrappedStream {
	write: (...args: unknown[]) => boolean;
	__secretScanWrapped?: boolean;
	__secretScanRecord?: (args: unknown[]) => void;
}
