/**
 * The pre-signed URLs a run used, seen as the node sent them (Node's `http.client.request.start` diagnostics
 * channel, which every request n8n-core makes goes through): links the services hand out for part uploads
 * and downloads (Files.com `upload_uri` and `download_uri`, Laserfiche's multipart upload URLs and export
 * links; S3's `X-Amz-Signature` URLs in real traffic). Whoever holds one can read or write that file until
 * it expires, so the secret scan treats each as a secret of its own.
 *
 * A request is to a pre-signed URL when it carries no credential header (the API calls all do: Authorization, X-FilesAPI-Key, ...) and its URL
 * carries a token of its own: a signature- or credential-named query value, or a random-looking path
 * segment or query value of at least TOKEN_LENGTH characters. Token requests (no credential header, but no
 * token in the URL either: the secrets are in the body) are not.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

const CHANNEL = 'http.client.request.start';
/** Headers that carry credentials: Authorization, X-FilesAPI-Key, X-FilesAPI-Auth, Cookie, X-Function-Key, ... */
const CREDENTIAL_HEADER = /authorization|auth|key|token|cookie|session/i;
/** Query parameters that sign or authorize a URL (S3 v4 and v2, Azure SAS, the emulators). */
const SIGNATURE_PARAMETERS =
	/^(x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|awsaccesskeyid|token|x-goog-signature)$/i;
const SIGNATURE_MIN = 16;
const TOKEN_LENGTH = 32;

export interface PresignedUrl {
	url: string;
	/** The parts of it that are credentials on their own (signatures, path tokens). */
	tokens: string[];
}

function isToken(value: string): boolean {
	return (
		value.length >= TOKEN_LENGTH &&
		/^[A-Za-z0-9_-]+$/.test(value) &&
		/\d/.test(value) &&
		/[A-Za-z]/.test(value)
	);
}

function decode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** The URL's credential parts, or undefined when it is not a pre-signed URL. */
export function presignedTokensOf(url: string): string[] | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	const tokens = new Set<string>();
	for (const segment of parsed.pathname.split('/'))
		if (isToken(decode(segment))) tokens.add(decode(segment));
	for (const [name, value] of parsed.searchParams) {
		if ((SIGNATURE_PARAMETERS.test(name) && value.length >= SIGNATURE_MIN) || isToken(value))
			tokens.add(value);
	}
	return tokens.size > 0 ? [...tokens] : undefined;
}

function urlOf(request: ClientRequest): string {
	if (/^https?:\/\//i.test(request.path)) return request.path; // through a forward proxy
	const host = String(request.getHeader('host') ?? request.host);
	return `${request.protocol}//${host}${request.path}`;
}

/** Watches the requests sent until `stop()`, which answers the pre-signed URLs among them. */
export function watchPresignedUrls(): { stop(): PresignedUrl[] } {
	const seen = new Map<string, PresignedUrl>();
	const onRequest = (message: unknown) => {
		const request = (message as { request?: ClientRequest }).request;
		if (!request || request.getHeaderNames().some((name) => CREDENTIAL_HEADER.test(name))) return;
		const url = urlOf(request);
		const tokens = presignedTokensOf(url);
		if (tokens && !seen.has(url)) seen.set(url, { url, tokens });
	};
	subscribe(CHANNEL, onRequest);
	return {
		stop() {
			unsubscribe(CHANNEL, onRequest);
			return [...seen.values()];
		},
	};
}
