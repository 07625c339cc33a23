import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceSelector } from '../shared/descriptions';
import * as apiKey from './actions/apiKey/ApiKey.resource';
import * as file from './actions/file/File.resource';
import * as folder from './actions/folder/Folder.resource';
import { router } from './actions/router';
import * as user from './actions/user/User.resource';
import { listSearch } from './methods';

export class FilesCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Files.com',
		name: 'filesCom',
		icon: { light: 'file:../../icons/filescom.svg', dark: 'file:../../icons/filescom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Upload, download, copy, move and delete files and folders, and manage API keys and users in Files.com',
		defaults: { name: 'Files.com' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'filesComApi', required: true }],
		properties: [
			resourceSelector(
				[
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'File', value: 'file' },
					{ name: 'Folder', value: 'folder' },
					{ name: 'User', value: 'user' },
				],
				'file',
			),
			...file.description,
			...folder.description,
			...apiKey.description,
			...user.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
