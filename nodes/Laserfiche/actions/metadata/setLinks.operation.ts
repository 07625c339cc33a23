import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidInput } from '../../../shared/validation';
import { entryIdOf } from '../../helpers/entries';
import { checkLinks, readLocator } from '../../helpers/input';
import { openRepository } from '../../transport';
import { entryLocator } from '../common.descriptions';
import { mergeLinks, modeField } from './shared';

const properties: INodeProperties[] = [
	entryLocator(),
	{
		displayName: 'Links',
		name: 'links',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Link',
		default: {},
		description:
			'Links between this entry and others. In Replace mode, no link removes every link.',
		options: [
			{
				displayName: 'Link',
				name: 'link',
				values: [
					{
						displayName: 'Link Definition ID',
						name: 'linkDefinitionId',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
						description:
							'ID of the link definition (the kind of link, such as "Supporting Document")',
					},
					{
						displayName: 'Other Entry ID',
						name: 'otherEntryId',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
						description: 'ID of the entry at the other end of the link',
					},
					{
						displayName: 'Is Source',
						name: 'isSource',
						type: 'boolean',
						default: true,
						description:
							"Whether this entry is the link's source (on) or its target (off; API v2 only)",
					},
				],
			},
		],
	},
	modeField('links'),
];

const displayOptions = { show: { resource: ['metadata'], operation: ['setLinks'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const given = checkLinks(
		node,
		itemIndex,
		this.getNodeParameter('links.link', itemIndex, []) as IDataObject[],
	);
	const mode = this.getNodeParameter('mode', itemIndex, 'merge') as string;
	const { api } = await openRepository(this, itemIndex);
	if (api.version === 'v1') {
		const targetSide = given.findIndex((link) => !link.isSource);
		if (targetSide >= 0) {
			throw invalidInput(
				node,
				itemIndex,
				`Links (row ${targetSide + 1})`,
				'"Is Source" is off, but the repository API v1 only links from the entry being changed',
				'Turn "Is Source" on and set the link on the other entry instead, or use a server with API v2.',
			);
		}
	}
	const entryId = await entryIdOf(api, locator);
	const links =
		mode === 'merge'
			? mergeLinks(entryId, await api.getLinks(entryId), given, api.version === 'v1')
			: given;
	return { entryId, links: await api.setLinks(entryId, links) };
}
