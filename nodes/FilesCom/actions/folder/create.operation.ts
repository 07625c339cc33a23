import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { errorDocumentOf } from '../../../shared/errors';
import { settle } from '../../../shared/retry';
import { pathParameter } from '../../helpers/params';
import { encodePath } from '../../helpers/paths';
import { apiRequest, filesComErrors } from '../../transport';
import { timeoutOption } from '../common.descriptions';
import { timeoutParameter } from '../../../shared/validation';

const properties: INodeProperties[] = [
	{
		displayName: 'Folder Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/Reports/2024',
		description: 'The path of the folder to create, e.g. /Reports/2024',
	},
	optionsCollection([
		{
			displayName: 'Create Parent Folders',
			name: 'createParentFolders',
			type: 'boolean',
			default: true,
			description: 'Whether to create the missing parent folders too. On by default.',
		},
		{
			displayName: 'Return Existing Folder',
			name: 'returnExisting',
			type: 'boolean',
			default: false,
			description:
				'Whether to output the existing folder instead of failing when the folder already exists (Files.com answers "Destination Exists")',
		},
		timeoutOption,
	]),
];

const displayOptions = { show: { resource: ['folder'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const path = pathParameter.call(this, 'path', itemIndex, 'Folder Path');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeout = timeoutParameter(this, itemIndex);
	const created = await settle(
		apiRequest.call(this, 'POST', `/folders/${encodePath(path)}`, {
			body: { mkdir_parents: options.createParentFolders !== false },
			timeout,
		}),
	);
	if (created.ok) return created.value;
	if (options.returnExisting !== true) throw created.error;
	const document = await errorDocumentOf(created.error, filesComErrors);
	if (document?.type !== 'processing-failure/destination-exists') throw created.error;
	const existing = await apiRequest.call(
		this,
		'GET',
		`/file_actions/metadata/${encodePath(path)}`,
		{ timeout },
	);
	// Something else with that name (a file) is not the folder asked for.
	if (existing.type !== 'directory') throw created.error;
	return existing;
}
