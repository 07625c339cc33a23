import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, NodeConnectionTypes } from 'n8n-workflow';

import { optionsCollection } from '../shared/descriptions';
import { toNodeError } from '../shared/errors';
import { pollBudgetMs, takeNewOrChanged } from '../shared/poll-state';
import { folderLocator } from '../Laserfiche/actions/common.descriptions';
import { searchCommandField } from '../Laserfiche/actions/search/shared';
import {
	authenticationField,
	credentialsFor,
	repositoryField,
} from '../Laserfiche/actions/versionDescription';
import { listSearch } from '../Laserfiche/methods';
import { collectDocuments, newestFirst } from './poll';
import { laserficheErrorFormat } from '../Laserfiche/transport';

const properties: INodeProperties[] = [
	authenticationField,
	repositoryField,
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		options: [
			{
				name: 'Folder',
				value: 'folder',
				description: 'Documents in a folder (and, optionally, its subfolders)',
			},
			{ name: 'Search', value: 'search', description: 'Documents a search command finds' },
		],
		default: 'folder',
	},
	folderLocator({
		displayName: 'Folder',
		name: 'folder',
		description: 'The folder to watch',
		displayOptions: { show: { watch: ['folder'] } },
	}),
	{
		displayName: 'Include Subfolders',
		name: 'recursive',
		type: 'boolean',
		default: false,
		description: 'Whether to watch the documents of every folder below too',
		displayOptions: { show: { watch: ['folder'] } },
	},
	{ ...searchCommandField, displayOptions: { show: { watch: ['search'] } } },
	optionsCollection([
		{
			displayName: 'Max Depth',
			name: 'maxDepth',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description: 'How many levels of subfolders to watch, with Include Subfolders',
		},
	]),
];

/** Starts a workflow for each new or changed Laserfiche document in a folder or a search. */
export class LaserficheTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Laserfiche Trigger',
		name: 'laserficheTrigger',
		icon: {
			light: 'file:../../icons/laserfiche.svg',
			dark: 'file:../../icons/laserfiche.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Watch " + $parameter["watch"]}}',
		description:
			'Starts the workflow when a document is added to or changed in a Laserfiche folder or search',
		defaults: { name: 'Laserfiche Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsFor,
		properties,
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		const budget = pollBudgetMs(this);
		const outcome = await collectDocuments(this, Date.now() + Math.max(1000, budget * 0.8)).then(
			(value) => ({ value, error: undefined }),
			(error: unknown) => ({ value: undefined, error }),
		);
		if (!outcome.value)
			throw await toNodeError(this.getNode(), outcome.error, laserficheErrorFormat, 0);
		const { documents, complete } = outcome.value;
		if (manual) {
			const newest = newestFirst(documents)[0];
			if (!newest) {
				throw new NodeOperationError(
					this.getNode(),
					'No document found in what the trigger watches',
					{
						description:
							'Add a document to the folder (or one the search finds), then fetch a test event again.',
					},
				);
			}
			return [[{ json: newest }]];
		}
		const { entries, firstRun } = takeNewOrChanged(
			staticData as IDataObject,
			documents.map((entry) => ({
				key: String(entry.id),
				version: String(entry.lastModifiedTime ?? ''),
				entry,
			})),
			complete,
		);
		if (firstRun || entries.length === 0) return null;
		return [
			newestFirst(entries)
				.reverse()
				.map((entry) => ({ json: entry })),
		];
	}
}
