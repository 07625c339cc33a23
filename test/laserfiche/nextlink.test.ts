/**
 * @odata.nextLink from a server that does not know the address the client used (TLS offload, a load
 * balancer, another DNS name): the node rebases every link onto the credential's API root, keeps its
 * path and query, and never sends the token to the link's own origin. Under each of the emulator's
 * link-origin options (lib/link-origin.js) a 230-entry folder lists in full.
 */
import type { LaserficheEmulator, Mode } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	SELF_HOSTED_V2,
	byPath,
	cloudCredentialData,
	jsonOf,
	repositoryOf,
	requestsSince,
	runLaserfiche,
	selfHostedCredentialData,
	startEmulator,
} from './helpers';
import type { TlsFront } from './tls-front';
import { startTlsFront } from './tls-front';

const list = {
	resource: 'folder',
	operation: 'list',
	parentFolder: byPath('\\Big'),
	returnAll: true,
};

function seed(lf: LaserficheEmulator, mode: Mode): void {
	const repo = repositoryOf(lf, mode);
	const folder = repo.createFolder(1, 'Big');
	for (let index = 0; index < 230; index++)
		repo.createFolder(folder.id, `Entry ${String(index).padStart(3, '0')}`);
}

describe.each([SELF_HOSTED_V1, SELF_HOSTED_V2])('the 230-entry HTTPS listing, $label', (mode) => {
	let lf: LaserficheEmulator;
	let front: TlsFront;

	beforeAll(async () => {
		lf = await startEmulator();
		front = await startTlsFront(Number(new URL(lf.baseUrl).port));
		seed(lf, mode);
	});
	afterAll(async () => {
		await front.stop();
		await lf.stop();
	});

	it('returns 230 items though the links say http://, every call over the front (Ignore SSL on each)', async () => {
		const from = lf.state.requests.length;
		const data = {
			...selfHostedCredentialData(lf, mode.version),
			baseUrl: `${front.origin}/LFRepositoryAPI`,
			ignoreSSLIssues: true,
		};
		const run = await runLaserfiche(lf, mode, list, {
			credentials: { lf: { type: 'laserficheSelfHostedApi', data } },
		});
		expect(run.nodeError(run.nodeName)).toBeUndefined();
		expect(run.success).toHaveLength(230);
		expect(new Set(jsonOf(run.success).map((entry) => entry.name)).size).toBe(230);

		const seen = requestsSince(lf, from);
		const pages = seen.filter((request) => /children$/i.test(request.path));
		expect(pages).toHaveLength(2);
		// The emulator's first page linked to http://{front}: proof the link was foreign and was rebased.
		expect(
			String((pages[0].response?.body as { '@odata.nextLink'?: string })['@odata.nextLink']),
		).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/LFRepositoryAPI\//);
		expect(pages[1].url).toMatch(/(\$|%24)skiptoken=/);
		// Everything the emulator saw came through the front (TLS), nothing went to http://{front}.
		expect(front.seen.filter((request) => !request.url.startsWith('/__emulator'))).toHaveLength(
			seen.length,
		);
		expect(seen.every((request) => request.headers.host === new URL(front.origin).host)).toBe(true);
		expect(front.tlsErrors).toBe(0);
		expect(
			front.seen
				.filter((request) => /children/i.test(request.url))
				.every((request) => request.authorized),
		).toBe(true);
	});
});

describe.each([CLOUD, SELF_HOSTED_V1, SELF_HOSTED_V2])(
	'links to another DNS name, $label',
	(mode) => {
		let lf: LaserficheEmulator;

		beforeAll(async () => {
			lf = await startEmulator({ linkOrigin: 'fixed:http://lf-internal.invalid:8080' });
			seed(lf, mode);
		});
		afterAll(async () => await lf.stop());

		it('follows them on the configured API root: 230 items, same path and query', async () => {
			const from = lf.state.requests.length;
			const data =
				mode.authentication === 'cloud'
					? cloudCredentialData(lf)
					: selfHostedCredentialData(lf, mode.version);
			const type =
				mode.authentication === 'cloud' ? 'laserficheCloudApi' : 'laserficheSelfHostedApi';
			const run = await runLaserfiche(lf, mode, list, { credentials: { lf: { type, data } } });
			expect(run.nodeError(run.nodeName)).toBeUndefined();
			expect(run.success).toHaveLength(230);
			const pages = requestsSince(lf, from).filter((request) => /children$/i.test(request.path));
			expect(pages).toHaveLength(2);
			const link = new URL(
				String((pages[0].response?.body as Record<string, string>)['@odata.nextLink']),
			);
			expect(link.origin).toBe('http://lf-internal.invalid:8080');
			expect(pages[1].url).toBe(`${link.pathname}${link.search}`);
		});
	},
);
