'use strict';
/**
 * The open-search limit: Laserfiche Cloud allows 2 open searches per user (reference laserfiche-api.md,
 * "Rate limits (Cloud only)": "2 open searches per user", from developer.laserfiche.com
 * guide_api-limits.html), answering a further search with 429 "Operation limit or request limit
 * reached." (reference, "Status codes used (swagger, every op)": 429 ... "(long ops, searches)").
 * A search stays open until it is closed (DELETE …/Tasks?taskIds= on v2, DELETE …/Searches/{token} on
 * v1) or its results expire (5 minutes after they were last read: guide_search-v2).
 * Option `openSearchLimit` (default 2; 0 turns the limit off); it applies to Cloud only, as the
 * reference says of all rate limits, unless `openSearchLimitSelfHosted` is set.
 */
const { HttpError } = require('./http-util');

function openSearches(emu, owner, repositoryId) {
	const lifetimeMs = emu.options.searchResultsLifetimeSeconds * 1000;
	const now = Date.now();
	return [...emu.tasks._tasks.values()].filter(
		(task) =>
			task.type === 'SearchEntry' &&
			task.repositoryId === repositoryId &&
			task.owner.principal === owner.principal &&
			task.status !== 'Cancelled' &&
			!(task.data.touchedAt !== undefined && now - task.data.touchedAt > lifetimeMs),
	);
}

/** Throws the 429 when the caller already holds as many open searches as allowed. */
function checkOpenSearchLimit(ctx) {
	const { emu } = ctx;
	const limit = Number(emu.options.openSearchLimit) || 0;
	if (limit <= 0) return;
	if (ctx.deployment !== 'cloud' && !emu.options.openSearchLimitSelfHosted) return;
	if (openSearches(emu, ctx.owner, ctx.repo.id).length < limit) return;
	throw new HttpError(429, 'Operation limit or request limit reached.', {
		detail: `A user may have ${limit} open searches; close one before starting another.`,
	});
}

module.exports = { checkOpenSearchLimit, openSearches };
