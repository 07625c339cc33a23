import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { entryIdOf } from '../../helpers/entries';
import { checkName, readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import { autoRenameOption, entryLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({ description: 'The entry to rename' }),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Invoice 2026-001',
		description: 'The new name (without \\ / : * ? " &lt; &gt; |)',
	},
	optionsCollection([autoRenameOption]),
];

const displayOptions = { show: { resource: ['entry'], operation: ['rename'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const name = checkName(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('name', itemIndex, ''),
		'Name',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { api } = await openRepository(this, itemIndex);
	const id = await entryIdOf(api, locator);
	return await api.updateEntry(id, {
		name,
		autoRename: options.autoRename === true ? true : undefined,
	});
}
