import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { FieldToWrite, LinkToWrite } from '../../transport';

export const modeField = (what: string): INodeProperties => ({
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	options: [
		{
			name: 'Merge',
			value: 'merge',
			description: `Read the entry's ${what} first and keep those not given here`,
		},
		{
			name: 'Replace',
			value: 'replace',
			description: `The entry's ${what} become exactly those given here (the others are removed)`,
		},
	],
	default: 'merge',
	description: `Laserfiche overwrites all ${what} at once; Merge keeps the others`,
});

export const fieldsField = (description: string): INodeProperties => ({
	displayName: 'Fields',
	name: 'fields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Field',
	default: {},
	description,
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'Invoice Number',
					description: 'Name of the field',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'The value. Add the same field again for more values of a multi-value field. Dates without a time zone, such as 2026-03-31.',
				},
			],
		},
	],
});

/** Field values by name: one string, or an array for a multi-value field. */
export function fieldValues(fields: IDataObject[]): IDataObject {
	const map: IDataObject = {};
	for (const field of fields) {
		const values = Array.isArray(field.values)
			? (field.values as unknown[]).map((value) => String(value))
			: [];
		map[String(field.name)] = field.isMultiValue === true ? values : (values[0] ?? null);
	}
	return map;
}

/** The entry's current fields (with values) overridden by the given ones, matched case-insensitively. */
export function mergeFields(existing: IDataObject[], given: FieldToWrite[]): FieldToWrite[] {
	const merged: FieldToWrite[] = [];
	for (const field of existing) {
		const values = Array.isArray(field.values)
			? (field.values as unknown[]).map((value) => String(value))
			: [];
		if (typeof field.name === 'string' && values.length > 0)
			merged.push({ name: field.name, values });
	}
	for (const field of given) {
		const index = merged.findIndex(
			(known) => known.name.toLowerCase() === field.name.toLowerCase(),
		);
		if (index >= 0) merged[index] = field;
		else merged.push(field);
	}
	return merged;
}

/** The entry's current links (as seen from it) plus the given ones, without duplicates. */
export function mergeLinks(
	entryId: number,
	existing: IDataObject[],
	given: LinkToWrite[],
	sourceOnly: boolean,
): LinkToWrite[] {
	const merged: LinkToWrite[] = [];
	const key = (link: LinkToWrite) =>
		`${link.linkDefinitionId}:${link.otherEntryId}:${link.isSource}`;
	for (const link of existing) {
		const isSource = Number(link.sourceId) === entryId;
		if (sourceOnly && !isSource) continue;
		const properties = link.customProperties as Record<string, string> | null | undefined;
		merged.push({
			linkDefinitionId: Number(link.linkDefinitionId),
			otherEntryId: Number(isSource ? link.targetId : link.sourceId),
			isSource,
			...(properties && Object.keys(properties).length ? { customProperties: properties } : {}),
		});
	}
	for (const link of given) {
		if (!merged.some((known) => key(known) === key(link))) merged.push(link);
	}
	return merged;
}
