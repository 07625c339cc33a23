'use strict';
/**
 * The documented subset of Laserfiche search syntax:
 *
 *   {LF:Name="Invoice*"[, Type="DF"]}          entry name, `*` and `?` wildcards, optional type letters
 *                                              (D documents, F folders, S shortcuts)
 *   {LF:Basic~="text"[, option="DFANLT"]}      every word in name (N), field values (L) or text (T)
 *   {[Template]:[Field]="value"}               template field; `[]` for any template; operators
 *                                              = (wildcards), ~= (contains), >, >=, <, <=
 *   {[Template]}                               entries that have the template
 *   {LF:LOOKIN="\Folder"[, Subfolders=N]}      entries below a folder
 *   {LF:Tags="Confidential"}                   entries with a tag
 *   {LF:Create>="2026-01-01"}, {LF:LastModified>="…"}   creation / modification date
 *   a & b, a | b, -a, ( … )                    AND binds tighter than OR; `-` negates
 *
 * Anything else is a 400 "Invalid search command.".
 */
const { HttpError } = require('./http-util');
const { ERROR_CODES } = require('./problem');
const { isContainer, ROOT_ID } = require('./repository');

function syntaxError(detail) {
	return new HttpError(400, 'Invalid search command.', {
		detail,
		errorCode: ERROR_CODES.invalidSearch,
	});
}

// ------------------------------------------------------------------------------------- parsing

function parseSearch(command) {
	if (typeof command !== 'string' || command.trim() === '')
		throw syntaxError('The search command is empty.');
	const src = command;
	let i = 0;
	const ws = () => {
		while (i < src.length && /\s/.test(src[i])) i++;
	};

	function parseOr() {
		let left = parseAnd();
		for (;;) {
			ws();
			if (src[i] === '|') {
				i++;
				left = { op: 'or', left, right: parseAnd() };
			} else return left;
		}
	}
	function parseAnd() {
		let left = parseUnary();
		for (;;) {
			ws();
			if (src[i] === '&') {
				i++;
				left = { op: 'and', left, right: parseUnary() };
			} else return left;
		}
	}
	function parseUnary() {
		ws();
		if (src[i] === '-') {
			i++;
			return { op: 'not', expr: parseUnary() };
		}
		if (src[i] === '(') {
			i++;
			const inner = parseOr();
			ws();
			if (src[i] !== ')') throw syntaxError(`Expected ')' at position ${i}.`);
			i++;
			return inner;
		}
		if (src[i] === '{') return parseTerm();
		throw syntaxError(
			i >= src.length
				? 'The search command ended unexpectedly.'
				: `Unexpected '${src[i]}' at position ${i}.`,
		);
	}
	function readQuoted() {
		// "…" with \" or "" as an escaped quote
		i++;
		let out = '';
		for (;;) {
			if (i >= src.length) throw syntaxError('Unterminated string in search command.');
			const c = src[i];
			if (c === '\\' && src[i + 1] === '"') {
				out += '"';
				i += 2;
			} else if (c === '"' && src[i + 1] === '"') {
				out += '"';
				i += 2;
			} else if (c === '"') {
				i++;
				return out;
			} else {
				out += c;
				i++;
			}
		}
	}
	function readValue() {
		ws();
		if (src[i] === '"') return readQuoted();
		const start = i;
		while (i < src.length && !/[,}\s]/.test(src[i])) i++;
		if (i === start) throw syntaxError(`A value is expected at position ${i}.`);
		return src.slice(start, i);
	}
	function readOperator() {
		ws();
		for (const op of ['~=', '>=', '<=', '=', '>', '<']) {
			if (src.startsWith(op, i)) {
				i += op.length;
				return op;
			}
		}
		throw syntaxError(`An operator is expected at position ${i}.`);
	}
	function readBracket() {
		// [Name] — ']' ends it
		i++;
		const end = src.indexOf(']', i);
		if (end < 0) throw syntaxError('Unterminated [ in search command.');
		const name = src.slice(i, end);
		i = end + 1;
		return name.trim();
	}
	function readOptions() {
		const options = {};
		for (;;) {
			ws();
			if (src[i] !== ',') return options;
			i++;
			ws();
			const m = /^[A-Za-z]+/.exec(src.slice(i));
			if (!m) throw syntaxError(`An option name is expected at position ${i}.`);
			i += m[0].length;
			ws();
			if (src[i] !== '=') throw syntaxError(`'=' is expected after option ${m[0]}.`);
			i++;
			options[m[0].toLowerCase()] = readValue();
		}
	}
	function parseTerm() {
		i++; // {
		ws();
		let term;
		if (/^LF:/i.test(src.slice(i))) {
			i += 3;
			const m = /^[A-Za-z]+/.exec(src.slice(i));
			if (!m) throw syntaxError(`A property name is expected after LF: at position ${i}.`);
			i += m[0].length;
			const key = m[0].toLowerCase();
			const op = readOperator();
			const value = readValue();
			const options = readOptions();
			term = { kind: 'lf', key, op, value, options };
			if (
				![
					'name',
					'basic',
					'lookin',
					'tags',
					'create',
					'lastmodified',
					'modified',
					'extension',
				].includes(key)
			) {
				throw syntaxError(`The search property LF:${m[0]} is not supported.`);
			}
			if (key === 'basic' && op !== '~=' && op !== '=') throw syntaxError('LF:Basic takes ~=.');
		} else if (src[i] === '[') {
			const template = readBracket();
			ws();
			if (src[i] === ':') {
				i++;
				ws();
				if (src[i] !== '[') throw syntaxError(`'[' is expected at position ${i}.`);
				const field = readBracket();
				const op = readOperator();
				const value = readValue();
				readOptions();
				term = { kind: 'field', template, field, op, value };
			} else {
				term = { kind: 'template', template };
			}
		} else {
			throw syntaxError(`Unsupported search term at position ${i}.`);
		}
		ws();
		if (src[i] !== '}') throw syntaxError(`'}' is expected at position ${i}.`);
		i++;
		return term;
	}

	const ast = parseOr();
	ws();
	if (i < src.length) throw syntaxError(`Unexpected '${src[i]}' at position ${i}.`);
	return ast;
}

// ------------------------------------------------------------------------------------ matching

function wildcardRegex(pattern, { anchored = true } = {}) {
	const body = pattern
		.split('')
		.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(anchored ? `^${body}$` : body, 'is');
}

function parseDateValue(value) {
	const s = String(value).trim();
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (m) return { time: Date.UTC(+m[1], +m[2] - 1, +m[3]), dayOnly: true };
	m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
	if (m) return { time: Date.UTC(+m[3], +m[1] - 1, +m[2]), dayOnly: true };
	const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`);
	if (Number.isNaN(t)) throw syntaxError(`'${value}' is not a valid date.`);
	return { time: t, dayOnly: false };
}

const DAY = 24 * 60 * 60 * 1000;

function compareDate(actualIso, op, value) {
	const actual = Date.parse(actualIso);
	const { time, dayOnly } = parseDateValue(value);
	const end = dayOnly ? time + DAY : time;
	switch (op) {
		case '=':
			return dayOnly ? actual >= time && actual < end : actual === time;
		case '>':
			return actual >= end;
		case '>=':
			return actual >= time;
		case '<':
			return actual < time;
		case '<=':
			return actual < end;
		default:
			throw syntaxError(`The operator ${op} cannot be used with dates.`);
	}
}

function compareValue(def, actual, op, expected) {
	if (op === '=') return wildcardRegex(expected).test(actual);
	if (op === '~=') return wildcardRegex(expected, { anchored: false }).test(actual);
	let a;
	let b;
	if (['Number', 'ShortInteger', 'LongInteger'].includes(def.fieldType)) {
		a = Number(actual);
		b = Number(expected);
		if (Number.isNaN(b)) throw syntaxError(`'${expected}' is not a number.`);
	} else if (['Date', 'DateTime'].includes(def.fieldType)) {
		return compareDate(`${actual}Z`, op, expected);
	} else {
		a = actual.toLowerCase();
		b = String(expected).toLowerCase();
	}
	switch (op) {
		case '>':
			return a > b;
		case '>=':
			return a >= b;
		case '<':
			return a < b;
		case '<=':
			return a <= b;
		default:
			return false;
	}
}

function typeAllowed(entry, letters) {
	if (!letters) return true;
	const L = letters.toUpperCase();
	const wantsTypes = /[DFS]/.test(L);
	if (!wantsTypes) return true;
	if (entry.entryType === 'Document') return L.includes('D');
	if (isContainer(entry)) return L.includes('F');
	if (entry.entryType === 'Shortcut') return L.includes('S');
	return true;
}

/** Evaluates one term; returns undefined (no match) or an array of context hits. */
function matchTerm(repo, entry, term) {
	if (term.kind === 'template') {
		const t = entry.templateId ? repo.templates.get(entry.templateId) : undefined;
		return t && t.name.toLowerCase() === term.template.toLowerCase() ? [] : undefined;
	}
	if (term.kind === 'field') {
		const t = entry.templateId ? repo.templates.get(entry.templateId) : undefined;
		if (term.template && !(t && t.name.toLowerCase() === term.template.toLowerCase()))
			return undefined;
		const hits = [];
		for (const f of repo.fieldsOf(entry)) {
			if (term.field && f.def.name.toLowerCase() !== term.field.toLowerCase()) continue;
			for (const v of f.values) {
				if (compareValue(f.def, v, term.op, term.value))
					hits.push({ hitType: 'Field', fieldName: f.def.name, context: v });
			}
		}
		return hits.length ? hits : undefined;
	}
	const { key, op, value, options } = term;
	switch (key) {
		case 'name': {
			if (!typeAllowed(entry, options.type)) return undefined;
			const ok =
				op === '~='
					? wildcardRegex(value, { anchored: false }).test(entry.name)
					: wildcardRegex(value).test(entry.name);
			return ok ? [{ hitType: 'Name', context: entry.name }] : undefined;
		}
		case 'extension': {
			if (entry.entryType !== 'Document') return undefined;
			return wildcardRegex(value).test(entry.extension || '')
				? [{ hitType: 'Extension', context: entry.extension }]
				: undefined;
		}
		case 'basic': {
			const opt = (options.option || 'DFANLT').toUpperCase();
			if (!typeAllowed(entry, opt)) return undefined;
			const sources = /[NLTA]/.test(opt) ? opt : 'NLT';
			const words = value.split(/\s+/).filter(Boolean);
			if (!words.length) return undefined;
			const haystacks = [];
			if (sources.includes('N')) haystacks.push({ hitType: 'Name', text: entry.name });
			if (sources.includes('L')) {
				for (const f of repo.fieldsOf(entry))
					for (const v of f.values)
						haystacks.push({ hitType: 'Field', fieldName: f.def.name, text: v });
			}
			if (sources.includes('T') && entry.text)
				haystacks.push({ hitType: entry.blobId ? 'Edoc' : 'PageContent', text: entry.text });
			const hits = [];
			for (const word of words) {
				const re = wildcardRegex(word, { anchored: false });
				const found = haystacks.filter((h) => re.test(h.text));
				if (!found.length) return undefined;
				for (const h of found)
					hits.push({ hitType: h.hitType, fieldName: h.fieldName, context: snippet(h.text, re) });
			}
			return hits;
		}
		case 'lookin': {
			const found = repo.resolvePath(value.startsWith('\\') ? value : `\\${value}`);
			if (!found.entry) return undefined;
			const folder = found.entry;
			const subfolders = String(options.subfolders || 'Y').toUpperCase() !== 'N';
			if (entry.id === folder.id) return undefined;
			if (
				subfolders
					? repo.isAncestor(folder.id, repo.get(entry.parentId))
					: entry.parentId === folder.id
			)
				return [];
			return undefined;
		}
		case 'tags': {
			const re = wildcardRegex(value);
			const tag = repo.tagsOf(entry).find((t) => re.test(t.name));
			return tag ? [{ hitType: 'TagComment', context: tag.name }] : undefined;
		}
		case 'create':
			return compareDate(entry.creationTime, op, value) ? [] : undefined;
		case 'lastmodified':
		case 'modified':
			return compareDate(entry.lastModifiedTime, op, value) ? [] : undefined;
		default:
			return undefined;
	}
}

function snippet(text, re) {
	const m = re.exec(text);
	if (!m) return text.slice(0, 80);
	const start = Math.max(0, m.index - 30);
	return text.slice(start, m.index + m[0].length + 30);
}

function evaluate(repo, entry, node) {
	switch (node.op) {
		case 'and': {
			const a = evaluate(repo, entry, node.left);
			if (!a) return undefined;
			const b = evaluate(repo, entry, node.right);
			return b ? [...a, ...b] : undefined;
		}
		case 'or': {
			const a = evaluate(repo, entry, node.left);
			const b = evaluate(repo, entry, node.right);
			if (!a && !b) return undefined;
			return [...(a || []), ...(b || [])];
		}
		case 'not':
			return evaluate(repo, entry, node.expr) ? undefined : [];
		default:
			return matchTerm(repo, entry, node);
	}
}

/** Runs a search; returns [{ entry, hits }] in repository order (by entry id). */
function runSearch(repo, command) {
	const ast = parseSearch(command);
	const out = [];
	const ids = [...repo.entries.keys()].sort((a, b) => a - b);
	for (const id of ids) {
		if (id === ROOT_ID) continue;
		const entry = repo.entries.get(id);
		const hits = evaluate(repo, entry, ast);
		if (hits) out.push({ entry, hits });
	}
	return out;
}

/** SearchContextHit objects for a result row. */
function contextHits(hits) {
	return hits.map((h, n) => {
		const context = h.context || '';
		return {
			hitType: h.hitType,
			isAnnotationHit: false,
			annotationId: 0,
			pageNumber: h.hitType === 'PageContent' ? 1 : 0,
			pageOffset: 0,
			context,
			highlight1Offset: 0,
			highlight1Length: context.length,
			highlight2Offset: 0,
			highlight2Length: 0,
			hitWidth: context.length,
			edocHitCount: h.hitType === 'Edoc' ? 1 : 0,
			fieldHitCount: h.hitType === 'Field' ? 1 : 0,
			fieldName: h.fieldName || null,
			hitNumber: n + 1,
		};
	});
}

module.exports = { parseSearch, runSearch, contextHits, wildcardRegex };
