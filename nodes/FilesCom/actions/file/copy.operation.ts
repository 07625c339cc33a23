import { transferOperation } from './common';

export const { description, execute } = transferOperation(
	'copy',
	'The path of the file or folder to copy, e.g. /Reports/2024/report.pdf',
	'The full path of the copy, including its name',
	[
		{
			displayName: 'Folder Structure Only',
			name: 'structureOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to copy only the folders of a folder, without its files',
		},
	],
);
