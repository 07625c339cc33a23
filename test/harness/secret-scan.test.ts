/**
 * The secret scan itself: each encoding and each container a secret can hide in is caught, and values
 * that are not secrets (short strings, other values of the same shape, JWT headers, URL origins) are not.
 */
import { createHash } from 'node:crypto';

import { SecretScanner, scanMark } from './secret-scan';
import { MIN_SECRET_LENGTH, PREFIX_LENGTH, formsOf } from './secret-forms';
import { textsIn } from './secret-walk';

/** A password with the characters encodings change: space, / : ! ' ( ) * ~ " \ and a non-ASCII letter. */
const SECRET = `Pa ss/w:rd!'(x)*~"q\\é-7391`;
/** An API key as Files.com issues them (64 hex). */
const KEY = createHash('sha256').update('planted api key').digest('hex');

function scannerFor(...secrets: string[]): SecretScanner {
	const scanner = new SecretScanner();
	scanner.add(secrets);
	return scanner;
}

const caught =
	(value: unknown, secret = SECRET) =>
	() =>
		scannerFor(secret).assertClean('the value', value);

describe('encodings: a planted secret is caught in every form (and the text holds no raw copy)', () => {
	const basic = (user: string) => `Basic ${Buffer.from(`${user}:${SECRET}`).toString('base64')}`;
	it.each([
		['raw', `error: ${SECRET} refused`],
		['base-64 of the whole value', `token=${Buffer.from(SECRET).toString('base64')}`],
		['base-64url of the whole value', `t=${Buffer.from(SECRET).toString('base64url')}`],
		['Basic auth, user of length 1 (offset 2 mod 3)', basic('u')],
		['Basic auth, user of length 2 (offset 0 mod 3)', basic('us')],
		['Basic auth, user of length 3 (offset 1 mod 3)', basic('usr')],
		['base-64url inside a longer value', Buffer.from(`me|${SECRET}|end`).toString('base64url')],
		[
			'base-64 of JSON holding it (escaped inside), as a JWT payload',
			Buffer.from(JSON.stringify({ sub: 'me', pwd: SECRET })).toString('base64url'),
		],
		[
			"URL-encoded by a URL object (WHATWG: ' as %27, ! ( ) * ~ left)",
			new URL(`https://h/p?password=${encodeURIComponent(SECRET)}`).href,
		],
		[
			'URL-encoded, only some characters escaped',
			`password=${SECRET.replace(/ /g, '%20').replace(/"/g, '%22').replace(/\\/g, '%5c')}`,
		],
		[
			'URL-encoded (encodeURIComponent) in a query string',
			`https://h/x?password=${encodeURIComponent(SECRET)}&a=1`,
		],
		[
			'form body, RFC 3986 strict (qs)',
			`grant_type=password&username=u&password=${encodeURIComponent(SECRET).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
		],
		[
			'form body, URLSearchParams (space as +)',
			new URLSearchParams({ grant_type: 'password', username: 'u', password: SECRET }).toString(),
		],
		[
			'URL-encoded with lower-case escapes',
			`password=${encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`,
		],
		['JSON-escaped', JSON.stringify({ body: { password: SECRET } })],
		[
			'JSON-escaped twice (JSON inside a JSON string)',
			JSON.stringify({ raw: JSON.stringify({ password: SECRET }) }),
		],
		['JSON-escaped with \\/', JSON.stringify({ password: SECRET }).replace(/\//g, '\\/')],
		[
			'JSON-escaped with \\u escapes for non-ASCII',
			JSON.stringify({ password: SECRET }).replace(/é/g, '\\u00e9'),
		],
		['hex', `dump ${Buffer.from(SECRET).toString('hex')}`],
		['hex, upper case', `DUMP ${Buffer.from(SECRET).toString('hex').toUpperCase()}`],
	])('%s', (_label, text) => {
		if (_label !== 'raw') expect(text).not.toContain(SECRET);
		expect(caught({ message: text })).toThrow(
			/Secret scan: a credential secret .* appears in the value/,
		);
	});

	it(`a prefix: the first ${PREFIX_LENGTH} characters of a key, as a truncating log line shows it`, () => {
		const text = `X-FilesAPI-Key: ${KEY.slice(0, PREFIX_LENGTH)}… (truncated)`;
		expect(caught([text], KEY)).toThrow(new RegExp(`as its first ${PREFIX_LENGTH} characters`));
		expect(caught([`X-FilesAPI-Key: ${KEY.slice(0, PREFIX_LENGTH - 1)}…`], KEY)).not.toThrow();
	});

	it('names the encoding and the path in the failure, and never prints the secret', () => {
		let message = '';
		try {
			scannerFor(KEY).assertClean('the run data', {
				items: [{ json: { note: `k=${Buffer.from(KEY).toString('hex')}` } }],
			});
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/as hex, at \$\.items\[0\]\.json\.note: "k=\[SECRET\]"/);
		expect(message).not.toContain(KEY);
	});
});

describe('containers: a planted secret is caught wherever it is kept', () => {
	const symbol = Symbol('hidden');
	const nonEnumerable = Object.defineProperty({}, 'hidden', { value: SECRET, enumerable: false });
	const withStack = new Error('a plain message');
	withStack.stack = `Error: a plain message\n    at header (${SECRET})`;
	it.each<[string, () => unknown]>([
		['a Buffer holding the raw bytes', () => ({ body: Buffer.from(`x ${SECRET} y`) })],
		[
			'a Buffer holding base-64 text of it',
			() => ({ body: Buffer.from(Buffer.from(SECRET).toString('base64')) }),
		],
		['a Buffer in Latin-1', () => ({ body: Buffer.from(`x ${SECRET}`, 'latin1') })],
		['a Uint8Array', () => ({ body: new Uint8Array(Buffer.from(SECRET)) })],
		['an ArrayBuffer', () => ({ body: new Uint8Array(Buffer.from(SECRET)).buffer })],
		['a DataView', () => ({ body: new DataView(new Uint8Array(Buffer.from(SECRET)).buffer) })],
		['a Map value', () => ({ headers: new Map([['authorization', SECRET]]) })],
		['a Map key', () => ({ seen: new Map([[SECRET, 1]]) })],
		['a Set member', () => ({ tokens: new Set(['a', SECRET]) })],
		['a Symbol-keyed property', () => ({ [symbol]: SECRET })],
		["a Symbol key's description", () => ({ [Symbol(SECRET)]: 1 })],
		["a Symbol value's description", () => ({ marker: Symbol(SECRET) })],
		['a non-enumerable property', () => nonEnumerable],
		['an Error message', () => new Error(`refused ${SECRET}`)],
		['an Error stack only', () => withStack],
		[
			'an Error cause, two levels down',
			() => new Error('outer', { cause: new Error('middle', { cause: { body: SECRET } }) }),
		],
		['an AggregateError member', () => new AggregateError([new Error(SECRET)], 'several')],
		[
			'a URL object',
			() => ({ link: new URL(`https://h/p?password=${encodeURIComponent(SECRET)}`) }),
		],
		['URLSearchParams', () => ({ form: new URLSearchParams({ password: SECRET }) })],
		['fetch Headers', () => ({ headers: new Headers({ authorization: `Bearer ${KEY}` }) })],
		['a String object', () => ({ s: new String(SECRET) })],
		[
			'an array in a class instance',
			() =>
				new (class Box {
					items = [[{ deep: SECRET }]];
				})(),
		],
	])('%s', (_label, value) => {
		const secret = _label === 'fetch Headers' ? KEY : SECRET;
		expect(caught(value(), secret)).toThrow(/Secret scan: a credential secret/);
	});

	it('walks circular structures once, and does not read streams', () => {
		const loop: Record<string, unknown> = { name: 'loop' };
		loop.self = loop;
		expect(caught(loop)).not.toThrow();
		const stream = { pipe: () => undefined, buffered: SECRET };
		expect(caught(stream)).not.toThrow();
	});

	it('gives the path of each text: Map, Symbol and bytes included', () => {
		const paths = [
			...textsIn({ m: new Map([['k', 'v']]), [Symbol('s')]: 'w', b: Buffer.from('bytes') }),
		].map((found) => found.path);
		expect(paths).toEqual(
			expect.arrayContaining([
				'$.m<map key 0>',
				'$.m<map value 0>',
				'$[Symbol(s)]',
				'$.b<bytes as UTF-8>',
			]),
		);
	});
});

describe('no false positives', () => {
	it(`ignores secrets shorter than ${MIN_SECRET_LENGTH} characters`, () => {
		const scanner = scannerFor('abc', 'admin');
		expect(scanner.size).toBe(0);
		expect(() =>
			scanner.assertClean('the value', { user: 'admin', note: 'abc abc' }),
		).not.toThrow();
	});

	it('passes ordinary output holding other values of the same shape as the secret', () => {
		const other = createHash('sha256').update('another key').digest('hex');
		const output = {
			json: {
				md5: other.slice(0, 32),
				sha256: other,
				path: 'Reports/2024/report.pdf',
				message: 'Unauthorized',
				status: 401,
			},
			text: Buffer.from(other).toString('base64'),
		};
		expect(() => scannerFor(KEY, SECRET).assertClean('the output', output)).not.toThrow();
	});

	it('passes a megabyte of unrelated base-64 and hex (the base-64 cores of a short secret do not turn up by chance)', () => {
		const chunks: Buffer[] = [];
		for (let i = 0; i < 32_768; i++) chunks.push(createHash('sha256').update(String(i)).digest());
		const bytes = Buffer.concat(chunks);
		expect(() =>
			scannerFor('hunter2', 'Lf!x9', SECRET, KEY).assertClean('the blob', [
				bytes.toString('base64'),
				bytes.toString('hex'),
			]),
		).not.toThrow();
	});

	it('takes no prefix of a secret shorter than 16 characters, nor of base-64 JSON (a JWT header is the same in every token)', () => {
		const jwt = (payload: object) =>
			[{ alg: 'RS256', typ: 'JWT' }, payload]
				.map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
				.join('.') + `.${createHash('sha256').update(JSON.stringify(payload)).digest('base64url')}`;
		const token = jwt({ sub: 'service-principal', jti: 'a1b2c3d4e5f6' });
		const other = jwt({ sub: 'someone-else', jti: 'ffffeeeedddd' });
		expect(formsOf('short-secret12').some((form) => form.encoding.startsWith('its first'))).toBe(
			false,
		);
		expect(() => scannerFor(token).assertClean('the output', { other })).not.toThrow();
		// ... but the token's own payload and signature are caught on their own.
		expect(() => scannerFor(token).assertClean('the output', { sig: token.split('.')[2] })).toThrow(
			/credential secret/,
		);
		expect(() =>
			scannerFor(token).assertClean('the output', { payload: token.split('.')[1] }),
		).toThrow(/credential secret/);
	});

	it('does not flag the origin of a pre-signed URL, nor other URLs on the same host', () => {
		const scanner = new SecretScanner();
		const url = `http://127.0.0.1:4100/__files/download/${KEY.slice(0, 40)}?expires=2026-12-02T21%3A00%3A00Z&filename=a.txt`;
		scanner.addPresignedUrls([{ url, tokens: [KEY.slice(0, 40)] }]);
		expect(() =>
			scanner.assertClean('the output', {
				api: 'http://127.0.0.1:4100/api/rest/v1/files/a.txt',
				host: 'http://127.0.0.1:4100/',
			}),
		).not.toThrow();
		expect(() => scanner.assertClean('the output', { download_uri: url })).toThrow(
			/Secret scan: a pre-signed URL .* at \$\.download_uri/,
		);
		expect(() => scanner.assertClean('the output', { escaped: JSON.stringify({ url }) })).toThrow(
			/pre-signed URL/,
		);
		expect(() => scanner.assertClean('the output', { token: KEY.slice(0, 40) })).toThrow(
			/pre-signed URL/,
		);
	});
});

describe('console output', () => {
	// These two print a planted value (a hash of a fixed phrase, no credential) to the test output.
	it("console.* since the mark is scanned, with the arguments' objects walked; earlier output is not", () => {
		const scanner = scannerFor(KEY);
		const before = scanMark();
		// eslint-disable-next-line no-console
		console.log('request headers', { 'x-filesapi-key': KEY });
		expect(() => scanner.assertLogsClean(before)).toThrow(
			/appears in the console output, as raw text, at \$\[0\]\.args\[1\]\.x-filesapi-key/,
		);
		expect(() => scanner.assertLogsClean(scanMark())).not.toThrow();
	});

	it('direct writes to process.stderr are scanned, Buffers included', () => {
		const scanner = scannerFor(KEY);
		const mark = scanMark();
		process.stderr.write(
			Buffer.from(`planted hex form: ${Buffer.from(KEY).toString('hex').slice(0, 20)}…\n`),
		);
		expect(() => scanner.assertLogsClean(mark)).not.toThrow();
		process.stderr.write(Buffer.from(`planted: ${KEY}\n`));
		expect(() => scanner.assertLogsClean(mark)).toThrow(
			/appears in the console output, as raw text, at \$\[\d+\]\.args\[0\]<bytes as UTF-8>/,
		);
	});
});
