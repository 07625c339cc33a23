import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import { credentialsFor, properties } from './actions/versionDescription';
import { listSearch } from './methods';

/** Laserfiche repository work (Cloud through API v2, self-hosted through API v1 or v2). */
export class Laserfiche implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Laserfiche',
		name: 'laserfiche',
		icon: {
			light: 'file:../../icons/laserfiche.svg',
			dark: 'file:../../icons/laserfiche.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Import, export, file and describe documents in a Laserfiche repository (Cloud or self-hosted)',
		defaults: { name: 'Laserfiche' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsFor,
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
