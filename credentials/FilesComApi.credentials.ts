import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Placeholder while the credential is written (see the open issue). */
export class FilesComApi implements ICredentialType {
	name = 'filesComApi';

	displayName = 'Files.com API';

	icon = { light: 'file:../icons/filescom.svg', dark: 'file:../icons/filescom.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-filescom-laserfiche/n8n-nodes-filescom-laserfiche#readme';

	properties: INodeProperties[] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];

	test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/' } };
}
