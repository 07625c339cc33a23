import type { INodeProperties } from 'n8n-workflow';
import {
	idMode,
	listMode,
	pathMode,
	resourceLocator,
	timeoutOptions,
} from '../../shared/descriptions';

// No `validation` regexes on locator modes: n8n runs them in a VM with a 250 ms limit when every
// execution starts, which fails workflows on a busy server. The operations check IDs and paths themselves
// before any request, with a message naming the field.

/** A folder: picked from a browsable list (folders one level at a time, searchable by path) or typed as a path. */
export function folderLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return resourceLocator(
		{
			displayName: 'Folder',
			name: 'path',
			description: 'The folder. "/" is the root of the site.',
		},
		[
			listMode('Select a folder...', 'searchFolders'),
			pathMode('/Reports/2024', 'The folder path from the site root, e.g. /Reports/2024'),
		],
		overrides,
	);
}

export const apiKeyLocator: INodeProperties = resourceLocator(
	{
		displayName: 'API Key',
		name: 'apiKeyId',
		description: 'The API key to act on (not the key of this credential unless you choose it)',
	},
	[listMode('Select an API key...', 'searchApiKeys'), idMode('12345')],
);

export function userLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return resourceLocator(
		{ displayName: 'User', name: 'userId', description: 'The Files.com user' },
		[listMode('Select a user...', 'searchUsers'), idMode('12345')],
		overrides,
	);
}

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
