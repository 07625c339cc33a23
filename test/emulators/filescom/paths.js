'use strict';
/**
 * Path rules of Files.com, as documented in "File System Semantics":
 *  - normalize(): drop NUL bytes, `\` -> `/`, strip leading/trailing slashes, drop `.` and `..`
 *    segments (they are removed, not resolved), collapse duplicate slashes;
 *  - comparisonKey(): normalize, Unicode NFKC, transliterate Latin letters with accents,
 *    lowercase, strip trailing whitespace. Lookups compare these keys, so paths are case- and
 *    accent-insensitive but case-preserving;
 *  - decodePathParam(): the `{path}` part of a URL may be encoded as a whole (`a%2Fb`, as the JS
 *    and Python SDKs do) or per segment (`a/b%20c`, as the Go SDK does); both decode to the same.
 */

/** Letters that have no Unicode decomposition but are transliterated by Files.com. */
const SPECIAL_LETTERS = {
	Æ: 'AE',
	æ: 'ae',
	Ð: 'D',
	ð: 'd',
	Ø: 'O',
	ø: 'o',
	ß: 'ss',
	Đ: 'D',
	đ: 'd',
	Ħ: 'H',
	ħ: 'h',
	ı: 'i',
	Ł: 'L',
	ł: 'l',
	Ŀ: 'L',
	ŀ: 'l',
	Œ: 'OE',
	œ: 'oe',
};

const COMBINING_MARKS = /[\u0300-\u036f]/g;

function isLatinExtended(code) {
	return (code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff);
}

function transliterate(text) {
	let out = '';
	for (const ch of text) {
		const code = ch.codePointAt(0);
		if (code < 0xc0 || !isLatinExtended(code)) {
			out += ch;
			continue;
		}
		if (SPECIAL_LETTERS[ch]) {
			out += SPECIAL_LETTERS[ch];
			continue;
		}
		const stripped = ch.normalize('NFD').replace(COMBINING_MARKS, '');
		// Only accept the result when it is plain ASCII (e.g. "é" -> "e"); letters such as "þ" or
		// "ŋ" stay as they are, like the real service does.
		out += /^[\x20-\x7e]+$/.test(stripped) ? stripped : ch;
	}
	return out;
}

function normalize(input) {
	let p = typeof input === 'string' ? input : '';
	p = p.replace(/\0/g, '');
	p = p.replace(/\\/g, '/');
	p = p.replace(/^\/+|\/+$/g, '');
	p = p
		.split('/')
		.filter((segment) => segment !== '.' && segment !== '..')
		.join('/');
	p = p.replace(/\/+/g, '/');
	// Removing `.` segments may leave a leading or trailing slash behind ("./a" -> "/a").
	return p.replace(/^\/+|\/+$/g, '');
}

const comparisonCache = new Map();

/** Key used to compare one path segment (or a whole path) the way Files.com does. */
function comparisonKey(input) {
	// Fast path for plain printable ASCII without slashes or dot-segments (most names).
	if (
		typeof input === 'string' &&
		/^[\x20-\x2e\x30-\x5b\x5d-\x7e]*$/.test(input) &&
		input !== '.' &&
		input !== '..'
	) {
		return input.toLowerCase().replace(/ +$/, '');
	}
	const cached = comparisonCache.get(input);
	if (cached !== undefined) return cached;
	let key = normalize(input).normalize('NFKC');
	key = transliterate(key).toLowerCase();
	key = key.replace(/[\r\n\t ]+$/g, '');
	if (comparisonCache.size > 200_000) comparisonCache.clear();
	comparisonCache.set(input, key);
	return key;
}

/** Comparison key of a single name (no slash handling beyond what normalize does). */
function segmentKey(name) {
	return comparisonKey(name);
}

/**
 * Percent-decodes a raw URL fragment. Valid `%XX` sequences (including `%2F`) are decoded as
 * UTF-8; a stray `%` that does not start a valid escape is kept literally.
 */
function percentDecode(raw) {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
			try {
				return decodeURIComponent(run);
			} catch {
				return run;
			}
		});
	}
}

/** Decodes the `{path}` parameter taken from the raw URL and normalizes it. */
function decodePathParam(raw) {
	return normalize(percentDecode(raw || ''));
}

/** Splits a normalized path into segments ("" -> []). */
function segments(normalized) {
	return normalized === '' ? [] : normalized.split('/');
}

function hasTrailingWhitespace(normalized) {
	return segments(normalized).some((segment) => /[\r\n\t ]$/.test(segment));
}

function parentOf(normalized) {
	const i = normalized.lastIndexOf('/');
	return i < 0 ? '' : normalized.slice(0, i);
}

function baseName(normalized) {
	const i = normalized.lastIndexOf('/');
	return i < 0 ? normalized : normalized.slice(i + 1);
}

/** True when `inner` is `outer` or lies below it (comparison keys). */
function isWithin(inner, outer) {
	const a = comparisonKey(inner);
	const b = comparisonKey(outer);
	return b === '' || a === b || a.startsWith(`${b}/`);
}

module.exports = {
	normalize,
	comparisonKey,
	segmentKey,
	transliterate,
	percentDecode,
	decodePathParam,
	segments,
	hasTrailingWhitespace,
	parentOf,
	baseName,
	isWithin,
};
