/**
 * Parameter descriptions both nodes use: the Timeout option of their operations, and builders for the
 * parameter blocks every n8n node repeats (Resource and Operation selectors, Options collections, Return
 * All + Limit, resource locators and their modes).
 */
import type { INodeProperties, INodePropertyMode, INodePropertyOptions } from 'n8n-workflow';

/** Longest Timeout option: one hour. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** An "Options" collection holding the given options. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

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
	return { timeoutOption, timeoutOnlyOptions: optionsCollection([timeoutOption]) };
}

/** The node's Resource selector. */
export function resourceSelector(
	options: INodePropertyOptions[],
	defaultValue: string,
): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options,
		default: defaultValue,
	};
}

/** The Operation selector of one resource. */
export function operationSelector(
	resource: string,
	options: INodePropertyOptions[],
	defaultValue: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultValue,
	};
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/**
 * A required resource locator: the given display name, name and other members (in that order, after
 * `type`, `default` and `required`), then its modes; `overrides` replace members or add more after them.
 */
export function resourceLocator(
	head: Partial<INodeProperties> & Pick<INodeProperties, 'displayName' | 'name'>,
	modes: INodePropertyMode[],
	overrides: Partial<INodeProperties> = {},
	defaultValue: { mode: string; value: string } = { mode: 'list', value: '' },
): INodeProperties {
	const { displayName, name, ...rest } = head;
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: defaultValue,
		required: true,
		...rest,
		modes,
		...overrides,
	} as INodeProperties;
}

/** A locator mode: its display name, name and type, then its other members. */
function locatorMode(
	displayName: string,
	name: string,
	type: INodePropertyMode['type'],
	rest: Partial<INodePropertyMode>,
): INodePropertyMode {
	return { displayName, name, type, ...rest };
}

/** A locator's "From List" mode, searchable through a listSearch method. */
export function listMode(placeholder: string, searchListMethod: string): INodePropertyMode {
	return locatorMode('From List', 'list', 'list', {
		placeholder,
		typeOptions: { searchListMethod, searchable: true },
	});
}

/** A locator's "By ID" mode. */
export function idMode(placeholder: string): INodePropertyMode {
	return locatorMode('By ID', 'id', 'string', { placeholder });
}

/** A locator's "By Path" mode. */
export function pathMode(placeholder: string, hint?: string): INodePropertyMode {
	return locatorMode(
		'By Path',
		'path',
		'string',
		hint === undefined ? { placeholder } : { placeholder, hint },
	);
}
