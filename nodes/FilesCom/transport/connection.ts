/**
 * The Files.com connection: the credential's Site URL as an origin, its fields checked before any request,
 * and the credential read once per execution (or poll, or list search).
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type FilesComContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export const CREDENTIAL_TYPE = 'filesComApi';
const API_ROOT = '/api/rest/v1';
const DEFAULT_SITE_URL = 'https://app.files.com';

/**
 * The credential's Site URL as an origin: trimmed, `https://` added when no scheme is given, trailing slashes
 * and a pasted `/api/rest/v1` removed. The credential test's request applies the same rules.
 */
export function normalizeSiteUrl(raw: unknown): string {
	let url = typeof raw === 'string' ? raw.trim() : '';
	if (url === '') url = DEFAULT_SITE_URL;
	if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
	url = url.replace(/\/+$/, '');
	url = url.replace(/\/api\/rest\/v1$/i, '');
	return url.replace(/\/+$/, '');
}

interface Connection {
	baseUrl: string;
	credentials: ICredentialsDecrypted;
}

/**
 * The credential, read once per execution (or poll, or list search) and reused for every request of it:
 * each request passes it to httpRequestWithAuthentication, which then skips reading it again.
 */
const connections = new WeakMap<object, Promise<Connection>>();

/** The credential's fields, checked before any request: the API key is there, the Site URL is a web address. */
function checkedSiteUrl(node: INode, data: IDataObject): string {
	if (String(data.apiKey ?? '').trim() === '') {
		throw new NodeOperationError(node, 'API Key: is empty', {
			description:
				'Open the Files.com API credential and paste your Files.com API key into "API Key".',
		});
	}
	const raw = typeof data.siteUrl === 'string' ? data.siteUrl.trim() : '';
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1];
	const fix =
		'Set "Site URL" in the Files.com API credential to https://app.files.com, https://YOUR-SUBDOMAIN.files.com or your custom domain.';
	if (scheme && !/^https?$/i.test(scheme)) {
		throw new NodeOperationError(node, `Site URL: "${raw}" is not a web address (${scheme}://)`, {
			description: fix,
		});
	}
	const siteUrl = normalizeSiteUrl(raw);
	let host = '';
	try {
		host = new URL(siteUrl).hostname;
	} catch {
		host = '';
	}
	if (host === '' || /\s/.test(siteUrl)) {
		throw new NodeOperationError(node, `Site URL: "${raw}" is not a web address`, {
			description: fix,
		});
	}
	return siteUrl;
}

/** The context's connection (the REST API root and the credential). */
export async function connectionOf(this: FilesComContext): Promise<Connection> {
	let connection = connections.get(this);
	if (!connection) {
		connection = (async () => {
			const data = await this.getCredentials(CREDENTIAL_TYPE);
			const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
			return {
				baseUrl: `${checkedSiteUrl(this.getNode(), data)}${API_ROOT}`,
				credentials: {
					id: reference?.id ?? '',
					name: reference?.name ?? '',
					type: CREDENTIAL_TYPE,
					data,
				},
			};
		})();
		connections.set(this, connection);
		// A failed read is not cached (the next call tries again and reports its own error).
		connection.catch(() => connections.delete(this));
	}
	return await connection;
}
