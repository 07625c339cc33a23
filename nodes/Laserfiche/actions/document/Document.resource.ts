import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../../../shared/descriptions';
import * as exportDocument from './export.operation';
import * as importDocument from './import.operation';

export { exportDocument as export, importDocument as import };

export const description: INodeProperties[] = [
	operationSelector(
		'document',
		[
			{
				name: 'Export',
				value: 'export',
				description: "Download a document's file",
				action: 'Export a document',
			},
			{
				name: 'Import',
				value: 'import',
				description: 'Upload a file as a new document',
				action: 'Import a document',
			},
		],
		'import',
	),
	...importDocument.description,
	...exportDocument.description,
];
