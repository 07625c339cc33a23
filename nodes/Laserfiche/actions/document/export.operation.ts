import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { invalidInput } from '../../../shared/validation';
import { entryAt, exportFileName } from '../../helpers/entries';
import { optionalId, readLocator } from '../../helpers/input';
import { openRepository } from '../../transport';
import { auditReasonOptions, binaryPropertyField, entryLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({ description: 'The document to export' }),
	binaryPropertyField('Name of the output binary property to put the file in'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...auditReasonOptions],
	},
];

const displayOptions = { show: { resource: ['document'], operation: ['export'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const propertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
	if (propertyName === '') {
		throw invalidInput(node, itemIndex, 'Binary Property', 'is empty', 'Enter the name of the binary property to put the file in, such as "data".');
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const auditReasonId = optionalId(node, itemIndex, options.auditReasonId, 'Audit Reason ID');
	const auditReasonComment = (options.auditReasonComment as string) || undefined;
	const { api } = await openRepository(this, itemIndex);
	const entry = await entryAt(api, locator);
	if (entry.entryType !== 'Document') {
		throw new NodeOperationError(node, `Entry: "${entry.fullPath ?? entry.name}" is a ${entry.entryType}, not a document`, {
			itemIndex,
			description: 'Only documents can be exported. Choose a document (a shortcut\'s target ID is in its "targetId").',
		});
	}
	const file = await api.exportDocument(entry, { auditReasonId, auditReasonComment });
	const mimeType = (typeof entry.mimeType === 'string' && entry.mimeType) || file.mimeType?.split(';')[0] || 'application/octet-stream';
	const binary = await this.helpers.prepareBinaryData(file.body, exportFileName(entry), mimeType);
	const input = this.getInputData()[itemIndex];
	return [{ json: entry, binary: { ...(input?.binary ?? {}), [propertyName]: binary }, pairedItem: { item: itemIndex } }];
}
