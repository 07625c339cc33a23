/**
 * Repository API v2 (Laserfiche Cloud; self-hosted servers that serve v2): paths under
 * `/v2/Repositories/{repositoryId}`, long operations as tasks (`GET …/Tasks?taskIds=` long-polls up to
 * 60 s), chunked upload through pre-signed part URLs, exports through a download link.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { brokenAnswer, networkCodeOf, statusOf, storageErrorText } from '../../shared/errors';
import type { Readable } from '../../shared/binary';
import { getDownload, putPart } from '../../shared/presigned';
import { importRequestBody } from './multipart';
import type { Entry, ExportedFile, FieldToWrite, LinkToWrite, RepositoryApi, RepositorySettings, TaskInfo } from './repository';
import type { Connection, FullResponse, RequestContext } from './request';
import { DEFAULT_TIMEOUT_MS, TRANSFER_TIMEOUT_MS, adapterCalls, omitUndefined } from './request';

/** Long-poll answers come within 60 s; the Timeout (or some slack) applies on top. */
const LONG_POLL_MS = 60_000;
const LONG_POLL_SLACK_MS = 30_000;
/** A part upload carries up to a few hundred MB: without a Timeout option it may take up to 5 minutes. */
const PART_TIMEOUT_MS = 300_000;
/** How many times a part is sent when its ETag shows it arrived changed. */
const PART_SENDS = 3;

function taskIdOf(body: unknown): string {
	const taskId = (body as IDataObject | undefined)?.taskId;
	if (typeof taskId !== 'string' || taskId === '') throw new TypeError('Laserfiche started a task but returned no task ID');
	return taskId;
}

function valuesOf(body: unknown): IDataObject[] {
	const value = (body as IDataObject | undefined)?.value;
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

/**
 * A transfer to or from a pre-signed storage link that failed after its retries, in words (the storage
 * service's own error when it sent one; never the link, which is a credential of its own).
 */
async function transferFailure(context: RequestContext, what: string, error: unknown, timeout?: number): Promise<NodeOperationError> {
	const failure = brokenAnswer(error);
	const code = statusOf(failure) === undefined ? networkCodeOf(failure) : undefined;
	return new NodeOperationError(context.getNode(), `${what} failed: ${await storageErrorText(error, timeout)}`, {
		description: code
			? `Network error ${code}. The transfer was tried again and kept failing: run the node again later.`
			: 'Laserfiche\'s storage refused the transfer: run the node again (a new link is asked for every time).',
	});
}

/** Downloads a pre-signed export link (no Laserfiche credentials go there). */
async function download(context: RequestContext, connection: Connection, url: string, timeout?: number): Promise<FullResponse> {
	return (await getDownload(context, {
		url,
		skipSslCertificateValidation: connection.skipSsl,
		timeout: timeout ?? DEFAULT_TIMEOUT_MS,
	}).catch(async (error: unknown) => await Promise.reject(await transferFailure(context, 'Downloading the exported document', error, timeout)))) as FullResponse;
}

export interface PartToUpload {
	/** 1-based, for messages. */
	partNumber: number;
	totalParts: number;
	/** Milliseconds to wait for the storage to answer (the node's Timeout option). */
	timeout?: number;
}

/**
 * PUTs one part to its pre-signed upload URL (nodes/shared/presigned.ts); answers the part's ETag. When the
 * ETag is a plain MD5, it must be the MD5 of the bytes sent: a part that arrived changed is sent again (the
 * same URL takes the part anew), a few times, then the upload fails.
 */
export async function uploadPart(
	context: RequestContext,
	connection: Connection,
	url: string,
	part: Buffer,
	options: PartToUpload = { partNumber: 1, totalParts: 1 },
): Promise<string> {
	const label = `Uploading part ${options.partNumber} of ${options.totalParts}`;
	const outcome = await putPart(context, {
		body: part,
		request: async () => ({
			method: 'PUT',
			url,
			headers: { 'Content-Type': 'application/octet-stream' },
			skipSslCertificateValidation: connection.skipSsl,
			timeout: options.timeout ?? PART_TIMEOUT_MS,
		}),
		repeatable: true,
		sends: PART_SENDS,
		// S3 and Laserfiche's storage answer the part's MD5, quoted (weak or not).
		etag: { weak: true, encryption: false },
	});
	if (outcome.ok) return outcome.etag;
	if (outcome.problem === 'failed') throw await transferFailure(context, label, outcome.error, options.timeout);
	if (outcome.problem === 'no-etag') throw new TypeError('The upload URL accepted a part but returned no ETag');
	throw new NodeOperationError(
		context.getNode(),
		`${label} failed: the part arrived changed (the storage's MD5 ${outcome.received} differs from the data sent, ${outcome.sent})`,
		{
			description: `The part was sent ${PART_SENDS} times and arrived different each time: something between n8n and Laserfiche changes the data. Nothing was imported.`,
		},
	);
}

export function createV2Repository(context: RequestContext, connection: Connection, settings: RepositorySettings = {}): RepositoryApi {
	const { timeout, call, collection } = adapterCalls(context, connection, settings);

	const getTask = async (id: string): Promise<TaskInfo> => {
		const body = await call({ method: 'GET', path: '/Tasks', qs: { taskIds: [id] }, timeout: LONG_POLL_MS + (timeout ?? LONG_POLL_SLACK_MS) });
		const task = valuesOf(body).find((candidate) => candidate.id === id) ?? valuesOf(body)[0];
		if (!task) {
			throw new TypeError(`Laserfiche knows no task "${id}" (task IDs expire 15 minutes after the task ends)`);
		}
		return task as TaskInfo;
	};

	return {
		version: 'v2',
		chunkedUpload: true,

		async listRepositories() {
			return valuesOf(await call({ method: 'GET', versionPath: '/Repositories' }));
		},

		async getEntry(id) {
			return (await call({ method: 'GET', path: `/Entries/${id}` })) as Entry;
		},

		async findByPath(fullPath, fallbackToClosestAncestor) {
			const body = (await call({
				method: 'GET',
				path: '/Entries/ByPath',
				qs: { fullPath, fallbackToClosestAncestor },
			})) as { entry?: Entry | null; ancestorEntry?: Entry | null };
			return { entry: body.entry ?? undefined, ancestorEntry: body.ancestorEntry ?? undefined };
		},

		async listChildren(folderId, options) {
			return await collection<Entry>({ method: 'GET', path: `/Entries/${folderId}/Folder/Children` }, options);
		},

		async createFolder(parentId, name, options) {
			return (await call({
				method: 'POST',
				path: `/Entries/${parentId}/Folder/Children`,
				body: omitUndefined({ name, entryType: 'Folder', autoRename: options.autoRename, volumeName: options.volumeName }),
				idempotent: false,
			})) as Entry;
		},

		async startCopy(sourceId, folderId, name, options) {
			return taskIdOf(
				await call({
					method: 'POST',
					path: `/Entries/${folderId}/Folder/CopyAsync`,
					body: omitUndefined({ name, sourceId, autoRename: options.autoRename, volumeName: options.volumeName }),
					idempotent: false,
				}),
			);
		},

		async updateEntry(id, change) {
			return (await call({
				method: 'PATCH',
				path: `/Entries/${id}`,
				body: omitUndefined({ parentId: change.parentId, name: change.name, autoRename: change.autoRename }),
				idempotent: true,
			})) as Entry;
		},

		async startDelete(id, reason) {
			const body = omitUndefined({ auditReasonId: reason.auditReasonId, auditReasonComment: reason.auditReasonComment });
			return taskIdOf(
				await call({
					method: 'DELETE',
					path: `/Entries/${id}`,
					body: JSON.stringify(body),
					headers: { 'Content-Type': 'application/json' },
					idempotent: false,
				}),
			);
		},

		async importDocument(folderId, name, file, options) {
			const request = omitUndefined({
				name,
				autoRename: options.autoRename,
				importAsElectronicDocument: options.importAsElectronicDocument,
				volumeName: options.volumeName,
			});
			return (await call({
				method: 'POST',
				path: `/Entries/${folderId}/Folder/Import`,
				bodyFactory: async () => await importRequestBody(request, 'file', file),
				idempotent: false,
				timeout: timeout ?? TRANSFER_TIMEOUT_MS,
			})) as Entry;
		},

		async createUploadUrls(request) {
			const body = (await call({
				method: 'POST',
				path: '/Entries/CreateMultipartUploadUrls',
				body: omitUndefined({ ...request }),
				idempotent: true,
			})) as IDataObject;
			const urls = Array.isArray(body.urls) ? (body.urls as string[]) : [];
			if (typeof body.uploadId !== 'string' || urls.length !== request.numberOfParts) {
				throw new TypeError(`Laserfiche returned ${urls.length} upload URLs for ${request.numberOfParts} parts`);
			}
			return { uploadId: body.uploadId, urls };
		},

		async startImportUploadedParts(folderId, request) {
			return taskIdOf(
				await call({
					method: 'POST',
					path: `/Entries/${folderId}/Folder/ImportUploadedParts`,
					body: omitUndefined({ ...request }),
					idempotent: false,
				}),
			);
		},

		async exportDocument(entry, reason): Promise<ExportedFile> {
			const body = (await call({
				method: 'POST',
				path: `/Entries/${entry.id}/Export`,
				body: omitUndefined({ part: 'Edoc', auditReasonId: reason.auditReasonId, auditReasonComment: reason.auditReasonComment }),
				idempotent: true,
			})) as IDataObject;
			const link = body.value;
			if (typeof link !== 'string' || link === '') throw new TypeError('Laserfiche exported the document but returned no download link');
			const response = await download(context, connection, link, timeout);
			const contentType = response.headers['content-type'];
			return { body: response.body as Readable, mimeType: typeof contentType === 'string' ? contentType : undefined };
		},

		async getFields(id) {
			return await collection({ method: 'GET', path: `/Entries/${id}/Fields` });
		},

		async setFields(id, fields: FieldToWrite[]) {
			return valuesOf(await call({ method: 'PUT', path: `/Entries/${id}/Fields`, body: { fields } }));
		},

		async setTemplate(id, templateName, fields) {
			return (await call({
				method: 'PUT',
				path: `/Entries/${id}/Template`,
				body: fields.length ? { templateName, fields } : { templateName },
			})) as Entry;
		},

		async removeTemplate(id) {
			return (await call({ method: 'DELETE', path: `/Entries/${id}/Template` })) as Entry;
		},

		async getTags(id) {
			return await collection({ method: 'GET', path: `/Entries/${id}/Tags` });
		},

		async setTags(id, tags) {
			return valuesOf(await call({ method: 'PUT', path: `/Entries/${id}/Tags`, body: { tags } }));
		},

		async getLinks(id) {
			return await collection({ method: 'GET', path: `/Entries/${id}/Links` });
		},

		async setLinks(id, links: LinkToWrite[]) {
			return valuesOf(
				await call({
					method: 'PUT',
					path: `/Entries/${id}/Links`,
					body: {
						links: links.map((link) =>
							omitUndefined({
								linkDefinitionId: link.linkDefinitionId,
								otherEntryId: link.otherEntryId,
								isSource: link.isSource,
								customProperties: link.customProperties,
							}),
						),
					},
				}),
			);
		},

		async startSearch(searchCommand, options) {
			return taskIdOf(
				await call({
					method: 'POST',
					path: '/Searches/SearchAsync',
					body: omitUndefined({ searchCommand, fuzzyType: options.fuzzyType, fuzzyFactor: options.fuzzyFactor }),
					idempotent: false,
				}),
			);
		},

		searchStatus: getTask,

		async searchResults(id, options) {
			return await collection<Entry>({ method: 'GET', path: `/Searches/${encodeURIComponent(id)}/Results` }, options);
		},

		async closeSearch(id) {
			await call({ method: 'DELETE', path: '/Tasks', qs: { taskIds: [id] } });
		},

		async simpleSearch(searchCommand) {
			return valuesOf(await call({ method: 'POST', path: '/SimpleSearches', body: { searchCommand }, idempotent: true })) as Entry[];
		},

		getTask,

		async cancelTask(id) {
			const body = await call({ method: 'DELETE', path: '/Tasks', qs: { taskIds: [id] } });
			return valuesOf(body).find((candidate) => candidate.id === id) ?? valuesOf(body)[0] ?? { id, result: false };
		},
	};
}
