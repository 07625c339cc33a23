import type { INodeProperties } from 'n8n-workflow';

export const descriptionProperty: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	description: 'What the key is for',
};

export const expiresAtProperty: INodeProperties = {
	displayName: 'Expires At',
	name: 'expiresAt',
	type: 'dateTime',
	default: '',
	description: 'When the key stops working. Empty: it does not expire.',
};
