import type { INodeProperties } from 'n8n-workflow';
import { timeoutOptions } from '../../shared/descriptions';

// No `validation` regexes on locator modes: n8n runs them in a VM with a 250 ms limit when every
// execution starts, which fails workflows on a busy server. The operations check IDs and paths themselves
// before any request, with a message naming the field.

/** A folder: picked from a browsable list (folders one level at a time, searchable by path) or typed as a path. */
export function folderLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Folder',
		name: 'path',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The folder. "/" is the root of the site.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a folder...',
				typeOptions: { searchListMethod: 'searchFolders', searchable: true },
			},
			{
				displayName: 'By Path',
				name: 'path',
				type: 'string',
				placeholder: '/Reports/2024',
				hint: 'The folder path from the site root, e.g. /Reports/2024',
			},
		],
		...overrides,
	};
}

export const apiKeyLocator: INodeProperties = {
	displayName: 'API Key',
	name: 'apiKeyId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The API key to act on (not the key of this credential unless you choose it)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an API key...',
			typeOptions: { searchListMethod: 'searchApiKeys', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '12345',
		},
	],
};

export function userLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Files.com user',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345',
			},
		],
		...overrides,
	};
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const permissionSetOptions = [
	{
		name: 'Desktop App',
		value: 'desktop_app',
		description: 'Only what the Files.com desktop app does (files and share links)',
	},
	{ name: 'Full', value: 'full', description: "Everything the key's user may do" },
	{
		name: 'Mobile App',
		value: 'mobile_app',
		description: 'Only what the Files.com mobile app does',
	},
	{
		name: 'None (Disabled)',
		value: 'none',
		description: 'Disables the key; set another permission set to enable it again',
	},
	{
		name: 'Office Integration',
		value: 'office_integration',
		description: 'For the Office integration',
	},
	{ name: 'Sync App', value: 'sync_app', description: 'Only what the Files.com sync app does' },
];

export const { timeoutOption, timeoutOnlyOptions } = timeoutOptions('Files.com', 60000);
