import type { INodeProperties } from 'n8n-workflow';

/** The path of an existing file (or folder) the operation acts on. */
export function filePathProperty(description: string, displayName = 'File Path'): INodeProperties {
	return {
		displayName,
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/Reports/2024/report.pdf',
		description,
	};
}

/** Options shared by copy and move (listed in each operation, alphabetically). */
export const createParentFoldersOption: INodeProperties = {
	displayName: 'Create Parent Folders',
	name: 'createParentFolders',
	type: 'boolean',
	default: true,
	description:
		"Whether to create the destination's folder (and its parents) when it does not exist. On by default.",
};

export const maxWaitOption: INodeProperties = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600 },
	default: 300,
	description:
		'How long to wait for a large copy or move to finish before the item fails (it goes on in Files.com)',
};

export const overwriteOption: INodeProperties = {
	displayName: 'Overwrite',
	name: 'overwrite',
	type: 'boolean',
	default: false,
	description:
		'Whether to replace what is already at the destination. Without it, Files.com answers "Destination Exists".',
};

export const waitOption: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until Files.com has finished a large copy or move (which it runs in the background) before the node outputs the item',
};
