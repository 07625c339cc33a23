import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The Site URL the way the nodes' transport reads it (nodes/FilesCom/transport normalizeSiteUrl): trimmed,
 * `https://` added when no scheme is given, trailing slashes and a pasted `/api/rest/v1` removed.
 */
const SITE_URL =
	'(/^https?:\\/\\//i.test(String($credentials.siteUrl || "").trim()) ? "" : "https://") + (String($credentials.siteUrl || "").trim() || "app.files.com").replace(/\\/+$/, "").replace(/\\/api\\/rest\\/v1$/i, "").replace(/\\/+$/, "")';

/**
 * Messages of the Test button. The test request accepts every HTTP status (`ignoreHttpStatusErrors`), so
 * Files.com's error document arrives as the body and the rules below pick a message by its `type` (status
 * codes alone collide: a disabled key and a wrong region can both be 403). Rules are checked in order.
 */
const INVALID_KEY =
	'Files.com does not accept this API key: it is invalid or was revoked. Get a new API key from your Files.com administrator or from your Files.com user settings (Settings > API Keys), then paste it here.';
const DISABLED_KEY =
	'This Files.com API key is disabled (its permission set is "none"). Ask your Files.com administrator to enable it again, or use another key.';
const REGION_MISMATCH =
	"This key belongs to a Files.com site on another host or region. Set Site URL to your site's own URL, e.g. https://YOUR-SUBDOMAIN.files.com (or your custom domain).";

export class FilesComApi implements ICredentialType {
	name = 'filesComApi';

	displayName = 'Files.com API';

	icon = { light: 'file:../icons/filescom.svg', dark: 'file:../icons/filescom.dark.svg' } as const;

	documentationUrl = 'https://www.files.com/docs/sdk-and-apis/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A Files.com API key. Ask your Files.com administrator for one, or create your own under Settings > API Keys. The key is shown only once, when it is created.',
		},
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: 'https://app.files.com',
			placeholder: 'https://YOUR-SUBDOMAIN.files.com',
			description:
				"Your Files.com site's URL: https://app.files.com, https://YOUR-SUBDOMAIN.files.com, or your custom domain. Your own site's URL is required when it disables global acceleration or runs in another region.",
		},
	];

	/**
	 * Adds `X-FilesAPI-Key` (trimmed: pasted keys often end with a space or a line break). A function rather
	 * than a generic expression: n8n evaluates a generic authenticate's expressions on every request, which
	 * costs more than the request itself against a fast server.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...requestOptions.headers,
			'X-FilesAPI-Key': String(credentials.apiKey ?? '').trim(),
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${SITE_URL} }}/api/rest/v1`,
			url: '/api_key',
			method: 'GET',
			json: true,
			ignoreHttpStatusErrors: true,
			// As in the nodes: the key is never sent on to another URL.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: 'not-authenticated/invalid-credentials',
					message: INVALID_KEY,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: 'not-authorized/api-key-is-disabled',
					message: DISABLED_KEY,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: 'not-authenticated/lockout-region-mismatch',
					message: REGION_MISMATCH,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: 'not-authenticated/authentication-required',
					message: 'Files.com received no API key. Paste your API key into the API Key field.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'http-code',
					value: 401,
					message:
						'Files.com refused this API key (HTTP 401). Check the key, or get a new one from your Files.com administrator.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'http-code',
					value: 403,
					message:
						'Files.com accepted the key but does not allow it to use the API (HTTP 403). Its permission set may be limited to an app (desktop, mobile, office); ask your administrator for a key with the "full" permission set.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'http-code',
					value: 429,
					message:
						'Files.com is rate-limiting requests from this key right now (HTTP 429). Wait a minute and test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'id',
					value: undefined,
					message:
						'The Site URL did not answer like the Files.com API. Check Site URL: it should be https://app.files.com, https://YOUR-SUBDOMAIN.files.com or your custom domain, without a path.',
				},
			},
		],
	};
}
