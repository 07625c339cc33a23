/** Small helpers of the contract checker: value shapes and how locations and values appear in messages. */

export const MAX_ERRORS = 50;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

export function childPath(at: string, key: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

/** Names that may hold secrets: their values never appear in messages. */
const SENSITIVE_NAME = /pass|secret|token|key|authorization|credential|assertion/i;

export function describe(value: unknown, at: string): string {
	const type =
		value === null
			? 'null'
			: Array.isArray(value)
				? 'array'
				: Buffer.isBuffer(value)
					? 'binary'
					: typeof value;
	if (SENSITIVE_NAME.test(at.slice(at.lastIndexOf('.') + 1))) return type;
	if (typeof value === 'string') return `string ${JSON.stringify(truncate(value))}`;
	if (typeof value === 'number' || typeof value === 'boolean') return `${type} ${String(value)}`;
	return type;
}

export function truncate(text: string, max = 60): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function listNames(names: Iterable<string>): string {
	const all = [...names];
	if (all.length === 0) return 'none';
	return all.length > 25 ? `${all.slice(0, 25).join(', ')}, …` : all.join(', ');
}
