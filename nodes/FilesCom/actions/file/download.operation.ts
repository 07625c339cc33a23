import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkRequired, timeoutParameter } from '../../../shared/validation';
import { pathParameter } from '../../helpers/params';
import { downloadFile } from '../../transport';
import { timeoutOnlyOptions } from '../common.descriptions';
import { filePathProperty } from './common';

const properties: INodeProperties[] = [
	filePathProperty('The path of the file to download, e.g. /Reports/2024/report.pdf'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description: 'The binary property of the output item to write the file to',
	},
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['file'], operation: ['download'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const path = pathParameter.call(this, 'path', itemIndex, 'File Path');
	const propertyName = checkRequired(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		'Put Output File in Field',
		'Set "Put Output File in Field" to the name of the binary field to write the file to, e.g. "data".',
	).trim();
	const timeout = timeoutParameter(this, itemIndex);
	const { file, binary } = await downloadFile.call(this, path, itemIndex, timeout);
	const input = this.getInputData()[itemIndex];
	return [
		{
			json: file,
			binary: { ...(input?.binary ?? {}), [propertyName]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
