/**
 * v1 import puts the document's name in the URL path (POST …/Entries/{parentId}/{fileName}): names
 * with URL characters (+ % # & and a space; ? is not allowed in Laserfiche names) reach the server percent-encoded and are stored as
 * given. (IIS request filtering with allowDoubleEscaping=false may refuse %25 and + in a path; that
 * case is not emulated yet.)
 */
import type { LaserficheEmulator } from './helpers';
import {
	SELF_HOSTED_V1,
	byPath,
	repositoryOf,
	requestsSince,
	runLaserfiche,
	startEmulator,
} from './helpers';

const NAMES = ['A+B', '50% off', 'Issue #7', 'Q&A', 'a b', '100%25'];

let lf: LaserficheEmulator;
beforeAll(async () => {
	lf = await startEmulator();
});
afterAll(async () => await lf.stop());

it.each(NAMES)('imports "%s" under its own name', async (name) => {
	const from = lf.state.requests.length;
	const run = await runLaserfiche(
		lf,
		SELF_HOSTED_V1,
		{
			resource: 'document',
			operation: 'import',
			parentFolder: byPath('\\'),
			name,
			options: { importAsElectronicDocument: true },
		} as never,
		{
			input: [
				{
					json: {},
					binary: {
						data: { content: Buffer.from('text'), fileName: 'a.txt', mimeType: 'text/plain' },
					},
				},
			],
			onError: 'continueErrorOutput',
		},
	);
	expect(run.errors).toEqual([]);
	expect(run.success[0].json).toMatchObject({ name });
	expect(repositoryOf(lf, SELF_HOSTED_V1).childByName(1, name)).toBeTruthy();
	const post = requestsSince(lf, from).find(
		(request) => request.method === 'POST' && /\/Entries\/1\//.test(request.path),
	);
	expect(post?.url).toContain(`/Entries/1/${encodeURIComponent(name)}`);
});
