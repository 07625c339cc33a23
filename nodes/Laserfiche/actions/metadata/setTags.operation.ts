import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryIdOf } from '../../helpers/entries';
import { checkTags, readLocator } from '../../helpers/input';
import { openRepository } from '../../transport';
import { entryLocator, timeoutOnlyOptions } from '../common.descriptions';
import { modeField } from './shared';

const properties: INodeProperties[] = [
	entryLocator(),
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'Approved, Needs Review',
		description:
			'Names of the tags, separated by commas (or an array from an expression). In Replace mode, empty removes every tag.',
	},
	modeField('tags'),
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['metadata'], operation: ['setTags'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const given = checkTags(this.getNode(), itemIndex, this.getNodeParameter('tags', itemIndex, ''));
	const mode = this.getNodeParameter('mode', itemIndex, 'merge') as string;
	const { api } = await openRepository(this, itemIndex);
	const entryId = await entryIdOf(api, locator);
	let tags = given;
	if (mode === 'merge') {
		const existing = (await api.getTags(entryId)).map((tag) => String(tag.name));
		tags = [
			...existing,
			...given.filter(
				(tag) => !existing.some((known) => known.toLowerCase() === tag.toLowerCase()),
			),
		];
	}
	return { entryId, tags: await api.setTags(entryId, tags) };
}
