/**
 * Repository API v1 (self-hosted Laserfiche API Server 1.x): paths under `/v1/Repositories/{repoId}`,
 * `Laserfiche.Repository.Folder` / `…Document` segments, `autoRename` as a query parameter, operation
 * tokens instead of task IDs, field values as `{value, position}` objects. Answers are mapped onto the v2
 * vocabulary (see repository.ts), so operations read the same whichever version runs.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	jsonBody,
	simpleSearchRequest,
	startDeleteRequest,
	startSearchRequest,
} from './adapter-requests';
import { importRequestBody } from './multipart';
import type { FetchRange, RangeAnswer } from '../../shared/ranged';
import { rangedDownload } from '../../shared/ranged';
import type {
	Entry,
	FieldToWrite,
	RepositoryApi,
	RepositorySettings,
	TaskInfo,
	TaskStatus,
} from './repository';
import type { Connection, FullResponse, RequestContext } from './request';
import { TRANSFER_TIMEOUT_MS, adapterCalls, omitUndefined } from './request';

function valueText(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in (value as IDataObject))
		return String((value as IDataObject).value ?? '');
	return value === undefined || value === null ? '' : String(value);
}

/** v1 field value `{fieldName, values: [{value, position}], fieldId…}` → v2 Field. */
function toField(field: IDataObject): IDataObject {
	const { fieldName, values, fieldId, ...rest } = field;
	return {
		name: fieldName,
		values: Array.isArray(values) ? values.map(valueText) : [],
		...(fieldId !== undefined ? { id: fieldId } : {}),
		...rest,
	};
}

/** v1 Entry → v2 Entry (`elecDocumentSize` → `electronicDocumentSize`, fields as v2 Fields). */
export function toEntry(entry: IDataObject | null | undefined): Entry | undefined {
	if (!entry) return undefined;
	const { elecDocumentSize, fields, children, edoc, ...rest } = entry;
	void children;
	void edoc;
	delete (rest as IDataObject)['entry Type'];
	return {
		...(rest as Entry),
		...(elecDocumentSize !== undefined
			? { electronicDocumentSize: elecDocumentSize as number }
			: {}),
		...(Array.isArray(fields) ? { fields: (fields as IDataObject[]).map(toField) } : {}),
	};
}

/** v1 WEntryLinkInfo → v2 Link. */
function toLink(link: IDataObject): IDataObject {
	const { linkId, linkTypeId, linkTypeDescription, linkProperties, ...rest } = link;
	return {
		id: linkId,
		...rest,
		linkDefinitionId: linkTypeId,
		linkDefinitionDescription: linkTypeDescription,
		customProperties: linkProperties ?? null,
	};
}

/** v1 WTagInfo → v2 Tag (v1 names its watermark members differently). */
function toTag(tag: IDataObject): IDataObject {
	const { watermark, ...rest } = tag;
	const mark = watermark as IDataObject | undefined | null;
	return {
		...rest,
		watermark: mark
			? {
					text: mark.watermarkText,
					position: mark.watermarkPosition,
					rotationAngle: mark.watermarkRotationAngle,
					isMandatory: mark.isWatermarkMandatory,
					opacity: mark.watermarkIntensity,
				}
			: null,
	};
}

/** v1 OperationProgress → v2 TaskProgress. */
function toTask(progress: IDataObject, id: string): TaskInfo {
	const {
		operationToken,
		operationType,
		entryId,
		startTimestamp,
		statusTimestamp,
		status,
		...rest
	} = progress;
	return {
		...rest,
		id: typeof operationToken === 'string' && operationToken !== '' ? operationToken : id,
		taskType: operationType as string | undefined,
		status: (status as TaskStatus | undefined) ?? 'InProgress',
		result:
			entryId !== undefined && entryId !== null && entryId !== 0
				? { entryId: entryId as number }
				: null,
		startTime: startTimestamp,
		lastUpdateTime: statusTimestamp,
	};
}

function valuesOf(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const value = (body as IDataObject | undefined)?.value;
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

function tokenOf(body: unknown): string {
	const token = (body as IDataObject | undefined)?.token;
	if (typeof token !== 'string' || token === '')
		throw new TypeError('Laserfiche started an operation but returned no operation token');
	return token;
}

/** `{Name: {values: [{value, position}]}}`, positions counted from 1 per field. */
function fieldMap(fields: FieldToWrite[]): IDataObject {
	const map: IDataObject = {};
	for (const field of fields) {
		map[field.name] = {
			values: field.values.map((value, index) => ({ value, position: index + 1 })),
		};
	}
	return map;
}

export function createV1Repository(
	context: RequestContext,
	connection: Connection,
	settings: RepositorySettings = {},
): RepositoryApi {
	const { timeout, call, collection } = adapterCalls(context, connection, settings);
	const entry = (body: unknown): Entry => toEntry(body as IDataObject) as Entry;
	const progress = async (path: string, id: string): Promise<TaskInfo> => {
		const response = (await call({
			method: 'GET',
			path,
			returnFullResponse: true,
		})) as FullResponse;
		return toTask((response.body as IDataObject) ?? {}, id);
	};

	return {
		version: 'v1',
		chunkedUpload: false,

		async listRepositories() {
			return valuesOf(await call({ method: 'GET', versionPath: '/Repositories' })).map(
				(repository) => ({
					id: repository.repoId,
					name: repository.repoName,
					webClientUrl: repository.webclientUrl,
				}),
			);
		},

		async getEntry(id) {
			return entry(await call({ method: 'GET', path: `/Entries/${id}` }));
		},

		async findByPath(fullPath, fallbackToClosestAncestor) {
			const body = (await call({
				method: 'GET',
				path: '/Entries/ByPath',
				qs: { fullPath, fallbackToClosestAncestor },
			})) as { entry?: IDataObject | null; ancestorEntry?: IDataObject | null };
			return { entry: toEntry(body.entry), ancestorEntry: toEntry(body.ancestorEntry) };
		},

		async listChildren(folderId, options) {
			const entries = await collection(
				{ method: 'GET', path: `/Entries/${folderId}/Laserfiche.Repository.Folder/children` },
				options,
			);
			return entries.map((child) => toEntry(child) as Entry);
		},

		async createFolder(parentId, name, options) {
			return entry(
				await call({
					method: 'POST',
					path: `/Entries/${parentId}/Laserfiche.Repository.Folder/children`,
					qs: options.autoRename ? { autoRename: true } : undefined,
					body: omitUndefined({ name, entryType: 'Folder', volumeName: options.volumeName }),
					idempotent: false,
				}),
			);
		},

		async startCopy(sourceId, folderId, name, options) {
			return tokenOf(
				await call({
					method: 'POST',
					path: `/Entries/${folderId}/Laserfiche.Repository.Folder/CopyAsync`,
					qs: options.autoRename ? { autoRename: true } : undefined,
					body: omitUndefined({ name, sourceId, volumeName: options.volumeName }),
					idempotent: false,
				}),
			);
		},

		async updateEntry(id, change) {
			return entry(
				await call({
					method: 'PATCH',
					path: `/Entries/${id}`,
					qs: change.autoRename ? { autoRename: true } : undefined,
					body: omitUndefined({ parentId: change.parentId, name: change.name }),
					idempotent: true,
				}),
			);
		},

		async startDelete(id, reason) {
			return tokenOf(await call(startDeleteRequest(id, reason, 'comment')));
		},

		async importDocument(folderId, name, file, options) {
			const request = omitUndefined({ volumeName: options.volumeName });
			const result = (await call({
				method: 'POST',
				path: `/Entries/${folderId}/${encodeURIComponent(name)}`,
				qs: options.autoRename ? { autoRename: true } : undefined,
				bodyFactory: async () => await importRequestBody(request, 'electronicDocument', file),
				idempotent: false,
				timeout: timeout ?? TRANSFER_TIMEOUT_MS,
			})) as IDataObject;
			const operations = (result?.operations ?? {}) as IDataObject;
			const created = (operations.entryCreate ?? {}) as IDataObject;
			const entryId = Number(created.entryId);
			if (!Number.isInteger(entryId) || entryId <= 0) {
				throw new TypeError('Laserfiche imported the document but returned no entry ID');
			}
			return entry(await call({ method: 'GET', path: `/Entries/${entryId}` }));
		},

		async createUploadUrls() {
			throw new TypeError('Chunked upload needs the repository API v2');
		},

		async startImportUploadedParts() {
			throw new TypeError('Chunked upload needs the repository API v2');
		},

		async exportDocument(document, reason) {
			const withReason = reason.auditReasonId !== undefined;
			// Ranges above 32 MiB (the guide asks for them above 50 MB); each request streams on as it arrives.
			const fetchRange: FetchRange = async (range) =>
				(await call({
					method: withReason ? 'POST' : 'GET',
					path: `/Entries/${document.id}/Laserfiche.Repository.Document/${withReason ? 'GetEdocWithAuditReason' : 'edoc'}`,
					body: withReason
						? omitUndefined({
								auditReasonId: reason.auditReasonId,
								comment: reason.auditReasonComment,
							})
						: undefined,
					encoding: 'stream',
					returnFullResponse: true,
					headers: range
						? { Accept: '*/*', Range: `bytes=${range.start}-${range.end}` }
						: { Accept: '*/*' },
					idempotent: true,
					timeout: timeout ?? TRANSFER_TIMEOUT_MS,
				})) as FullResponse as RangeAnswer;
			const download = await rangedDownload(fetchRange, document.electronicDocumentSize);
			return { body: download.body, mimeType: download.contentType };
		},

		async getFields(id) {
			return (await collection({ method: 'GET', path: `/Entries/${id}/fields` })).map(toField);
		},

		async setFields(id, fields) {
			return valuesOf(
				await call({
					method: 'PUT',
					path: `/Entries/${id}/fields`,
					...jsonBody(fieldMap(fields)),
				}),
			).map(toField);
		},

		async setTemplate(id, templateName, fields) {
			return entry(
				await call({
					method: 'PUT',
					path: `/Entries/${id}/template`,
					body: fields.length ? { templateName, fields: fieldMap(fields) } : { templateName },
				}),
			);
		},

		async removeTemplate(id) {
			return entry(await call({ method: 'DELETE', path: `/Entries/${id}/template` }));
		},

		async getTags(id) {
			return (await collection({ method: 'GET', path: `/Entries/${id}/tags` })).map(toTag);
		},

		async setTags(id, tags) {
			return valuesOf(
				await call({ method: 'PUT', path: `/Entries/${id}/tags`, body: { tags } }),
			).map(toTag);
		},

		async getLinks(id) {
			return (await collection({ method: 'GET', path: `/Entries/${id}/links` })).map(toLink);
		},

		async setLinks(id, links) {
			const body = links.map((link) =>
				omitUndefined({
					targetId: link.otherEntryId,
					linkTypeId: link.linkDefinitionId,
					customProperties: link.customProperties,
				}),
			);
			return valuesOf(
				await call({
					method: 'PUT',
					path: `/Entries/${id}/links`,
					...jsonBody(body),
				}),
			).map(toLink);
		},

		async startSearch(searchCommand, options) {
			return tokenOf(await call(startSearchRequest('/Searches', searchCommand, options)));
		},

		async searchStatus(id) {
			return await progress(`/Searches/${encodeURIComponent(id)}`, id);
		},

		async searchResults(id, options) {
			const entries = await collection(
				{ method: 'GET', path: `/Searches/${encodeURIComponent(id)}/Results` },
				options,
			);
			return entries.map((found) => toEntry(found) as Entry);
		},

		async closeSearch(id) {
			await call({ method: 'DELETE', path: `/Searches/${encodeURIComponent(id)}` });
		},

		async simpleSearch(searchCommand) {
			return valuesOf(await call(simpleSearchRequest(searchCommand))).map(
				(found) => toEntry(found) as Entry,
			);
		},

		async getTask(id) {
			return await progress(`/Tasks/${encodeURIComponent(id)}`, id);
		},

		async cancelTask(id) {
			await call({ method: 'DELETE', path: `/Tasks/${encodeURIComponent(id)}` });
			return { id, result: true };
		},
	};
}
