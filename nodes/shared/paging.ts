/**
 * "Return All" and "Limit" for list operations, whatever a service's paging looks like: `fetchPage`
 * returns one page and the token for the next (cursor, nextLink...), or undefined at the end.
 */
export interface Page<T> {
	entries: T[];
	next?: string;
}

interface CollectOptions {
	/** Undefined (Return All) or the most entries to return. */
	limit?: number;
	/** Stop early when this returns false (e.g. a poll budget ran out); what was collected is returned. */
	keepGoing?: () => boolean;
}

export async function collectPages<T>(
	fetchPage: (token: string | undefined, remaining: number | undefined) => Promise<Page<T>>,
	options: CollectOptions = {},
): Promise<T[]> {
	const collected: T[] = [];
	let token: string | undefined;
	do {
		const remaining = options.limit === undefined ? undefined : options.limit - collected.length;
		const page = await fetchPage(token, remaining);
		for (const entry of page.entries) {
			if (options.limit !== undefined && collected.length >= options.limit) break;
			collected.push(entry);
		}
		token = page.next;
	} while (
		token !== undefined &&
		token !== '' &&
		(options.limit === undefined || collected.length < options.limit) &&
		(options.keepGoing?.() ?? true)
	);
	return collected;
}
