import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { transfer } from '../../helpers/transfer';
import { timeoutOption } from '../common.descriptions';
import {
	createParentFoldersOption,
	filePathProperty,
	maxWaitOption,
	overwriteOption,
	waitOption,
} from './common';

const properties: INodeProperties[] = [
	filePathProperty('The path of the file or folder to copy, e.g. /Reports/2024/report.pdf', 'Path'),
	{
		displayName: 'Destination Path',
		name: 'destination',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/Archive/2024/report.pdf',
		description: 'The full path of the copy, including its name',
	},
	optionsCollection([
		createParentFoldersOption,
		{
			displayName: 'Folder Structure Only',
			name: 'structureOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to copy only the folders of a folder, without its files',
		},
		maxWaitOption,
		overwriteOption,
		timeoutOption,
		waitOption,
	]),
];

const displayOptions = { show: { resource: ['file'], operation: ['copy'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await transfer.call(this, itemIndex, 'copy');
}
