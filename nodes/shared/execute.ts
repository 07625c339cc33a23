/**
 * The per-item loop every action node runs: one call of the operation per input item, each in its own
 * try/catch, so that N items in give N items out across Success and Error. Under "Continue" settings a
 * failing item becomes an error item (see errors.ts); otherwise the node stops with a NodeApiError or
 * NodeOperationError that names the item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ErrorDocumentFormat } from './errors';
import { errorItem, toNodeError } from './errors';

/** One operation run for one item; returns the item's output items (pairedItem is added if missing). */
type OperationHandler = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[] | IDataObject | IDataObject[]>;

export type OperationTable = Record<string, Record<string, OperationHandler>>;

function toItems(
	result: INodeExecutionData[] | IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const item =
			entry && typeof entry === 'object' && 'json' in entry && typeof entry.json === 'object'
				? (entry as INodeExecutionData)
				: { json: entry as IDataObject };
		return { ...item, pairedItem: item.pairedItem ?? { item: itemIndex } };
	});
}

/**
 * Whether error items must carry our fields inside `error`. n8n routes an item to the Error output when
 * its `json` holds `error` and nothing but `message` and `details` (n8n-core 2.36 and later), or, before
 * that, nothing but `message` (n8n 1.x). The engine's rule cannot be read; the execution context tells the
 * two lines apart: `isToolExecution` exists in n8n 2.x's contexts (2.15 and later at least) and in none of
 * 1.x's. (n8n 2.0 to 2.35 also have it but route only `error` and `message`: see README.)
 */
function nestedErrorItems(context: IExecuteFunctions): boolean {
	return typeof (context as Partial<IExecuteFunctions>).isToolExecution !== 'function';
}

export async function executeOperations(
	this: IExecuteFunctions,
	operations: OperationTable,
	format: ErrorDocumentFormat,
	prepare?: (this: IExecuteFunctions) => Promise<void>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const nested = nestedErrorItems(this);
	if (prepare) await prepare.call(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let resource = '';
		let operation = '';
		try {
			resource = this.getNodeParameter('resource', itemIndex) as string;
			operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = operations[resource]?.[operation];
			if (!handler) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" is not supported for resource "${resource}"`,
					{ itemIndex },
				);
			}
			output.push(...toItems(await handler.call(this, itemIndex), itemIndex));
		} catch (error) {
			const nodeError = await toNodeError(this.getNode(), error, format, itemIndex);
			if (this.continueOnFail()) {
				output.push(errorItem(nodeError, { resource, operation, itemIndex, nested }));
				continue;
			}
			throw nodeError;
		}
	}
	return [output];
}
