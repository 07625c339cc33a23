import type { INodeProperties } from 'n8n-workflow';

import { folderLocator } from '../FilesCom/actions/common.descriptions';
import { EVENTS } from './delivery';

export const properties: INodeProperties[] = [
	{
		displayName:
			"Files.com calls n8n when a file changes, so n8n must be reachable from the internet: a public address on port 80, 443, 8080 or 8443 (set n8n's WEBHOOK_URL). Activating the workflow adds a webhook to the folder; deactivating it removes the webhook.",
		name: 'webhookNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['created', 'updated'],
		options: EVENTS.map(({ name, value }) => ({ name, value })),
		description: 'The file actions that start the workflow',
	},
	folderLocator({ description: 'The folder to watch. "/" is the root of the site.' }),
	{
		displayName: 'Include Subfolders',
		name: 'includeSubfolders',
		type: 'boolean',
		default: true,
		description: 'Whether actions in the subfolders start the workflow too',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Download File',
				name: 'downloadFile',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the file of a "created" or "updated" event into a binary field of the item',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The binary field to write a downloaded file to',
			},
			{
				displayName: 'File Names',
				name: 'fileNames',
				type: 'string',
				default: '',
				placeholder: '*.pdf, invoice*',
				description:
					'Only files whose names match one of these patterns (comma-separated, * for any characters) start the workflow',
			},
			{
				displayName: 'Exclude File Names',
				name: 'excludeFileNames',
				type: 'string',
				default: '',
				placeholder: '*.tmp, ~*',
				description:
					'Files whose names match one of these patterns never start the workflow, even when they match File Names',
			},
		],
	},
];
