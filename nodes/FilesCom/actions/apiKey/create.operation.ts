import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkRequired, timeoutParameter } from '../../../shared/validation';
import { checkId, dateParameter, locatorValue } from '../../helpers/params';
import { apiRequest } from '../../transport';
import { permissionSetOptions, timeoutOnlyOptions, userLocator } from '../common.descriptions';
import { descriptionProperty, expiresAtProperty } from './common';

/** Added to the output of Create: the key value is in this output only. */
const KEY_SHOWN_ONCE_NOTE =
	'Files.com shows the value of a new API key only once, in this output. Store it now (for example in an n8n credential): it cannot be retrieved again.';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Nightly export',
		description: 'A name that says why the key exists',
	},
	userLocator({
		required: false,
		description:
			"The user who owns the key (the key gets that user's permissions). Empty: the user of this credential's key, or a site-wide key when this credential uses a site-wide key.",
	}),
	descriptionProperty,
	expiresAtProperty,
	{
		displayName: 'Permission Set',
		name: 'permissionSet',
		type: 'options',
		default: 'full',
		options: permissionSetOptions,
		description: 'What the key may do',
	},
	timeoutOnlyOptions,
];

const displayOptions = { show: { resource: ['apiKey'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const name = checkRequired(
		node,
		itemIndex,
		this.getNodeParameter('name', itemIndex, ''),
		'Name',
		'Give the new API key a name.',
	).trim();
	const body: IDataObject = { name };
	const rawUser = locatorValue.call(this, 'userId', itemIndex);
	if (rawUser !== undefined && rawUser !== null && String(rawUser).trim() !== '') {
		body.user_id = checkId(this, rawUser, itemIndex, 'User');
	}
	const keyDescription = String(this.getNodeParameter('description', itemIndex, '') ?? '');
	if (keyDescription.trim() !== '') body.description = keyDescription;
	const expiresAt = dateParameter(
		this,
		this.getNodeParameter('expiresAt', itemIndex, ''),
		itemIndex,
		'Expires At',
	);
	if (expiresAt) body.expires_at = expiresAt;
	body.permission_set = String(this.getNodeParameter('permissionSet', itemIndex, 'full'));
	const created = await apiRequest.call(this, 'POST', '/api_keys', {
		body,
		timeout: timeoutParameter(this, itemIndex),
	});
	return { ...created, keyShownOnce: true, note: KEY_SHOWN_ONCE_NOTE };
}
