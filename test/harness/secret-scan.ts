/**
 * The secret scan every harness run goes through: the credentials' secrets (password fields, the
 * tokens preAuthentication produced, the private key inside a Laserfiche access key) and their base-64
 * forms must not appear anywhere in what a run produced: output items, error items, the thrown error
 * (all its properties, including non-enumerable ones such as `cause` and `stack`), Test button messages
 * and captured logs. A hit fails the test that caused it.
 */
import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { capturedLogs } from './log-capture';
import type { CredentialStore } from './credentials-helper';

/** Values shorter than this are too common to scan for without false positives. */
const MIN_SECRET_LENGTH = 6;

function withEncodings(secret: string): string[] {
	return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')];
}

/** Secrets hidden inside a value: a base-64 Laserfiche access key carries a private JWK (`d`). */
function nestedSecrets(value: string): string[] {
	try {
		const decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as { jwk?: { d?: string } };
		return decoded?.jwk?.d ? [decoded.jwk.d] : [];
	} catch {
		return [];
	}
}

/** The secrets of one credential's data: password fields and hidden expirable tokens. */
export function secretsOf(type: ICredentialType, data: ICredentialDataDecryptedObject): string[] {
	const secretNames = type.properties
		.filter((p) => p.typeOptions?.password === true || (p.type === 'hidden' && p.typeOptions?.expirable === true))
		.map((p) => p.name);
	const values = secretNames
		.map((name) => data[name])
		.filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH);
	return [...values, ...values.flatMap(nestedSecrets)];
}

export class SecretScanner {
	private readonly secrets = new Set<string>();

	add(secrets: string[]): void {
		for (const secret of secrets) {
			if (secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of withEncodings(secret)) this.secrets.add(form);
		}
	}

	/** Adds the secrets of stored credentials and of every token written back into the store. */
	addFromStore(store: CredentialStore, typeOf: (type: string) => ICredentialType): void {
		for (const update of store.updates) this.add(secretsOf(typeOf(update.type), update.data));
	}

	/** Throws when any secret appears in any string reachable from `value`. */
	assertClean(where: string, value: unknown): void {
		if (this.secrets.size === 0) return;
		for (const text of stringsIn(value)) {
			for (const secret of this.secrets) {
				if (text.includes(secret)) {
					throw new Error(`Secret scan: a credential secret (…${secret.slice(-3)}) appears in ${where}: "${redact(text, secret)}"`);
				}
			}
		}
	}

	/** Scans the logs captured since `fromIndex`. */
	assertLogsClean(fromIndex: number): void {
		this.assertClean('the logs', capturedLogs.slice(fromIndex));
	}
}

function redact(text: string, secret: string): string {
	const at = text.indexOf(secret);
	return `${text.slice(Math.max(0, at - 60), at)}[SECRET]${text.slice(at + secret.length, at + secret.length + 60)}`;
}

/** Every string reachable from a value, own non-enumerable properties included (error causes, stacks). */
export function* stringsIn(value: unknown, seen = new Set<unknown>(), depth = 0): Generator<string> {
	if (typeof value === 'string') {
		yield value;
		return;
	}
	if (Buffer.isBuffer(value)) return;
	if (value === null || typeof value !== 'object' || seen.has(value) || depth > 40) return;
	seen.add(value);
	if (typeof (value as { pipe?: unknown }).pipe === 'function') return;
	for (const key of Object.getOwnPropertyNames(value)) {
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		yield* stringsIn(child, seen, depth + 1);
	}
}
