/**
 * Access tokens: requested at most once per credential per execution and reused by every item, reused
 * by the next execution (n8n persists the hidden expirable token), and refreshed exactly once when
 * every token expires in the middle of a run, with every item still succeeding.
 */
import type { LaserficheEmulator, Mode } from './helpers';
import {
	CredentialStore,
	MODES,
	byId,
	contractViolations,
	expectNoSecrets,
	onLaserficheRequest,
	requestsSince,
	runLaserfiche,
	secretsOf,
	startEmulator,
	visibleText,
} from './helpers';

const ITEMS = 200;

describe.each(MODES)('tokens, $label', (mode: Mode) => {
	// One emulator per test: its secrets and URLs differ, so no token answer shared by concurrent
	// executions of one process (see sharedTokenRequest) carries over from an earlier test.
	let lf: LaserficheEmulator;
	beforeEach(async () => {
		lf = await startEmulator();
	});
	afterEach(async () => await lf.stop());

	const tokenRequests = () =>
		mode.authentication === 'cloud'
			? lf.state.tokenRequests.cloud
			: lf.state.tokenRequests.selfHosted;
	const input = Array.from({ length: ITEMS }, (_, index) => ({
		json: { index, entryId: index % 2 === 0 ? 1 : 2 },
	}));
	const parameters = {
		resource: 'entry',
		operation: 'get',
		entry: { __rl: true, mode: 'id', value: '={{ $json.entryId }}' },
	};

	it(`${ITEMS} items in one execution cause exactly one token request; the next execution reuses the token`, async () => {
		const store = new CredentialStore();
		const before = tokenRequests();
		const from = lf.state.requests.length;
		const run = await runLaserfiche(lf, mode, parameters as never, { input, store });
		expect(run.status).toBe('success');
		expect(run.success).toHaveLength(ITEMS);
		expect(run.success.map((item) => item.json.id)).toEqual(input.map((item) => item.json.entryId));
		expect(run.success.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
			input.map((_, index) => index),
		);
		expect(tokenRequests() - before).toBe(1);
		expect(store.preAuthenticationCalls).toHaveLength(1);
		expect(requestsSince(lf, from).filter((request) => !/Token$/.test(request.path))).toHaveLength(
			ITEMS,
		);

		const again = await runLaserfiche(
			lf,
			mode,
			{ resource: 'entry', operation: 'get', entry: byId(1) } as never,
			{ store },
		);
		expect(again.status).toBe('success');
		expect(tokenRequests() - before).toBe(1);
		expect(contractViolations(requestsSince(lf, from))).toEqual([]);
		expectNoSecrets(visibleText(run), secretsOf(lf, store));
	});

	it('when every token expires mid-run: exactly one more token request, and every item succeeds', async () => {
		const store = new CredentialStore();
		const before = tokenRequests();
		const from = lf.state.requests.length;
		// Every token expires when the (ITEMS / 2)-th request reaches the emulator, before it is answered.
		let expiredAt = -1;
		const unhook = onLaserficheRequest(lf, undefined, /./, ITEMS / 2, () => {
			expiredAt = lf.state.requests.length;
			lf.expireAllTokens();
		});
		let run;
		try {
			run = await runLaserfiche(lf, mode, parameters as never, { input, store });
		} finally {
			unhook();
		}
		expect(expiredAt - from).toBe(ITEMS / 2);
		expect(run.status).toBe('success');
		expect(run.errors).toEqual([]);
		expect(run.success).toHaveLength(ITEMS);
		expect(run.success.map((item) => item.json.id)).toEqual(input.map((item) => item.json.entryId));
		expect(tokenRequests() - before).toBe(2);
		const requests = requestsSince(lf, from);
		expect(requests.filter((request) => request.status === 401)).toHaveLength(1);
		expect(store.preAuthenticationCalls.map((call) => call.expired)).toEqual([false, true]);
		// The refreshed token was persisted, and used by every later item.
		const tokenAfter = String(store.get('lf').accessToken);
		expect(
			requests
				.slice(expiredAt - from + 3)
				.every(
					(request) =>
						/Token$/.test(request.path) || request.headers.authorization === `Bearer ${tokenAfter}`,
				),
		).toBe(true);
		expect(contractViolations(requests)).toEqual([]);
		expectNoSecrets(visibleText(run), secretsOf(lf, store));
	});
});
