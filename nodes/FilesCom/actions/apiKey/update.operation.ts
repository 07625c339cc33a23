import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidInput, timeoutParameter } from '../../../shared/validation';
import { dateParameter, idParameter } from '../../helpers/params';
import { apiRequest } from '../../transport';
import { apiKeyLocator, permissionSetOptions, timeoutOnlyOptions } from '../common.descriptions';
import { descriptionProperty, expiresAtProperty } from './common';

const properties: INodeProperties[] = [
	apiKeyLocator,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'The new name. Empty: unchanged.',
	},
	{ ...descriptionProperty, description: 'The new description. Empty: unchanged.' },
	{ ...expiresAtProperty, description: 'The new expiry date. Empty: unchanged.' },
	{
		displayName: 'Permission Set',
		name: 'permissionSet',
		type: 'options',
		default: '',
		options: [
			{ name: 'Keep Current', value: '', description: 'Do not change the permission set' },
			...permissionSetOptions,
		],
		description:
			'The new permission set. "None (Disabled)" disables the key; another set enables it again.',
	},
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['apiKey'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'apiKeyId', itemIndex, 'API Key');
	const body: IDataObject = {};
	const name = String(this.getNodeParameter('name', itemIndex, '') ?? '').trim();
	if (name !== '') body.name = name;
	const keyDescription = String(this.getNodeParameter('description', itemIndex, '') ?? '');
	if (keyDescription.trim() !== '') body.description = keyDescription;
	const expiresAt = dateParameter(
		this,
		this.getNodeParameter('expiresAt', itemIndex, ''),
		itemIndex,
		'Expires At',
	);
	if (expiresAt) body.expires_at = expiresAt;
	const permissionSet = String(this.getNodeParameter('permissionSet', itemIndex, '') ?? '');
	if (permissionSet !== '') body.permission_set = permissionSet;
	if (Object.keys(body).length === 0) {
		throw invalidInput(
			this.getNode(),
			itemIndex,
			'Update',
			'nothing to change',
			'Set at least one of Name, Description, Expires At or Permission Set.',
		);
	}
	return await apiRequest.call(this, 'PATCH', `/api_keys/${id}`, {
		body,
		timeout: timeoutParameter(this, itemIndex),
	});
}
