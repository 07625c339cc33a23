import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryIdOf } from '../../helpers/entries';
import { readLocator } from '../../helpers/input';
import type { RepositoryApi } from '../../transport';
import { openRepository } from '../../transport';
import { entryLocator } from '../common.descriptions';

/**
 * A metadata operation that only reads: its one parameter is the entry, and its output is what `read`
 * makes of the entry's ID (Get Fields, Get Links, Get Tags).
 */
export function metadataReader(
	operation: string,
	read: (api: RepositoryApi, entryId: number) => Promise<IDataObject>,
): {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>;
} {
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['metadata'], operation: [operation] } },
			[entryLocator()],
		),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const locator = readLocator(this, itemIndex, 'entry', 'Entry');
			const { api } = await openRepository(this, itemIndex);
			return await read(api, await entryIdOf(api, locator));
		},
	};
}
