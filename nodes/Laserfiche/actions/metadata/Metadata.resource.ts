import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as assignTemplate from './assignTemplate.operation';
import * as getFields from './getFields.operation';
import * as getLinks from './getLinks.operation';
import * as getTags from './getTags.operation';
import * as removeTemplate from './removeTemplate.operation';
import * as setFields from './setFields.operation';
import * as setLinks from './setLinks.operation';
import * as setTags from './setTags.operation';

export {
	assignTemplate,
	getFields,
	getLinks,
	getTags,
	removeTemplate,
	setFields,
	setLinks,
	setTags,
};

export const description: INodeProperties[] = [
	operationSelector(
		'metadata',
		[
			{
				name: 'Assign Template',
				value: 'assignTemplate',
				description: 'Assign a template and its field values',
				action: 'Assign a template',
			},
			{
				name: 'Get Fields',
				value: 'getFields',
				description: 'Get the field values of an entry',
				action: 'Get the fields of an entry',
			},
			{
				name: 'Get Links',
				value: 'getLinks',
				description: 'Get the links of an entry',
				action: 'Get the links of an entry',
			},
			{
				name: 'Get Tags',
				value: 'getTags',
				description: 'Get the tags of an entry',
				action: 'Get the tags of an entry',
			},
			{
				name: 'Remove Template',
				value: 'removeTemplate',
				description: 'Remove the template of an entry',
				action: 'Remove the template of an entry',
			},
			{
				name: 'Set Fields',
				value: 'setFields',
				description: 'Write field values (merge or replace)',
				action: 'Set the fields of an entry',
			},
			{
				name: 'Set Links',
				value: 'setLinks',
				description: 'Write links (merge or replace)',
				action: 'Set the links of an entry',
			},
			{
				name: 'Set Tags',
				value: 'setTags',
				description: 'Write tags (merge or replace)',
				action: 'Set the tags of an entry',
			},
		],
		'getFields',
	),
	...getFields.description,
	...setFields.description,
	...assignTemplate.description,
	...removeTemplate.description,
	...getTags.description,
	...setTags.description,
	...getLinks.description,
	...setLinks.description,
];
