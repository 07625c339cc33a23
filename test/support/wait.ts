/**
 * Waiting in tests on a condition, never on "fast enough": `until` checks `condition` every few
 * milliseconds and fails (never passes) once `timeoutMs` has gone by without it.
 */
export async function until(
	condition: () => boolean,
	what: string,
	timeoutMs = 20_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline)
			throw new Error(`still not the case after ${timeoutMs / 1000} s: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
