/**
 * The forms a secret can take on its way into an output, an error or a log, each named, for the secret
 * scan (secret-scan.ts): raw; base-64 and base-64url, of the whole value and inside a longer encoded text
 * (a `Basic` header is base-64 of `user:password`); URL-encoded, as query strings and form bodies carry it
 * (the self-hosted token request sends the password that way); JSON-escaped, once and twice; hex; and a
 * long enough leading part of it (a log line that cuts a key short still gives most of it away).
 */

/** Values shorter than this are too common to scan for without false positives. */
export const MIN_SECRET_LENGTH = 6;

/** The leading part of a secret that is scanned for on its own, for secrets at least PREFIX_FROM long. */
export const PREFIX_LENGTH = 12;
export const PREFIX_FROM = 16;

export interface SecretForm {
	/** How the secret was encoded, for the failure message. */
	encoding: string;
	text: string;
}

type Alphabet = 'base64' | 'base64url';

/**
 * The part of base-64 text that any encoding of a longer value containing `secret` must contain, for the
 * secret at each of the three byte offsets modulo 3: the characters whose 6 bits all come from the secret.
 */
function base64Cores(secret: Buffer, alphabet: Alphabet): string[] {
	const cores: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString(alphabet);
		const first = Math.ceil((8 * offset) / 6);
		const end = Math.floor((8 * (offset + secret.length)) / 6);
		if (end - first >= MIN_SECRET_LENGTH) cores.push(encoded.slice(first, end));
	}
	return cores;
}

/** RFC 3986 strict: only `A-Z a-z 0-9 - . _ ~` left as they are (qs, most HTTP clients' form bodies). */
function strictPercent(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

function lowerHexEscapes(value: string): string {
	return value.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/** The ways a value is URL-encoded: encodeURIComponent, RFC 3986 strict, and form bodies (space as `+`). */
function urlForms(secret: string): string[] {
	const component = encodeURIComponent(secret);
	const strict = strictPercent(secret);
	const form = new URLSearchParams({ v: secret }).toString().slice(2);
	const strictForm = strict.replace(/%20/g, '+');
	return [component, strict, form, strictForm].flatMap((text) => [text, lowerHexEscapes(text)]);
}

/** Inside a JSON string: escaped once (with `/` as `\/` too, and non-ASCII as \u escapes), and twice. */
function jsonForms(secret: string): string[] {
	const once = JSON.stringify(secret).slice(1, -1);
	const asciiOnly = once.replace(
		/[\u0080-\uffff]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
	const twice = JSON.stringify(once).slice(1, -1);
	return [once, once.replace(/\//g, '\\/'), asciiOnly, twice];
}

/**
 * The leading part scanned for on its own. Not for base-64 JSON values (`eyJ…`: JWTs, a Laserfiche access
 * key), whose first characters are the same JSON structure in every such value; their secret parts are
 * scanned on their own (a JWT's segments, the key's private `d`).
 */
function prefixOf(secret: string): string | undefined {
	if (secret.length < PREFIX_FROM || secret.startsWith('eyJ')) return undefined;
	return secret.slice(0, PREFIX_LENGTH);
}

export interface FormOptions {
	/** Also scan for the secret's leading part (not for URLs: every URL starts the same way). */
	prefix?: boolean;
}

/** Every form of one secret, at least MIN_SECRET_LENGTH long each, without duplicates. */
export function formsOf(secret: string, options: FormOptions = {}): SecretForm[] {
	if (secret.length < MIN_SECRET_LENGTH) return [];
	const bytes = Buffer.from(secret, 'utf8');
	const candidates: SecretForm[] = [
		{ encoding: 'raw text', text: secret },
		{ encoding: 'base-64', text: bytes.toString('base64') },
		{ encoding: 'base-64url', text: bytes.toString('base64url') },
		...base64Cores(bytes, 'base64').map((text) => ({
			encoding: 'base-64, inside a longer value (e.g. Basic user:password)',
			text,
		})),
		...base64Cores(bytes, 'base64url').map((text) => ({
			encoding: 'base-64url, inside a longer value',
			text,
		})),
		// Base-64 JSON (a JWT payload, an access key) holds the secret JSON-escaped.
		...(['base64', 'base64url'] as const).flatMap((alphabet) =>
			base64Cores(Buffer.from(JSON.stringify(secret).slice(1, -1)), alphabet).map((text) => ({
				encoding: `${alphabet} of JSON holding it`,
				text,
			})),
		),
		...urlForms(secret).map((text) => ({
			encoding: 'URL-encoded (query string or form body)',
			text,
		})),
		...jsonForms(secret).map((text) => ({ encoding: 'JSON-escaped', text })),
		{ encoding: 'hex', text: bytes.toString('hex') },
		{ encoding: 'hex', text: bytes.toString('hex').toUpperCase() },
	];
	const prefix = options.prefix === false ? undefined : prefixOf(secret);
	if (prefix) candidates.push({ encoding: `its first ${PREFIX_LENGTH} characters`, text: prefix });
	const seen = new Set<string>();
	const forms: SecretForm[] = [];
	for (const form of candidates) {
		if (form.text.length < MIN_SECRET_LENGTH || seen.has(form.text)) continue;
		seen.add(form.text);
		forms.push(form);
	}
	return forms;
}

/** A JWT's payload and signature (its header is public: algorithm and key id). */
export function jwtParts(value: string): string[] {
	const segments = value.split('.');
	if (
		segments.length !== 3 ||
		!value.startsWith('eyJ') ||
		!segments.every((s) => /^[A-Za-z0-9_-]+$/.test(s))
	)
		return [];
	return segments.slice(1).filter((segment) => segment.length >= PREFIX_FROM);
}

/** A text with its percent-escapes decoded (lenient: escapes that are not UTF-8 are read as Latin-1). */
function percentDecoded(text: string): string {
	return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return Buffer.from(run.replace(/%/g, ''), 'hex').toString('latin1');
		}
	});
}

const JSON_ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};

/** A text with its JSON string escapes resolved (lenient: any text, not only whole JSON strings). */
function jsonUnescaped(text: string): string {
	return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_all, escape: string) =>
		escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : JSON_ESCAPES[escape],
	);
}

export interface TextView {
	/** How the text was decoded before matching, '' for as it is. */
	decoded: string;
	text: string;
}

/**
 * A scanned text as it is and decoded the ways a secret may have been encoded into it, whichever subset of
 * characters the encoder escaped: percent-escapes (a `+` read as a space too, as in form bodies) and JSON
 * escapes (resolved once and twice).
 */
export function viewsOf(text: string): TextView[] {
	const views: TextView[] = [{ decoded: '', text }];
	if (/%[0-9A-Fa-f]{2}/.test(text)) {
		views.push({ decoded: 'URL-decoded', text: percentDecoded(text) });
		if (text.includes('+'))
			views.push({ decoded: 'form-decoded', text: percentDecoded(text.replace(/\+/g, ' ')) });
	}
	if (text.includes('\\')) {
		const once = jsonUnescaped(text);
		views.push({ decoded: 'JSON-unescaped', text: once });
		if (once.includes('\\'))
			views.push({ decoded: 'JSON-unescaped twice', text: jsonUnescaped(once) });
		if (/%[0-9A-Fa-f]{2}/.test(once))
			views.push({ decoded: 'JSON-unescaped, URL-decoded', text: percentDecoded(once) });
	}
	return views;
}
