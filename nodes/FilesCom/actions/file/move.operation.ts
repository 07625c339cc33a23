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
	filePathProperty(
		'The path of the file or folder to move or rename, e.g. /Inbox/report.pdf',
		'Path',
	),
	{
		displayName: 'Destination Path',
		name: 'destination',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/Archive/2024/report.pdf',
		description: 'The new full path, including the name (a new name in the same folder renames it)',
	},
	optionsCollection([
		createParentFoldersOption,
		maxWaitOption,
		overwriteOption,
		timeoutOption,
		waitOption,
	]),
];

const displayOptions = { show: { resource: ['file'], operation: ['move'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await transfer.call(this, itemIndex, 'move');
}
