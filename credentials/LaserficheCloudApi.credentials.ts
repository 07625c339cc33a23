import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Placeholder while the credential is written (see the open issue). */
export class LaserficheCloudApi implements ICredentialType {
	name = 'laserficheCloudApi';

	displayName = 'Laserfiche Cloud API';

	icon = { light: 'file:../icons/laserfiche.svg', dark: 'file:../icons/laserfiche.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-filescom-laserfiche/n8n-nodes-filescom-laserfiche#readme';

	properties: INodeProperties[] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];

	test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/' } };
}
