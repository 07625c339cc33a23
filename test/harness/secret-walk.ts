/**
 * Every text reachable from a value, for the secret scan, with the path it was found at: strings; own
 * properties whether enumerable or not (an Error's message, stack and cause) and Symbol-keyed ones (and the
 * Symbols' descriptions); Map keys and values, Set members; Buffers, typed arrays, ArrayBuffers and
 * DataViews as their bytes read as UTF-8 and as Latin-1; URLs, URLSearchParams and Headers as their text.
 * Streams are not read (that would consume them).
 */

/** Bytes of one buffer-like value read as text up to this many bytes (larger values: their beginning). */
const MAX_BYTES_AS_TEXT = 16 * 1024 * 1024;
const MAX_DEPTH = 40;

export interface FoundText {
	/** Where in the value: `$.a[0].b`, `$.map{key}`, `$[Symbol(x)]`, `$.buffer<bytes>`. */
	path: string;
	text: string;
}

function bytesOf(value: unknown): Buffer | undefined {
	if (Buffer.isBuffer(value)) return value;
	if (ArrayBuffer.isView(value))
		return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	if (
		value instanceof ArrayBuffer ||
		(typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)
	) {
		return Buffer.from(value);
	}
	return undefined;
}

function* bytesAsText(bytes: Buffer, path: string): Generator<FoundText> {
	const head = bytes.subarray(0, MAX_BYTES_AS_TEXT);
	const utf8 = head.toString('utf8');
	yield { path: `${path}<bytes as UTF-8>`, text: utf8 };
	const latin1 = head.toString('latin1');
	if (latin1 !== utf8) yield { path: `${path}<bytes as Latin-1>`, text: latin1 };
}

function keyPath(path: string, key: string | symbol): string {
	if (typeof key === 'symbol') return `${path}[${key.toString()}]`;
	return /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`;
}

/** Texts an object stands for though they are not in its own properties. */
function* textsOfSpecial(value: object, path: string): Generator<FoundText> {
	if (value instanceof String) yield { path, text: value.valueOf() };
	else if (value instanceof URL) yield { path: `${path}<href>`, text: value.href };
	else if (value instanceof URLSearchParams)
		yield { path: `${path}<query>`, text: value.toString() };
	else if (typeof Headers !== 'undefined' && value instanceof Headers) {
		for (const [name, text] of value) yield { path: `${path}<header ${name}>`, text };
	}
}

export function* textsIn(
	value: unknown,
	path = '$',
	seen = new Set<unknown>(),
	depth = 0,
): Generator<FoundText> {
	if (typeof value === 'string') {
		yield { path, text: value };
		return;
	}
	if (typeof value === 'symbol') {
		if (value.description) yield { path: `${path}<symbol description>`, text: value.description };
		return;
	}
	if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_DEPTH) return;
	seen.add(value);
	const bytes = bytesOf(value);
	if (bytes) {
		yield* bytesAsText(bytes, path);
		return;
	}
	if (typeof (value as { pipe?: unknown }).pipe === 'function') return;
	yield* textsOfSpecial(value, path);
	if (value instanceof Map) {
		let index = 0;
		for (const [key, child] of value) {
			yield* textsIn(key, `${path}<map key ${index}>`, seen, depth + 1);
			yield* textsIn(child, `${path}<map value ${index++}>`, seen, depth + 1);
		}
	} else if (value instanceof Set) {
		let index = 0;
		for (const child of value)
			yield* textsIn(child, `${path}<set member ${index++}>`, seen, depth + 1);
	}
	for (const key of Reflect.ownKeys(value)) {
		if (typeof key === 'symbol' && key.description) {
			yield { path: `${path}<key ${key.toString()}>`, text: key.description };
		}
		let child: unknown;
		try {
			child = (value as Record<string | symbol, unknown>)[key];
		} catch {
			continue;
		}
		yield* textsIn(child, keyPath(path, key), seen, depth + 1);
	}
}

/** Every string reachable from a value (see textsIn). */
export function* stringsIn(value: unknown): Generator<string> {
	for (const found of textsIn(value)) yield found.text;
}
