import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { idMode, listMode, resourceLocator, resourceSelector } from '../../shared/descriptions';
import * as document from './document/Document.resource';
import * as entry from './entry/Entry.resource';
import * as folder from './folder/Folder.resource';
import * as metadata from './metadata/Metadata.resource';
import * as search from './search/Search.resource';
import * as task from './task/Task.resource';

/** Cloud or self-hosted: which credential the node uses. */
export const authenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'Laserfiche Cloud',
			value: 'cloud',
			description: 'Service principal key and access key; the repository is chosen below',
		},
		{
			name: 'Self-Hosted',
			value: 'selfHosted',
			description: 'A Laserfiche API Server; the credential names the repository',
		},
	],
	default: 'cloud',
};

/** The Cloud repository (a Cloud credential reaches every repository of the account). */
export const repositoryField: INodeProperties = resourceLocator(
	{
		displayName: 'Repository',
		name: 'repositoryId',
		displayOptions: { show: { authentication: ['cloud'] } },
		description: 'The Laserfiche Cloud repository to work in',
	},
	[listMode('Select a repository...', 'searchRepositories'), idMode('r-0001abcd')],
);

export const credentialsFor: INodeCredentialDescription[] = [
	{
		name: 'laserficheCloudApi',
		required: true,
		displayOptions: { show: { authentication: ['cloud'] } },
	},
	{
		name: 'laserficheSelfHostedApi',
		required: true,
		displayOptions: { show: { authentication: ['selfHosted'] } },
	},
];

/** Every parameter of the node: authentication, repository, resource, and each operation's own. */
export const properties: INodeProperties[] = [
	authenticationField,
	repositoryField,
	resourceSelector(
		[
			{ name: 'Document', value: 'document' },
			{ name: 'Entry', value: 'entry' },
			{ name: 'Folder', value: 'folder' },
			{ name: 'Metadata', value: 'metadata' },
			{ name: 'Search', value: 'search' },
			{ name: 'Task', value: 'task' },
		],
		'document',
	),
	...document.description,
	...entry.description,
	...folder.description,
	...metadata.description,
	...search.description,
	...task.description,
];
