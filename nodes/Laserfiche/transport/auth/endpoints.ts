/**
 * Where a credential's requests go, checked before any request: the Cloud token URL and API base URL (the
 * overrides, or derived from the access key's domain), and the self-hosted API Server's base URL and
 * repository.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { parseAccessKey } from './access-key';
import { SignInError } from './sign-in-errors';

interface CloudEndpoints {
	tokenUrl: string;
	apiBaseUrl: string;
}

function trimSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

function isHttpUrl(value: string): boolean {
	let parsed: URL | undefined;
	try {
		parsed = new URL(value);
	} catch {
		parsed = undefined;
	}
	return parsed !== undefined && /^https?:$/.test(parsed.protocol);
}

/** A Custom Endpoints URL, checked, without a trailing slash. */
function checkUrl(value: string, field: string): string {
	if (!isHttpUrl(value)) {
		throw new SignInError(
			`${field} "${value}" is not an http(s) URL`,
			`Enter a full URL such as https://signin.laserfiche.com/oauth/Token, or turn off "Custom Endpoints".`,
		);
	}
	return trimSlash(value);
}

/** Token URL and API base URL: the overrides when set, else derived from the access key's domain. */
export function cloudEndpoints(credentials: ICredentialDataDecryptedObject): CloudEndpoints {
	const custom = credentials.customEndpoints === true;
	const tokenOverride =
		custom && typeof credentials.tokenUrl === 'string' ? credentials.tokenUrl.trim() : '';
	const apiOverride =
		custom && typeof credentials.apiBaseUrl === 'string' ? credentials.apiBaseUrl.trim() : '';
	const needDomain = tokenOverride === '' || apiOverride === '';
	const key = needDomain ? parseAccessKey(credentials.accessKeySecret, true) : undefined;
	return {
		tokenUrl: tokenOverride
			? checkUrl(tokenOverride, 'Token URL')
			: `https://signin.${key!.domain}/oauth/Token`,
		apiBaseUrl: apiOverride
			? checkUrl(apiOverride, 'API Base URL')
			: `https://api.${key!.domain}/repository`,
	};
}

/** The self-hosted API server's base URL without a trailing slash, checked. */
export function selfHostedBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const value = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (value === '') {
		throw new SignInError(
			'The Base URL is empty',
			'Enter the address of the Laserfiche API Server, such as https://ServerName/LFRepositoryAPI.',
		);
	}
	if (!isHttpUrl(value)) {
		throw new SignInError(
			`The Base URL "${value}" is not an http(s) URL`,
			'Enter a full URL such as https://ServerName/LFRepositoryAPI.',
		);
	}
	return trimSlash(value);
}

const REPOSITORY_HELP =
	'Enter the name of the Laserfiche repository, as the API Server knows it (such as LFRepo).';

/**
 * The self-hosted credential's repository ID, checked: it becomes a path segment of every URL, so
 * "." or ".." (which would climb out of /Repositories/) and slashes or backslashes are refused.
 */
export function selfHostedRepositoryId(credentials: ICredentialDataDecryptedObject): string {
	const value =
		typeof credentials.repositoryId === 'string'
			? credentials.repositoryId.trim()
			: typeof credentials.repositoryId === 'number'
				? String(credentials.repositoryId)
				: '';
	if (value === '') {
		throw new SignInError('The Repository ID is empty', REPOSITORY_HELP);
	}
	if (/^\.+$/.test(value)) {
		throw new SignInError(
			`The Repository ID "${value}" is not a repository name`,
			`"." and ".." are not repository names. ${REPOSITORY_HELP}`,
		);
	}
	const bad = /[\\/]/.exec(value);
	if (bad) {
		throw new SignInError(
			`The Repository ID "${value}" contains "${bad[0]}"`,
			`A repository name has no slashes or backslashes: enter the name alone, not a path or URL. ${REPOSITORY_HELP}`,
		);
	}
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(value)) {
		throw new SignInError(
			'The Repository ID contains control characters (line breaks, tabs...)',
			`Remove them. ${REPOSITORY_HELP}`,
		);
	}
	return value;
}
