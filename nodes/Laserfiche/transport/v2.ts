/**
 * Repository API v2 (Laserfiche Cloud; self-hosted servers that serve v2): paths under
 * `/v2/Repositories/{repositoryId}`, long operations as tasks (`GET …/Tasks?taskIds=` long-polls up to
 * 60 s), chunked upload through pre-signed part URLs, exports through a download link.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	exportedFile,
	simpleSearchRequest,
	startDeleteRequest,
	startSearchRequest,
} from './adapter-requests';
import { importRequestBody } from './multipart';
import type { Entry, RepositoryApi, RepositorySettings, TaskInfo } from './repository';
import type { Connection, RequestContext } from './request';
import { TRANSFER_TIMEOUT_MS, adapterCalls, omitUndefined, transferLink } from './request';
import { download } from './storage';

export { uploadPart } from './storage';
export type { PartToUpload } from './storage';

/** Long-poll answers come within 60 s; the Timeout (or some slack) applies on top. */
const LONG_POLL_MS = 60_000;
const LONG_POLL_SLACK_MS = 30_000;

function taskIdOf(body: unknown): string {
	const taskId = (body as IDataObject | undefined)?.taskId;
	if (typeof taskId !== 'string' || taskId === '')
		throw new TypeError('Laserfiche started a task but returned no task ID');
	return taskId;
}

function valuesOf(body: unknown): IDataObject[] {
	const value = (body as IDataObject | undefined)?.value;
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

export function createV2Repository(
	context: RequestContext,
	connection: Connection,
	settings: RepositorySettings = {},
): RepositoryApi {
	const { timeout, call, collection } = adapterCalls(context, connection, settings);

	const getTask = async (id: string): Promise<TaskInfo> => {
		const body = await call({
			method: 'GET',
			path: '/Tasks',
			qs: { taskIds: [id] },
			timeout: LONG_POLL_MS + (timeout ?? LONG_POLL_SLACK_MS),
		});
		const task = valuesOf(body).find((candidate) => candidate.id === id) ?? valuesOf(body)[0];
		if (!task) {
			throw new TypeError(
				`Laserfiche knows no task "${id}" (task IDs expire 15 minutes after the task ends)`,
			);
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
			return await collection<Entry>(
				{ method: 'GET', path: `/Entries/${folderId}/Folder/Children` },
				options,
			);
		},

		async createFolder(parentId, name, options) {
			return (await call({
				method: 'POST',
				path: `/Entries/${parentId}/Folder/Children`,
				body: omitUndefined({
					name,
					entryType: 'Folder',
					autoRename: options.autoRename,
					volumeName: options.volumeName,
				}),
				idempotent: false,
			})) as Entry;
		},

		async startCopy(sourceId, folderId, name, options) {
			return taskIdOf(
				await call({
					method: 'POST',
					path: `/Entries/${folderId}/Folder/CopyAsync`,
					body: omitUndefined({
						name,
						sourceId,
						autoRename: options.autoRename,
						volumeName: options.volumeName,
					}),
					idempotent: false,
				}),
			);
		},

		async updateEntry(id, change) {
			return (await call({
				method: 'PATCH',
				path: `/Entries/${id}`,
				body: omitUndefined({
					parentId: change.parentId,
					name: change.name,
					autoRename: change.autoRename,
				}),
				idempotent: true,
			})) as Entry;
		},

		async startDelete(id, reason) {
			return taskIdOf(await call(startDeleteRequest(id, reason, 'auditReasonComment')));
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
				throw new TypeError(
					`Laserfiche returned ${urls.length} upload URLs for ${request.numberOfParts} parts`,
				);
			}
			return { uploadId: body.uploadId, urls: urls.map((url) => transferLink(connection, url)) };
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

		// The asynchronous export: the synchronous one "may time out if it takes longer than 60 seconds" (v2
		// spec, Export), which a large document can; the task's result.uri is the download link.
		async exportDocument(entry, reason, waitForTask) {
			const taskId = taskIdOf(
				await call({
					method: 'POST',
					path: `/Entries/${entry.id}/ExportAsync`,
					body: omitUndefined({
						part: 'Edoc',
						auditReasonId: reason.auditReasonId,
						auditReasonComment: reason.auditReasonComment,
					}),
					idempotent: true,
				}),
			);
			const link = (await waitForTask(taskId)).result?.uri;
			if (typeof link !== 'string' || link === '')
				throw new TypeError(`Laserfiche's export task ${taskId} completed without a download link`);
			return exportedFile(
				await download(context, connection, transferLink(connection, link), timeout),
			);
		},

		async getFields(id) {
			return await collection({ method: 'GET', path: `/Entries/${id}/Fields` });
		},

		async setFields(id, fields) {
			return valuesOf(
				await call({ method: 'PUT', path: `/Entries/${id}/Fields`, body: { fields } }),
			);
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

		async setLinks(id, links) {
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
				await call(startSearchRequest('/Searches/SearchAsync', searchCommand, options)),
			);
		},

		searchStatus: getTask,

		async searchResults(id, options) {
			return await collection<Entry>(
				{ method: 'GET', path: `/Searches/${encodeURIComponent(id)}/Results` },
				options,
			);
		},

		async closeSearch(id) {
			await call({ method: 'DELETE', path: '/Tasks', qs: { taskIds: [id] } });
		},

		async simpleSearch(searchCommand) {
			return valuesOf(await call(simpleSearchRequest(searchCommand))) as Entry[];
		},

		getTask,

		async cancelTask(id) {
			const body = await call({ method: 'DELETE', path: '/Tasks', qs: { taskIds: [id] } });
			return (
				valuesOf(body).find((candidate) => candidate.id === id) ??
				valuesOf(body)[0] ?? { id, result: false }
			);
		},
	};
}
