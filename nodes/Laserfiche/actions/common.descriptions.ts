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

/** An entry chosen by ID, by path (such as \Invoices\2026) or from a list. */
export function entryLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return resourceLocator(
		{
			displayName: 'Entry',
			name: 'entry',
			description: 'The document, folder or shortcut to work on',
		},
		[
			listMode('Select an entry...', 'searchEntries'),
			pathMode('\\Invoices\\2026\\INV-2026-0001'),
			idMode('1234'),
		],
		overrides,
	);
}

/** A folder chosen by ID, by path or from a list; the root folder (\) by default. */
export function folderLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return resourceLocator(
		{ displayName: 'Parent Folder', name: 'parentFolder' },
		[listMode('Select a folder...', 'searchFolders'), pathMode('\\Invoices\\2026'), idMode('1')],
		overrides,
		{ mode: 'path', value: '\\' },
	);
}

export const autoRenameOption: INodeProperties = {
	displayName: 'Auto Rename',
	name: 'autoRename',
	type: 'boolean',
	default: false,
	description:
		'Whether to give the entry a free name (such as "Report (2)") when the name is taken, instead of failing',
};

export const createMissingFoldersOption: INodeProperties = {
	displayName: 'Create Missing Folders',
	name: 'createMissingFolders',
	type: 'boolean',
	default: false,
	description: 'Whether to create the folders of a parent folder path that do not exist yet',
};

export const volumeOption: INodeProperties = {
	displayName: 'Volume Name',
	name: 'volumeName',
	type: 'string',
	default: '',
	description:
		"Volume to store the entry in (self-hosted only; Laserfiche Cloud ignores it). Empty uses the parent folder's volume.",
};

export const waitForTaskOption: INodeProperties = {
	displayName: 'Wait for Task',
	name: 'waitForTask',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until Laserfiche has finished; when off, the node returns the task ID at once (see Task → Get)',
};

export const taskTimeoutOption: INodeProperties = {
	displayName: 'Task Timeout',
	name: 'taskTimeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 300,
	description: 'Seconds to wait for the task before the item fails with its task ID',
};

export const { timeoutOption, timeoutOnlyOptions } = timeoutOptions('Laserfiche', 120000);

export const auditReasonOptions: INodeProperties[] = [
	{
		displayName: 'Audit Reason ID',
		name: 'auditReasonId',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'ID of the audit reason to record (0 = none); some repositories require one',
	},
	{
		displayName: 'Audit Reason Comment',
		name: 'auditReasonComment',
		type: 'string',
		default: '',
		description: 'Comment recorded with the audit reason',
	},
];

export const binaryPropertyField = (description: string): INodeProperties => ({
	displayName: 'Binary Property',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	description,
});
