/**
 * The lists behind the resource locators ("From List"), run the way the editor runs them: n8n-core's
 * LoadOptionsContext on a node holding the current parameters, with real credentials.
 */
import type { INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { runListSearch } from '../harness';
import type { LaserficheEmulator, Mode } from './helpers';
import {
	CLOUD,
	MODES,
	contractViolations,
	credentialsFor,
	modeParameters,
	requestsSince,
	startEmulator,
} from './helpers';

let lf: LaserficheEmulator;
beforeAll(async () => {
	lf = await startEmulator();
});
afterAll(async () => await lf.stop());

/** Through the harness's runListSearch: the answer, the error and the logs go through the secret scan. */
async function list(
	mode: Mode,
	method: string,
	parameters: INodeParameters,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentialType =
		mode.authentication === 'cloud' ? 'laserficheCloudApi' : 'laserficheSelfHostedApi';
	return await runListSearch({
		node: {
			type: 'laserfiche',
			name: 'Temp-Node',
			typeVersion: 1,
			parameters,
			credentials: { [credentialType]: 'lf' },
		},
		credentials: { lf: { type: credentialType, data: credentialsFor(lf, mode).lf.data } },
		method,
		filter,
		path: 'parameters.entry',
	});
}

describe('repository list (Cloud)', () => {
	it("lists the account's repositories, without a repository chosen yet", async () => {
		const from = lf.state.requests.length;
		const result = await list(CLOUD, 'searchRepositories', {
			authentication: 'cloud',
			repositoryId: { __rl: true, mode: 'list', value: '' },
		});
		expect(result.results).toEqual([
			{
				name: 'Emulator Cloud Repository',
				value: lf.cloud.repositoryId,
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/laserfiche$/),
			},
		]);
		expect(
			(await list(CLOUD, 'searchRepositories', { authentication: 'cloud' }, 'nothing like it'))
				.results,
		).toEqual([]);
		expect(contractViolations(requestsSince(lf, from))).toEqual([]);
	});
});

describe.each(MODES)('entry and folder lists, $label', (mode: Mode) => {
	const parameters = () =>
		({ ...modeParameters(lf, mode), resource: 'entry', operation: 'get' }) as INodeParameters;

	it('lists the root folder, filters by name, and browses a path', async () => {
		const from = lf.state.requests.length;
		const root = await list(mode, 'searchEntries', parameters());
		expect(root.results.map((item) => item.name)).toEqual(
			expect.arrayContaining(['\\Invoices', '\\Welcome', '\\Contracts']),
		);

		const folders = await list(mode, 'searchFolders', parameters());
		expect(folders.results[0]).toEqual({ name: '\\ (root folder)', value: '1' });
		expect(folders.results.map((item) => item.name)).not.toContain('\\Welcome');

		const filtered = await list(mode, 'searchEntries', parameters(), 'invo');
		expect(filtered.results.map((item) => item.name)).toEqual(['\\Invoices']);

		const browsed = await list(mode, 'searchEntries', parameters(), '\\Invoices\\2026');
		expect(browsed.results.map((item) => item.name)).toEqual([
			'\\Invoices\\2026\\INV-2026-0001 Acme Corp',
			'\\Invoices\\2026\\INV-2026-0002 Globex',
			'\\Invoices\\2026\\INV-2026-0003 Café Müller',
		]);
		expect(contractViolations(requestsSince(lf, from))).toEqual([]);
	});
});
