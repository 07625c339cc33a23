/**
 * Parameter descriptions both nodes use: the Timeout option of their operations.
 */
import type { INodeProperties } from 'n8n-workflow';

/** Longest Timeout option: one hour. */
export const MAX_TIMEOUT_MS = 3_600_000;

/**
 * A service's Timeout option (milliseconds to wait for each answer, as in n8n's HTTP Request node), and an
 * options collection holding only it, for operations that have no other option.
 */
export function timeoutOptions(
	service: string,
	defaultMs: number,
): { timeoutOption: INodeProperties; timeoutOnlyOptions: INodeProperties } {
	const timeoutOption: INodeProperties = {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_MS },
		default: defaultMs,
		description: `Milliseconds to wait for ${service} (or the storage service, for file transfers) to answer each request before giving up. A request that is safe to repeat is tried again.`,
	};
	return {
		timeoutOption,
		timeoutOnlyOptions: {
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [timeoutOption],
		},
	};
}
