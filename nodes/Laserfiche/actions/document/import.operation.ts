import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import type { CutAnswer } from '../../../shared/errors';
import { cutAnswerOf, networkCodeOf, networkFailureCode, statusOf } from '../../../shared/errors';
import { uploadInParts } from '../../../shared/parted-upload';
import { invalidInput } from '../../../shared/validation';
import { binaryFile, sizeOf } from '../../helpers/binary';
import { folderIdOf } from '../../helpers/entries';
import { checkName, readLocator } from '../../helpers/input';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import type {
	Connection,
	Entry,
	FileToImport,
	ImportOptions,
	RepositoryApi,
} from '../../transport';
import { openRepository, uploadPart } from '../../transport';
import {
	autoRenameOption,
	binaryPropertyField,
	createMissingFoldersOption,
	folderLocator,
	taskTimeoutOption,
	timeoutOption,
	volumeOption,
} from '../common.descriptions';

/** Laserfiche's documented limit for one import request. */
const DEFAULT_SIMPLE_IMPORT_LIMIT_MB = 100;
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
	optionsCollection([
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
		timeoutOption,
		volumeOption,
	]),
];

const displayOptions = { show: { resource: ['document'], operation: ['import'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const CUT_CODES = new Set(['EPIPE', 'ECONNRESET']);

/** The server closed the connection while the file was being sent (the code stays out of the message). */
function uploadCut(node: INode, itemIndex: number, size: number, code: string): NodeOperationError {
	return new NodeOperationError(
		node,
		'Laserfiche closed the connection while the document was being uploaded',
		{
			description: `The file is ${(size / MIB).toFixed(1)} MB: the server's upload limit may be lower (self-hosted: maxAllowedContentLength and UploadFileSizeLimitMb, 100 MB by default). Network error code: ${code}.`,
			itemIndex,
		},
	);
}

/** The entry ID at the end of an entry URL (`…/Entries/123`), from a Location header. */
function entryIdOfLocation(location: string | undefined): number | undefined {
	const id = Number(/\/Entries\/(\d+)\/?(?:[?#].*)?$/i.exec(location ?? '')?.[1]);
	return Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * An import whose answer was cut after Laserfiche had accepted it (a 2xx status line, then the connection
 * broke): the document exists, but the answer describing it was lost (an import is never repeated blindly).
 * The new document is found (the answer's Location header; else, without Auto Rename, its name in the
 * folder, which the successful import proves was free before). When its electronic document has the input's
 * size, it is the item's result, as if the answer had arrived (Files.com's lost completions are handled the
 * same way). Otherwise it is deleted, so that nothing half-made is left and running the item again makes no
 * duplicate, and the item fails saying what happened.
 */
async function lostImport(
	context: IExecuteFunctions,
	itemIndex: number,
	api: RepositoryApi,
	folderId: number,
	name: string,
	options: ImportOptions,
	cut: CutAnswer,
	taskTimeoutSeconds: number,
	size: number,
): Promise<Entry | NodeOperationError> {
	const node = context.getNode();
	const message = `Laserfiche cut the connection before its answer to the import of "${name}" arrived`;
	const missing = async (error: unknown) =>
		statusOf(error) === 404 ? undefined : await Promise.reject(error);
	const locate = async (): Promise<Entry | undefined> => {
		const id = entryIdOfLocation(cut.location);
		if (id !== undefined) return await api.getEntry(id).catch(missing);
		if (options.autoRename) return undefined;
		const folder = await api.getEntry(folderId);
		const path = `${String(folder.fullPath ?? '\\').replace(/\\+$/, '')}\\${name}`;
		return await api.findByPath(path, false).then(({ entry }) => entry, missing);
	};
	let created: Entry | undefined;
	try {
		created = await locate();
		if (
			created &&
			(created.entryType !== 'Document' ||
				(created.parentId !== undefined && created.parentId !== folderId))
		)
			created = undefined;
		if (!created) {
			return new NodeOperationError(node, message, {
				itemIndex,
				description: options.autoRename
					? `Laserfiche accepted the import (HTTP ${cut.status}) but did not say under which name: check the folder for "${name}" or a renamed copy before running the node again.`
					: `Laserfiche accepted the import (HTTP ${cut.status}), but no document "${name}" is in the folder: run the node again.`,
			});
		}
		if (created.electronicDocumentSize === size) return created;
		await waitForTask(
			context,
			itemIndex,
			api,
			await api.startDelete(created.id, {}),
			taskTimeoutSeconds,
		);
	} catch (error) {
		const what = created
			? `created the document "${created.fullPath ?? created.name}" (entry ${created.id}); deleting it again failed`
			: `created a document "${name}"; looking for it failed`;
		return new NodeOperationError(node, message, {
			itemIndex,
			description: `Laserfiche accepted the import (HTTP ${cut.status}) and ${what} (${(error as Error)?.message ?? String(error)}). Check the folder before running the node again.`,
		});
	}
	return new NodeOperationError(node, message, {
		itemIndex,
		description: `Laserfiche had created "${created.fullPath ?? created.name}" (entry ${created.id}) but its answer was lost, and its electronic document has ${String(created.electronicDocumentSize ?? 'an unknown number of')} bytes instead of ${size}; the document was deleted again so that running the node again makes no duplicate. Run the node again.`,
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
	timeout: number | undefined,
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
	// A part URL that expired before its part was sent (a slow upload): one new URL for that part.
	const renewedUrl = async (partNumber: number): Promise<string> => {
		await batches.get(0);
		const answer = await api.createUploadUrls({
			uploadId,
			startingPartNumber: partNumber,
			numberOfParts: 1,
			fileName: file.fileName || name,
			mimeType: file.mimeType,
		});
		return answer.urls[0];
	};
	// Parts are read into a few buffers used again once a part is sent: memory stays at part size x
	// (PART_CONCURRENCY + 1); a 0-byte file is one empty part.
	const partETags = await uploadInParts({
		content: await file.open(),
		size: file.size,
		partSize,
		concurrency: PART_CONCURRENCY,
		sendPart: async (part, partNumber) =>
			await uploadPart(
				context,
				connection,
				async (renew) => await (renew ? renewedUrl(partNumber) : urlFor(partNumber)),
				part,
				{
					partNumber,
					totalParts: partCount,
					timeout,
				},
			),
	});
	const taskId = await api.startImportUploadedParts(folderId, {
		uploadId: uploadId!,
		partETags,
		name,
		...options,
	});
	const task = await waitForTask(context, itemIndex, api, taskId, timeoutSeconds);
	const entryId = task.result?.entryId;
	if (!entryId) {
		throw new NodeOperationError(
			context.getNode(),
			'Laserfiche finished the import but did not say which entry it created',
			{
				itemIndex,
				description: `Task ${taskId}.`,
			},
		);
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
		throw invalidInput(
			node,
			itemIndex,
			'Simple Import Limit (MB)',
			`"${String(options.simpleImportLimit)}" is not a positive number`,
			"Set it to the server's upload limit in MB, such as 100.",
		);
	}
	const taskTimeout = taskOptions(this, itemIndex).timeoutSeconds;
	let file = binaryFile(this, itemIndex, propertyName);
	const nameParameter = String(this.getNodeParameter('name', itemIndex, '') ?? '');
	const name =
		nameParameter.trim() !== ''
			? checkName(node, itemIndex, nameParameter, 'Name')
			: checkName(
					node,
					itemIndex,
					withoutExtension(file.fileName),
					file.fileName ? 'Name (taken from the file name)' : 'Name (the file has no name)',
				);
	const volumeName = (options.volumeName as string) || undefined;
	const { api, connection, timeout } = await openRepository(this, itemIndex);
	const importOptions: ImportOptions = {
		autoRename: options.autoRename === true ? true : undefined,
		importAsElectronicDocument:
			api.version === 'v2' ? options.importAsElectronicDocument !== false : undefined,
		volumeName,
	};
	file = await sizeOf(this, itemIndex, propertyName, file);
	if (!file.fileName) file = { ...file, fileName: name };
	// Always one ordinary request before the upload: it checks the folder and refreshes an expired token.
	const folderId = await folderIdOf(
		this,
		itemIndex,
		api,
		parent,
		'Parent Folder',
		options.createMissingFolders === true,
		{ volumeName, verify: true },
	);

	const inParts = async () =>
		await importInParts(
			this,
			itemIndex,
			api,
			connection,
			folderId,
			name,
			file,
			importOptions,
			taskTimeout,
			timeout,
		);
	if (api.chunkedUpload && file.size > limitMb * MIB) return await inParts();
	return await api
		.importDocument(folderId, name, file, importOptions)
		.catch(async (error: unknown) => {
			// The answer was cut after Laserfiche accepted the import: the document exists (never import again).
			const answer = cutAnswerOf(error);
			if (answer) {
				const found = await lostImport(
					this,
					itemIndex,
					api,
					folderId,
					name,
					importOptions,
					answer,
					taskTimeout,
					file.size,
				);
				if (found instanceof NodeOperationError) throw found;
				return found;
			}
			const status = statusOf(error);
			const code = networkFailureCode(error) ?? networkCodeOf(error);
			// A server refusing a body as too large may answer 413 at once and close the connection while the
			// file is still being sent: the client then sees the connection cut instead of the 413.
			const cut = status === undefined && code !== undefined && CUT_CODES.has(code);
			if (api.chunkedUpload && (status === 413 || cut)) return await inParts();
			if (cut) throw uploadCut(node, itemIndex, file.size, code);
			return await Promise.reject(error);
		});
}
