import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Placeholder while the trigger is written (see the open issue); it emits nothing. */
export class FilesComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Files.com Trigger',
		name: 'filesComTrigger',
		icon: { light: 'file:../../icons/filescom.svg', dark: 'file:../../icons/filescom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when Files.com Trigger sees new or changed files',
		defaults: { name: 'Files.com Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'filesComApi', required: true }],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return null;
	}
}
