/**
 * An unknown repository under each answer the emulator can give (lib/unknown-repository.js: only the
 * 404 is documented): a titled ProblemDetails (with or without error code 9015) is named as an unknown
 * repository; a bare 404 cannot be told from a wrong Base URL, and the node says so by status.
 */
import { testCredential } from '../harness';
import type { LaserficheEmulator } from './helpers';
import {
	SELF_HOSTED_V2,
	byId,
	runLaserfiche,
	selfHostedCredentialData,
	startEmulator,
} from './helpers';

describe.each(['titled', 'code', 'bare'] as const)('unknown repository, answer %s', (answer) => {
	let lf: LaserficheEmulator;
	beforeAll(async () => {
		lf = await startEmulator({ unknownRepositoryAnswer: answer });
	});
	afterAll(async () => await lf.stop());

	it('the credential test names the repository (or, for a bare 404, the address)', async () => {
		const data = { ...selfHostedCredentialData(lf, 'v2'), repositoryId: 'NoSuchRepo' };
		const result = await testCredential('laserficheSelfHostedApi', data);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			answer === 'bare'
				? `No Laserfiche API Server answers at ${lf.selfHosted.baseUrl} (HTTP 404)`
				: 'The Laserfiche API Server has no repository "NoSuchRepo"',
		);
		const run = await runLaserfiche(
			lf,
			SELF_HOSTED_V2,
			{ resource: 'entry', operation: 'get', entry: byId(1) },
			{
				credentials: { lf: { type: 'laserficheSelfHostedApi', data } },
				onError: 'continueErrorOutput',
			},
		);
		expect(run.errors).toHaveLength(1);
		expect(String(run.errors[0].json.error)).toBe(result.message);
	});
});
