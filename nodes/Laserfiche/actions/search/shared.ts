import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { invalidInput, limitParameter } from '../../../shared/validation';

export const searchCommandField: INodeProperties = {
	displayName: 'Search Command',
	name: 'searchCommand',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	required: true,
	placeholder: '{LF:Name="INV-2026*", Type="D"} & {LF:LOOKIN="\\Invoices"}',
	description: 'A Laserfiche search command (the advanced search syntax)',
};

/** A search command: not empty, braces balanced outside quoted strings. */
export function checkSearchCommand(node: INode, itemIndex: number, value: unknown): string {
	const command = typeof value === 'string' ? value.trim() : '';
	if (command === '') {
		throw invalidInput(
			node,
			itemIndex,
			'Search Command',
			'is empty',
			'Enter a search such as {LF:Name="Invoice*"}.',
		);
	}
	let depth = 0;
	let quoted = false;
	for (const character of command) {
		if (character === '"') quoted = !quoted;
		else if (!quoted && character === '{') depth++;
		else if (!quoted && character === '}') depth--;
		if (depth < 0) break;
	}
	if (quoted || depth !== 0) {
		throw invalidInput(
			node,
			itemIndex,
			'Search Command',
			quoted ? 'has a quote that is never closed' : 'has unbalanced { } braces',
			'Each condition is written {Property="value"}; a quote inside a value is doubled ("").',
		);
	}
	return command;
}

/** A search operation's Search Command (checked) and Limit (undefined with Return All). */
export function searchParameters(
	context: IExecuteFunctions,
	itemIndex: number,
): { searchCommand: string; limit: number | undefined } {
	const searchCommand = checkSearchCommand(
		context.getNode(),
		itemIndex,
		context.getNodeParameter('searchCommand', itemIndex, ''),
	);
	return { searchCommand, limit: limitParameter(context, itemIndex) };
}
