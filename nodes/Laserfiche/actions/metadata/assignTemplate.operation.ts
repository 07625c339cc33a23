import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { hasControlCharacters, invalidInput } from '../../../shared/validation';
import { entryIdOf } from '../../helpers/entries';
import { checkFields, readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import { entryLocator } from '../common.descriptions';
import { fieldsField } from './shared';

const properties: INodeProperties[] = [
	entryLocator(),
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Invoice',
		description: "Name of the template to assign (it replaces the entry's current template)",
	},
	fieldsField("Values of the template's fields (required fields must get one)"),
];

const displayOptions = { show: { resource: ['metadata'], operation: ['assignTemplate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const node = this.getNode();
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const templateName = String(this.getNodeParameter('templateName', itemIndex, '') ?? '').trim();
	if (templateName === '')
		throw invalidInput(
			node,
			itemIndex,
			'Template Name',
			'is empty',
			'Enter the name of a template, such as "Invoice".',
		);
	if (hasControlCharacters(templateName)) {
		throw invalidInput(
			node,
			itemIndex,
			'Template Name',
			'contains control characters',
			'Remove them from the template name.',
		);
	}
	const fields = checkFields(
		node,
		itemIndex,
		this.getNodeParameter('fields.field', itemIndex, []) as IDataObject[],
		false,
	);
	const { api } = await openRepository(this, itemIndex);
	const entryId = await entryIdOf(api, locator);
	return await api.setTemplate(entryId, templateName, fields);
}
