import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryIdOf } from '../../helpers/entries';
import { checkFields, readLocator } from '../../helpers/input';
import { openRepository } from '../../transport';
import { entryLocator } from '../common.descriptions';
import { fieldValues, fieldsField, mergeFields, modeField } from './shared';

const properties: INodeProperties[] = [
	entryLocator(),
	fieldsField('The field values to write'),
	modeField('fields'),
];

const displayOptions = { show: { resource: ['metadata'], operation: ['setFields'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const rows = this.getNodeParameter('fields.field', itemIndex, []) as IDataObject[];
	const mode = this.getNodeParameter('mode', itemIndex, 'merge') as string;
	const given = checkFields(this.getNode(), itemIndex, rows, mode === 'merge');
	const { api } = await openRepository(this, itemIndex);
	const entryId = await entryIdOf(api, locator);
	const fields = await api.setFields(
		entryId,
		mode === 'merge' ? mergeFields(await api.getFields(entryId), given) : given,
	);
	return { entryId, fields, fieldValues: fieldValues(fields) };
}
