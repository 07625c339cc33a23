/**
 * Captures everything n8n-core and our nodes log during tests (the node contexts' `this.logger` and
 * n8n-workflow's LoggerProxy), so tests can read the logs and the secret scan can search them.
 */
import { LoggerProxy } from 'n8n-workflow';

import { Container, Logger } from './n8n-container';

export interface CapturedLog {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: unknown;
}

export const capturedLogs: CapturedLog[] = [];

function record(level: CapturedLog['level']) {
	return (message: string, metadata?: unknown) => {
		capturedLogs.push({ level, message: String(message), metadata });
		if (capturedLogs.length > 10_000) capturedLogs.splice(0, capturedLogs.length - 10_000);
	};
}

const captureLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	scoped: () => captureLogger,
};

let installed = false;

/** Routes n8n's loggers into `capturedLogs` (idempotent). */
export function installLogCapture(): void {
	if (installed) return;
	installed = true;
	Container.set(Logger as never, captureLogger as never);
	LoggerProxy.init(captureLogger as never);
}
