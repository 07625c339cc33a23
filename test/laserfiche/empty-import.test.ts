/**
 * A 0-byte import under both answers the emulator can give (option emptyImport, lib/documents.js:
 * nothing documents which the API Server gives): accepted, the node reports the empty document that was
 * stored; refused, the item fails with the server's 400 and nothing is stored. Simple and chunked
 * import (v2) and v1.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LaserficheEmulator, Mode } from './helpers';
import {
	CLOUD,
	SELF_HOSTED_V1,
	SELF_HOSTED_V2,
	byPath,
	repositoryOf,
	runLaserfiche,
	startEmulator,
} from './helpers';

const cases: Array<[Mode, IDataObject]> = [
	[CLOUD, {}],
	[CLOUD, { simpleImportLimit: 0.01 }],
	[SELF_HOSTED_V1, {}],
	[SELF_HOSTED_V2, {}],
];

describe.each(['accept', 'reject'] as const)(
	'0-byte import, emulator emptyImport: %s',
	(emptyImport) => {
		let lf: LaserficheEmulator;
		beforeAll(async () => {
			lf = await startEmulator({ emptyImport });
		});
		afterAll(async () => await lf.stop());

		it.each(cases.map(([mode, options]) => [mode.label, mode, options] as const))(
			'%s %j',
			async (_label, mode, options) => {
				const name = `empty ${mode.authentication}${mode.version}${Object.keys(options).join('')}`;
				const run = await runLaserfiche(
					lf,
					mode,
					{
						resource: 'document',
						operation: 'import',
						parentFolder: byPath('\\'),
						name,
						options: { importAsElectronicDocument: true, ...options },
					} as never,
					{
						input: [
							{
								json: {},
								binary: {
									data: { content: Buffer.alloc(0), fileName: 'empty.txt', mimeType: 'text/plain' },
								},
							},
						],
						onError: 'continueErrorOutput',
					},
				);
				const repo = repositoryOf(lf, mode);
				const stored = repo.childByName(1, name);
				if (emptyImport === 'accept') {
					expect(run.errors).toEqual([]);
					expect(run.success).toHaveLength(1);
					expect(run.success[0].json).toMatchObject({ name });
					expect(stored).toBeTruthy();
				} else {
					expect(run.success).toEqual([]);
					expect(run.errors).toHaveLength(1);
					// v2 answers the 400 itself; v1 reports it inside its CreateEntryResult (entryCreate.exceptions).
					const details = run.errors[0].json.details as IDataObject;
					if (mode.version === 'v2') expect(details).toMatchObject({ status: 400 });
					else
						expect(details).toMatchObject({
							operations: { entryCreate: { entryId: 0, exceptions: [{ statusCode: 400 }] } },
						});
					expect(JSON.stringify(details)).toContain('The electronic document is empty.');
					expect(stored).toBeFalsy();
				}
			},
		);
	},
);
