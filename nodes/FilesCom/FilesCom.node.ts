import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Placeholder while the node is written (see the open issue); it passes items through. */
export class FilesCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Files.com',
		name: 'filesCom',
		icon: { light: 'file:../../icons/filescom.svg', dark: 'file:../../icons/filescom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with Files.com',
		defaults: { name: 'Files.com' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'filesComApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
