import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryIdOf } from '../../helpers/entries';
import { readLocator } from '../../helpers/input';
import { openRepository } from '../../transport';
import { entryLocator } from '../common.descriptions';
import { fieldValues } from './shared';

const properties: INodeProperties[] = [entryLocator()];

const displayOptions = { show: { resource: ['metadata'], operation: ['getFields'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const { api } = await openRepository(this, itemIndex);
	const entryId = await entryIdOf(api, locator);
	const fields = await api.getFields(entryId);
	return { entryId, fields, fieldValues: fieldValues(fields) };
}
