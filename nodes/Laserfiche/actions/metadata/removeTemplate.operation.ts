import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryIdOf } from '../../helpers/entries';
import { readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import { entryLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({
		description: 'The entry to remove the template from (its template fields go with it)',
	}),
];

const displayOptions = { show: { resource: ['metadata'], operation: ['removeTemplate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const { api } = await openRepository(this, itemIndex);
	return await api.removeTemplate(await entryIdOf(api, locator));
}
