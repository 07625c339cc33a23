import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { accessTokenProperty, laserficheIcon, responseCodeRules } from './LaserficheShared';
import { signInSelfHosted } from '../nodes/Laserfiche/transport/auth';

/**
 * A self-hosted Laserfiche API Server: base URL, repository, and a repository/LFDS/Windows user.
 * One credential reaches one repository.
 */
export class LaserficheSelfHostedApi implements ICredentialType {
	name = 'laserficheSelfHostedApi';

	displayName = 'Laserfiche Self-Hosted API';

	icon = laserficheIcon;

	documentationUrl =
		'https://github.com/n8n-nodes-filescom-laserfiche/n8n-nodes-filescom-laserfiche#laserfiche-self-hosted-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://ServerName/LFRepositoryAPI',
			description: 'The address of the Laserfiche API Server',
		},
		{
			displayName: 'Repository ID',
			name: 'repositoryId',
			type: 'string',
			default: '',
			required: true,
			description: 'The name of the Laserfiche repository',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description:
				'A repository, LFDS or Windows user (DOMAIN\\user or user@domain) with the access rights the workflows need',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if SSL certificate validation is not possible',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			options: [
				{
					name: 'V1',
					value: 'v1',
					description: 'Laserfiche API Server 1.x (every self-hosted server)',
				},
				{
					name: 'V2',
					value: 'v2',
					description: 'Servers that also serve the repository API v2',
				},
			],
			default: 'v1',
			description: 'Which version of the repository API the server speaks',
		},
		accessTokenProperty,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await signInSelfHosted(this, credentials);
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '=/{{$credentials.apiVersion === "v2" ? "v2" : "v1"}}/Repositories/{{encodeURIComponent($credentials.repositoryId.trim())}}/Entries/1',
			skipSslCertificateValidation: '={{$credentials.ignoreSSLIssues}}',
		},
		rules: responseCodeRules({
			401: 'The Laserfiche API Server did not accept the token it just issued: check Base URL',
			403: "The user may not read the repository's root folder: grant it browse rights in the repository",
			404: 'The server issued a token but has no repository API at this address: check Base URL and API Version',
		}),
	};
}
