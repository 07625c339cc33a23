/**
 * The secret scan every harness run goes through (runWorkflow, runPoll, runListSearch, testCredential): the
 * credentials' secrets (password fields, the tokens preAuthentication produced, the private key inside a
 * Laserfiche access key, a JWT's payload and signature) and the pre-signed URLs the run used must not appear,
 * in any of their forms (secret-forms.ts: raw, base-64 whole or inside a longer value such as a `Basic`
 * header, URL-encoded, JSON-escaped, hex, a long enough leading part), anywhere in what a run produced
 * (secret-walk.ts: output items, error items, the thrown error with its non-enumerable and Symbol-keyed
 * properties, Buffers, Maps, Sets), in Test button messages, in list-search results, in the n8n logs
 * (log-capture.ts) or in console output (console-capture.ts). A hit fails the test that caused it.
 */
import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { capturedConsole, installConsoleCapture } from './console-capture';
import type { CredentialStore } from './credentials-helper';
import { capturedLogs } from './log-capture';
import type { PresignedUrl } from './presigned-urls';
import { MIN_SECRET_LENGTH, formsOf, jwtParts, viewsOf } from './secret-forms';
import type { SecretForm } from './secret-forms';
import { textsIn } from './secret-walk';

export { MIN_SECRET_LENGTH } from './secret-forms';
export { stringsIn, textsIn } from './secret-walk';

/** Secrets hidden inside a value: a base-64 Laserfiche access key carries a private JWK (`d`). */
function nestedSecrets(value: string): string[] {
	try {
		const decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as {
			jwk?: { d?: string };
		};
		return decoded?.jwk?.d ? [decoded.jwk.d] : [];
	} catch {
		return [];
	}
}

/** The secrets of one credential's data: password fields and hidden expirable tokens. */
export function secretsOf(type: ICredentialType, data: ICredentialDataDecryptedObject): string[] {
	const secretNames = type.properties
		.filter(
			(p) =>
				p.typeOptions?.password === true ||
				(p.type === 'hidden' && p.typeOptions?.expirable === true),
		)
		.map((p) => p.name);
	const values = secretNames
		.map((name) => data[name])
		.filter(
			(value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH,
		);
	return [...values, ...values.flatMap(nestedSecrets)];
}

/** Where the logs and the console output stood before a run: what was captured since is scanned. */
export interface ScanMark {
	logs: number;
	console: number;
}

/** Marks the logs and console output captured so far (and starts capturing the console). */
export function scanMark(): ScanMark {
	installConsoleCapture();
	return { logs: capturedLogs.length, console: capturedConsole.length };
}

interface Registered extends SecretForm {
	/** "a credential secret" or "a pre-signed URL", for the failure message. */
	kind: string;
}

export class SecretScanner {
	private readonly forms = new Map<string, Registered>();

	private register(kind: string, forms: SecretForm[]): void {
		for (const form of forms)
			if (!this.forms.has(form.text)) this.forms.set(form.text, { ...form, kind });
	}

	/** Adds secrets (shorter than MIN_SECRET_LENGTH: ignored), in all their forms, and a JWT's parts. */
	add(secrets: string[]): void {
		for (const secret of secrets) {
			this.register('a credential secret', formsOf(secret));
			for (const part of jwtParts(secret)) this.register('a credential secret', formsOf(part));
		}
	}

	/** Adds pre-signed URLs: the whole URL in all its forms but a prefix, and each of its tokens. */
	addPresignedUrls(urls: PresignedUrl[]): void {
		for (const { url, tokens } of urls) {
			this.register('a pre-signed URL', formsOf(url, { prefix: false }));
			for (const token of tokens) this.register('a pre-signed URL', formsOf(token));
		}
	}

	/** Adds the secrets of stored credentials and of every token written back into the store. */
	addFromStore(store: CredentialStore, typeOf: (type: string) => ICredentialType): void {
		for (const update of store.updates) this.add(secretsOf(typeOf(update.type), update.data));
	}

	/** How many distinct forms are scanned for (for tests of the scanner). */
	get size(): number {
		return this.forms.size;
	}

	/** Throws when any form of any secret appears in any text reachable from `value`. */
	assertClean(where: string, value: unknown): void {
		if (this.forms.size === 0) return;
		for (const { path, text: found } of textsIn(value)) {
			if (found.length < MIN_SECRET_LENGTH) continue;
			for (const { decoded, text } of viewsOf(found)) {
				for (const form of this.forms.values()) {
					if (!text.includes(form.text)) continue;
					const how = decoded ? `${form.encoding} once ${decoded}` : form.encoding;
					throw new Error(
						`Secret scan: ${form.kind} (…${form.text.slice(-3)}) appears in ${where}, as ${how}, at ${path}: "${redact(text, form.text)}"`,
					);
				}
			}
		}
	}

	/**
	 * Scans the logs and the console output captured since `from` (a ScanMark, or an index into
	 * capturedLogs as before console output was captured).
	 */
	assertLogsClean(from: ScanMark | number): void {
		const mark = typeof from === 'number' ? { logs: from, console: capturedConsole.length } : from;
		this.assertClean('the logs', capturedLogs.slice(mark.logs));
		this.assertClean('the console output', capturedConsole.slice(mark.console));
	}
}

function redact(text: string, secret: string): string {
	const at = text.indexOf(secret);
	return `${text.slice(Math.max(0, at - 60), at)}[SECRET]${text.slice(at + secret.length, at + secret.length + 60)}`;
}
