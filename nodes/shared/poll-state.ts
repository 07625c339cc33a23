/**
 * What a polling trigger has already seen, kept in the workflow's static data: a map from an entry's
 * key (Files.com path, Laserfiche entry id) to its version (modification time). An entry is new or
 * changed when its key is unknown or its version differs, so neither a clock skew nor a file that keeps
 * an old timestamp (copied, synced) is missed, and nothing is emitted twice.
 * The first poll only records what is there and emits nothing.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

export interface VersionedEntry<T> {
	key: string;
	version: string;
	entry: T;
}

interface SeenState extends IDataObject {
	initialized: boolean;
	seen: Record<string, string>;
}

/**
 * Compares a listing with what was seen, records it, and returns the entries to emit.
 * @param complete whether the listing covers the whole watched scope (a listing cut short by the poll
 *   budget must not forget entries it did not reach).
 */
export function takeNewOrChanged<T>(
	staticData: IDataObject,
	listing: Array<VersionedEntry<T>>,
	complete: boolean,
): { entries: T[]; firstRun: boolean } {
	const state = staticData as SeenState;
	const firstRun = state.initialized !== true;
	const previous: Record<string, string> = state.seen ?? {};
	const changed = firstRun ? [] : listing.filter(({ key, version }) => previous[key] !== version);
	const next: Record<string, string> = complete ? {} : { ...previous };
	for (const { key, version } of listing) next[key] = version;
	state.seen = next;
	state.initialized = true;
	return { entries: changed.map(({ entry }) => entry), firstRun };
}

/** n8n's own default poll budget (n8n-core's PollContext: 5 minutes). */
const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

/**
 * The time one poll may take. `getPollBudgetMs` is recent (n8n 2.x); n8n 1.x has none, and then a poll
 * gets n8n's own default budget.
 */
export function pollBudgetMs(context: IPollFunctions): number {
	const own = (context as Partial<IPollFunctions>).getPollBudgetMs;
	return typeof own === 'function' ? own.call(context) : DEFAULT_POLL_BUDGET_MS;
}
