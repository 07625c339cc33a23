/**
 * What the two Laserfiche credentials (Cloud and self-hosted) have alike: the icon, the hidden access
 * token the sign-in fills, and the Test button's messages by response code.
 */
import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

export const laserficheIcon = {
	light: 'file:../icons/laserfiche.svg',
	dark: 'file:../icons/laserfiche.dark.svg',
} as const;

/** The access token preAuthentication issues (n8n asks for a new one when it expires). */
export const accessTokenProperty: INodeProperties = {
	displayName: 'Access Token',
	name: 'accessToken',
	type: 'hidden',
	typeOptions: { expirable: true, password: true },
	default: '',
};

/** The Test button's messages for an answer of 401, 403 or 404 to the test request. */
export function responseCodeRules(messages: {
	401: string;
	403: string;
	404: string;
}): ICredentialTestRequest['rules'] {
	return ([401, 403, 404] as const).map((value) => ({
		type: 'responseCode' as const,
		properties: { value, message: messages[value] },
	}));
}
