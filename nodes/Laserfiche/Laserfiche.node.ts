import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Placeholder while the node is written (see the open issue); it passes items through. */
export class Laserfiche implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Laserfiche',
		name: 'laserfiche',
		icon: { light: 'file:../../icons/laserfiche.svg', dark: 'file:../../icons/laserfiche.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with Laserfiche',
		defaults: { name: 'Laserfiche' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'laserficheCloudApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
