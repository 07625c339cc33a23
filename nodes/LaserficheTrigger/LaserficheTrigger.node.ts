import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Placeholder while the trigger is written (see the open issue); it emits nothing. */
export class LaserficheTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Laserfiche Trigger',
		name: 'laserficheTrigger',
		icon: { light: 'file:../../icons/laserfiche.svg', dark: 'file:../../icons/laserfiche.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when Laserfiche Trigger sees new or changed files',
		defaults: { name: 'Laserfiche Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'laserficheCloudApi', required: true }],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return null;
	}
}
