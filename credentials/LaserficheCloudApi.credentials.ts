import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { accessTokenProperty, laserficheIcon, responseCodeRules } from './LaserficheShared';
import { cloudEndpoints, signInCloud } from '../nodes/Laserfiche/transport/auth';

/**
 * Laserfiche Cloud: a service principal key and the base-64 access key of a service app. One
 * credential serves every repository of the account (the node chooses the repository).
 */
export class LaserficheCloudApi implements ICredentialType {
	name = 'laserficheCloudApi';

	displayName = 'Laserfiche Cloud API';

	icon = laserficheIcon;

	documentationUrl =
		'https://github.com/n8n-nodes-filescom-laserfiche/n8n-nodes-filescom-laserfiche#laserfiche-cloud-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Service Principal Key',
			name: 'servicePrincipalSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In Laserfiche Account Administration, open the service principal user that acts for n8n and click "Create Service Principal Keys". The key is shown only once.',
		},
		{
			displayName: 'Base-64 Encoded Access Key',
			name: 'accessKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In the Laserfiche Developer Console, create a Service app with the service principal as its Service Account; on its Authentication tab click "Create key" next to Access Keys and download the key as a base-64 string',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'repository.ReadWrite',
			description:
				'OAuth scopes to request, separated by spaces. The node needs repository.Read and repository.Write.',
		},
		{
			displayName: 'Custom Endpoints',
			name: 'customEndpoints',
			type: 'boolean',
			default: false,
			description:
				"Whether to set the token URL and the API base URL yourself instead of deriving them from the access key's domain (https://signin.{domain}/oauth/Token and https://api.{domain}/repository)",
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://signin.laserfiche.com/oauth/Token',
			displayOptions: { show: { customEndpoints: [true] } },
			description: "Leave empty to derive it from the access key's domain",
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.laserfiche.com/repository',
			displayOptions: { show: { customEndpoints: [true] } },
			description: "Leave empty to derive it from the access key's domain",
		},
		accessTokenProperty,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await signInCloud(this, credentials);
	}

	/** Bearer token; a relative URL (the Test request) goes to the API base URL. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		};
		if (
			!requestOptions.baseURL &&
			requestOptions.url &&
			!/^https?:\/\//i.test(requestOptions.url)
		) {
			requestOptions.baseURL = cloudEndpoints(credentials).apiBaseUrl;
		}
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/v2/Repositories' },
		rules: responseCodeRules({
			401: 'Laserfiche Cloud did not accept the access token it just issued: check the API Base URL',
			403: 'The access token lacks the repository.Read scope: set Scope to repository.ReadWrite and allow it for the app in the Developer Console',
			404: 'No Laserfiche repository API answers at the API Base URL (HTTP 404): check it, it ends with /repository',
		}),
	};
}
