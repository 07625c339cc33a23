import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { transfer } from '../../helpers/transfer';
import { timeoutOption } from '../common.descriptions';

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

/** Options shared by copy and move (listed alphabetically by transferOperation). */
const createParentFoldersOption: INodeProperties = {
	displayName: 'Create Parent Folders',
	name: 'createParentFolders',
	type: 'boolean',
	default: true,
	description:
		"Whether to create the destination's folder (and its parents) when it does not exist. On by default.",
};

const maxWaitOption: INodeProperties = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600 },
	default: 300,
	description:
		'How long to wait for a large copy or move to finish before the item fails (it goes on in Files.com)',
};

const overwriteOption: INodeProperties = {
	displayName: 'Overwrite',
	name: 'overwrite',
	type: 'boolean',
	default: false,
	description:
		'Whether to replace what is already at the destination. Without it, Files.com answers "Destination Exists".',
};

const waitOption: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until Files.com has finished a large copy or move (which it runs in the background) before the node outputs the item',
};

/**
 * Copy or Move: the source path, the destination path and the options both have (with `extraOptions`
 * after Create Parent Folders, to keep them alphabetical); the work is done by `transfer`.
 */
export function transferOperation(
	operation: 'copy' | 'move',
	sourceDescription: string,
	destinationDescription: string,
	extraOptions: INodeProperties[] = [],
): {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>;
} {
	const properties: INodeProperties[] = [
		filePathProperty(sourceDescription, 'Path'),
		{
			displayName: 'Destination Path',
			name: 'destination',
			type: 'string',
			default: '',
			required: true,
			placeholder: '/Archive/2024/report.pdf',
			description: destinationDescription,
		},
		optionsCollection([
			createParentFoldersOption,
			...extraOptions,
			maxWaitOption,
			overwriteOption,
			timeoutOption,
			waitOption,
		]),
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['file'], operation: [operation] } },
			properties,
		),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			return await transfer.call(this, itemIndex, operation);
		},
	};
}
