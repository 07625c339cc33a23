import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../shared/errors';
import type { VersionedEntry } from '../shared/poll-state';
import { pollBudgetMs, takeNewOrChanged } from '../shared/poll-state';
import { folderLocator } from '../FilesCom/actions/common.descriptions';
import { displayPath, normalizePath } from '../FilesCom/helpers/paths';
import { downloadFile, filesComErrors, listFolder } from '../FilesCom/transport';

/** Share of the poll budget the folder listing may use; the rest is for downloads. */
const LISTING_SHARE = 0.5;
const DOWNLOAD_SHARE = 0.9;

/** What the trigger keeps besides the seen files (see nodes/shared/poll-state.ts). */
interface TriggerState extends IDataObject {
	/** The first listing was cut short by the poll budget: keep recording without emitting until one completes. */
	baselinePending?: boolean;
}

export class FilesComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Files.com Trigger',
		name: 'filesComTrigger',
		icon: { light: 'file:../../icons/filescom.svg', dark: 'file:../../icons/filescom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=New or updated files in {{$parameter["path"].value || "/"}}',
		description: 'Starts the workflow when files are added to or changed in a Files.com folder',
		defaults: { name: 'Files.com Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'filesComApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll lists the folder and emits the files that are new or changed (by path and modification time) since the previous poll. The first poll only records what is there.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			folderLocator({ description: 'The folder to watch. "/" is the root of the site.' }),
			{
				displayName: 'Recursive',
				name: 'recursive',
				type: 'boolean',
				default: false,
				description: 'Whether to watch the subfolders too',
			},
			{
				displayName: 'Download Files',
				name: 'downloadFiles',
				type: 'boolean',
				default: false,
				description: 'Whether to download each new or updated file into a binary field of its item',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				displayOptions: { show: { downloadFiles: [true] } },
				description: 'The binary property of the output item to write the file to',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const started = Date.now();
		const budget = pollBudgetMs(this);
		const within = (share: number) => () => Date.now() - started < budget * share;
		try {
			const raw = this.getNodeParameter('path', '') as unknown;
			const value =
				raw && typeof raw === 'object' && 'value' in (raw as IDataObject)
					? (raw as IDataObject).value
					: raw;
			const folder = normalizePath(node, 0, value, 'Folder', { allowRoot: true });
			const recursive = this.getNodeParameter('recursive', false) as boolean;
			const download = this.getNodeParameter('downloadFiles', false) as boolean;
			const property = download
				? String(this.getNodeParameter('binaryPropertyName', 'data')).trim() || 'data'
				: '';

			const toItem = async (entry: IDataObject): Promise<INodeExecutionData> => {
				if (!download) return { json: entry };
				const { file, binary } = await downloadFile.call(this, String(entry.path), 0);
				return { json: file, binary: { [property]: binary } };
			};

			const listing = await listFolder.call(this, folder, {
				recursive,
				type: 'file',
				keepGoing: within(LISTING_SHARE),
			});
			const byTime = listing.entries.sort(
				(a, b) => Date.parse(String(a.mtime)) - Date.parse(String(b.mtime)),
			);

			if (this.getMode() === 'manual') {
				// "Fetch test event": the newest file, so the editor shows real data. Nothing is recorded.
				const newest = byTime[byTime.length - 1];
				if (!newest) {
					throw new NodeOperationError(node, `No file in ${displayPath(folder)} yet`, {
						description:
							'Upload a file to the folder (or turn on "Recursive" to include subfolders) and fetch the test event again.',
					});
				}
				return [[await toItem(newest)]];
			}

			const staticData = this.getWorkflowStaticData('node') as TriggerState;
			const versioned: Array<VersionedEntry<IDataObject>> = byTime.map((entry) => ({
				key: String(entry.path),
				version: `${String(entry.mtime)}|${String(entry.size)}`,
				entry,
			}));
			const preview = takeNewOrChanged(
				JSON.parse(JSON.stringify(staticData)) as IDataObject,
				versioned,
				listing.complete,
			);
			if (preview.firstRun || staticData.baselinePending === true) {
				takeNewOrChanged(staticData, versioned, listing.complete);
				staticData.baselinePending = !listing.complete;
				return null;
			}

			const items: INodeExecutionData[] = [];
			const omitted = new Set<string>();
			const downloadTime = within(DOWNLOAD_SHARE);
			for (const entry of preview.entries) {
				// Files not fetched within the budget are left for the next poll (not recorded as seen).
				if (download && items.length > 0 && !downloadTime()) {
					omitted.add(String(entry.path));
					continue;
				}
				items.push(await toItem(entry));
			}
			takeNewOrChanged(
				staticData,
				versioned.filter(({ key }) => !omitted.has(key)),
				listing.complete && omitted.size === 0,
			);
			return items.length > 0 ? [items] : null;
		} catch (error) {
			throw await toNodeError(node, error, filesComErrors, 0);
		}
	}
}
