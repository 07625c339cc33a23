import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryAt } from '../../helpers/entries';
import { readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import { entryLocator, timeoutOnlyOptions } from '../common.descriptions';

const properties: INodeProperties[] = [entryLocator(), timeoutOnlyOptions];

const displayOptions = { show: { resource: ['entry'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const { api } = await openRepository(this, itemIndex);
	return await entryAt(api, locator);
}
