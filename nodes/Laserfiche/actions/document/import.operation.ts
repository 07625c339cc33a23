import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapWithConcurrency, splitIntoParts } from '../../../shared/binary';
import { networkCodeOf, statusOf } from '../../../shared/errors';
import { invalidInput } from '../../../shared/validation';
import { binaryFile, sizeOf } from '../../helpers/binary';
import { folderIdOf } from '../../helpers/entries';
import { checkName, readLocator } from '../../helpers/input';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import type { Connection, Entry, FileToImport, ImportOptions, RepositoryApi } from '../../transport';
import { openRepository, uploadPart } from '../../transport';
import {
	autoRenameOption,
	binaryPropertyField,
	createMissingFoldersOption,
	folderLocator,
	taskTimeoutOption,
	volumeOption,
} from '../common.descriptions';

/** Laserfiche's documented limit for one import request. */
export const DEFAULT_SIMPLE_IMPORT_LIMIT_MB = 100;
/** Chunked upload: parts of at least 5 MiB (the last may be smaller), at most 1000 parts, 100 URLs per request. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 1000;
const URLS_PER_REQUEST = 100;
const PART_CONCURRENCY = 2;
const MIB = 1024 * 1024;

const properties: INodeProperties[] = [
	folderLocator({ description: 'The folder to import the document into' }),
	binaryPropertyField('Name of the input binary property that holds the file to import'),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'Invoice 2026-001',
		description: 'Name of the new document. Empty uses the file name without its extension.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			autoRenameOption,
			createMissingFoldersOption,
			{
				displayName: 'Import as Electronic Document',
				name: 'importAsElectronicDocument',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep the file exactly as it is (on), or let Laserfiche turn images and text files (tif, jpg, png, txt...) into pages (off; API v2)',
			},
			{
				displayName: 'Simple Import Limit (MB)',
				name: 'simpleImportLimit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_SIMPLE_IMPORT_LIMIT_MB,
				description:
					'Files above this size are uploaded in parts (API v2 only). A server that refuses a smaller file as too large gets it in parts too.',
			},
			taskTimeoutOption,
			volumeOption,
		],
	},
];

const displayOptions = { show: { resource: ['document'], operation: ['import'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const CUT_CODES = new Set(['EPIPE', 'ECONNRESET']);

/** The server closed the connection while the file was being sent (the code stays out of the message). */
function uploadCut(node: INode, itemIndex: number, size: number, code: string): NodeOperationError {
	return new NodeOperationError(node, 'Laserfiche closed the connection while the document was being uploaded', {
		description: `The file is ${(size / MIB).toFixed(1)} MB: the server's upload limit may be lower (self-hosted: maxAllowedContentLength and UploadFileSizeLimitMb, 100 MB by default). Network error code: ${code}.`,
		itemIndex,
	});
}

function withoutExtension(fileName: string): string {
	const base = fileName.split(/[\\/]/).pop() ?? '';
	const dot = base.lastIndexOf('.');
	return dot > 0 ? base.slice(0, dot) : base;
}

/** Upload in parts to pre-signed URLs, then ImportUploadedParts and its task. */
async function importInParts(
	context: IExecuteFunctions,
	itemIndex: number,
	api: RepositoryApi,
	connection: Connection,
	folderId: number,
	name: string,
	file: FileToImport,
	options: ImportOptions,
	timeoutSeconds: number,
): Promise<Entry> {
	const partSize = Math.max(MIN_PART_BYTES, Math.ceil(file.size / MAX_PARTS));
	const partCount = Math.max(1, Math.ceil(file.size / partSize));
	let uploadId: string | undefined;
	const batches = new Map<number, Promise<string[]>>();
	const urlFor = async (partNumber: number): Promise<string> => {
		const batch = Math.floor((partNumber - 1) / URLS_PER_REQUEST);
		if (!batches.has(batch)) {
			batches.set(
				batch,
				(async () => {
					if (batch > 0) await batches.get(0);
					const first = batch * URLS_PER_REQUEST + 1;
					const answer = await api.createUploadUrls({
						uploadId,
						startingPartNumber: first,
						numberOfParts: Math.min(URLS_PER_REQUEST, partCount - first + 1),
						fileName: file.fileName || name,
						mimeType: file.mimeType,
					});
					uploadId = answer.uploadId;
					return answer.urls;
				})(),
			);
		}
		return (await batches.get(batch)!)[(partNumber - 1) % URLS_PER_REQUEST];
	};
	const content = await file.open();
	const partETags = await mapWithConcurrency(splitIntoParts(content, partSize), PART_CONCURRENCY, async (part, index) =>
		await uploadPart(context, connection, await urlFor(index + 1), part),
	);
	if (partETags.length === 0) partETags.push(await uploadPart(context, connection, await urlFor(1), Buffer.alloc(0)));
	const taskId = await api.startImportUploadedParts(folderId, { uploadId: uploadId!, partETags, name, ...options });
	const task = await waitForTask(context, itemIndex, api, taskId, timeoutSeconds);
	const entryId = task.result?.entryId;
	if (!entryId) {
		throw new NodeOperationError(context.getNode(), 'Laserfiche finished the import but did not say which entry it created', {
			itemIndex,
			description: `Task ${taskId}.`,
		});
	}
	return await api.getEntry(entryId);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Entry> {
	const node = this.getNode();
	const parent = readLocator(this, itemIndex, 'parentFolder', 'Parent Folder');
	const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const limitMb = Number(options.simpleImportLimit ?? DEFAULT_SIMPLE_IMPORT_LIMIT_MB);
	if (!Number.isFinite(limitMb) || limitMb <= 0) {
		throw invalidInput(node, itemIndex, 'Simple Import Limit (MB)', `"${String(options.simpleImportLimit)}" is not a positive number`, 'Set it to the server\'s upload limit in MB, such as 100.');
	}
	const timeout = taskOptions(this, itemIndex).timeoutSeconds;
	let file = binaryFile(this, itemIndex, propertyName);
	const nameParameter = String(this.getNodeParameter('name', itemIndex, '') ?? '');
	const name =
		nameParameter.trim() !== ''
			? checkName(node, itemIndex, nameParameter, 'Name')
			: checkName(node, itemIndex, withoutExtension(file.fileName), file.fileName ? 'Name (taken from the file name)' : 'Name (the file has no name)');
	const volumeName = (options.volumeName as string) || undefined;
	const { api, connection } = await openRepository(this, itemIndex);
	const importOptions: ImportOptions = {
		autoRename: options.autoRename === true ? true : undefined,
		importAsElectronicDocument: api.version === 'v2' ? options.importAsElectronicDocument !== false : undefined,
		volumeName,
	};
	file = await sizeOf(this, itemIndex, propertyName, file);
	if (!file.fileName) file = { ...file, fileName: name };
	// Always one ordinary request before the upload: it checks the folder and refreshes an expired token.
	const folderId = await folderIdOf(this, itemIndex, api, parent, 'Parent Folder', options.createMissingFolders === true, { volumeName, verify: true });

	const inParts = async () => await importInParts(this, itemIndex, api, connection, folderId, name, file, importOptions, timeout);
	if (api.chunkedUpload && file.size > limitMb * MIB) return await inParts();
	return await api.importDocument(folderId, name, file, importOptions).catch(async (error: unknown) => {
		const status = statusOf(error);
		// A server refusing a body as too large may answer 413 at once and close the connection while the
		// file is still being sent: the client then sees the connection cut instead of the 413.
		const cut = status === undefined && CUT_CODES.has(networkCodeOf(error) ?? '');
		if (api.chunkedUpload && (status === 413 || cut)) return await inParts();
		if (cut) throw uploadCut(node, itemIndex, file.size, networkCodeOf(error)!);
		return await Promise.reject(error);
	});
}
