'use strict';
/**
 * Field value rules: every value travels as a string; it is checked against its field definition
 * (type, length, list values, single/multi value) and stored in a canonical form. Dates and times
 * must not carry a time-zone offset (Laserfiche rejects "Z" and "+08:00").
 */
const { HttpError } = require('./http-util');
const { ERROR_CODES } = require('./problem');

function invalid(def, value, why) {
	return new HttpError(400, 'Invalid field value.', {
		detail: `The value '${value}' is not valid for field '${def.name}' (${def.fieldType}): ${why}.`,
		errorCode: ERROR_CODES.invalidFieldValue,
	});
}

const pad = (n) => String(n).padStart(2, '0');

function normalizeValue(def, raw) {
	if (raw === null || raw === undefined) throw invalid(def, raw, 'a value is required');
	const value = typeof raw === 'string' ? raw : String(raw);
	switch (def.fieldType) {
		case 'String':
		case 'Blob': {
			if (def.length > 0 && value.length > def.length)
				throw invalid(def, value, `longer than ${def.length} characters`);
			if (def.constraint) {
				let re;
				try {
					re = new RegExp(`^(?:${def.constraint})$`);
				} catch {
					re = undefined;
				}
				if (re && !re.test(value)) {
					throw new HttpError(400, 'Invalid field value.', {
						detail:
							def.constraintError ||
							`The value '${value}' does not match the constraint of field '${def.name}'.`,
						errorCode: ERROR_CODES.invalidFieldValue,
					});
				}
			}
			return value;
		}
		case 'Number': {
			const v = value.trim();
			if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) throw invalid(def, value, 'not a number');
			return String(Number(v));
		}
		case 'ShortInteger':
		case 'LongInteger': {
			const v = value.trim();
			if (!/^[+-]?\d+$/.test(v)) throw invalid(def, value, 'not an integer');
			const n = Number(v);
			const max = def.fieldType === 'ShortInteger' ? 65535 : 4294967295;
			if (n < 0 || n > max) throw invalid(def, value, `outside 0..${max}`);
			return String(n);
		}
		case 'Date': {
			const m = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00(?:\.0+)?)?)?$/.exec(value.trim());
			if (!m || !validDate(m[1], m[2], m[3]))
				throw invalid(def, value, 'expected yyyy-MM-dd without a time-zone offset');
			return `${m[1]}-${m[2]}-${m[3]}T00:00:00`;
		}
		case 'DateTime': {
			const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(
				value.trim(),
			);
			if (
				!m ||
				!validDate(m[1], m[2], m[3]) ||
				Number(m[4] || 0) > 23 ||
				Number(m[5] || 0) > 59 ||
				Number(m[6] || 0) > 59
			) {
				throw invalid(def, value, 'expected yyyy-MM-ddTHH:mm:ss without a time-zone offset');
			}
			return `${m[1]}-${m[2]}-${m[3]}T${m[4] || '00'}:${m[5] || '00'}:${m[6] || '00'}`;
		}
		case 'Time': {
			const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
			if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] || 0) > 59)
				throw invalid(def, value, 'expected HH:mm:ss');
			return `${m[1]}:${m[2]}:${m[3] || '00'}`;
		}
		case 'List': {
			const match = (def.listValues || []).find((v) => v.toLowerCase() === value.toLowerCase());
			if (match === undefined)
				throw invalid(def, value, `not one of ${JSON.stringify(def.listValues || [])}`);
			return match;
		}
		default:
			return value;
	}
}

function validDate(y, m, d) {
	const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
	return (
		date.getUTCFullYear() === Number(y) &&
		date.getUTCMonth() === Number(m) - 1 &&
		date.getUTCDate() === Number(d)
	);
}

/** Validates and canonicalises the values for one field. */
function normalizeValues(def, values) {
	if (values === undefined || values === null) return [];
	if (!Array.isArray(values)) throw invalid(def, values, 'values must be an array of strings');
	const out = values.filter((v) => v !== null && v !== '').map((v) => normalizeValue(def, v));
	if (!def.isMultiValue && out.length > 1)
		throw invalid(def, out.join(', '), 'the field is single-valued');
	return out;
}

/** Formats a stored value for `formatFieldValues=true` (en-US style unless a culture is given). */
function formatValue(def, value, culture) {
	const locale = culture || 'en-US';
	try {
		switch (def.fieldType) {
			case 'Date': {
				const [y, m, d] = value.slice(0, 10).split('-').map(Number);
				return new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).format(
					new Date(Date.UTC(y, m - 1, d)),
				);
			}
			case 'DateTime': {
				const dt = new Date(`${value}Z`);
				return new Intl.DateTimeFormat(locale, {
					timeZone: 'UTC',
					dateStyle: 'short',
					timeStyle: 'medium',
				}).format(dt);
			}
			case 'Number':
				if (def.format === 'Currency')
					return new Intl.NumberFormat(locale, {
						style: 'currency',
						currency: def.currency || 'USD',
					}).format(Number(value));
				if (def.format === 'Percent')
					return new Intl.NumberFormat(locale, { style: 'percent' }).format(Number(value));
				return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(Number(value));
			case 'ShortInteger':
			case 'LongInteger':
				return new Intl.NumberFormat(locale).format(Number(value));
			default:
				return value;
		}
	} catch {
		return value;
	}
}

function dateOnly(d) {
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

module.exports = { normalizeValue, normalizeValues, formatValue, dateOnly };
