'use strict';
/**
 * Repository API v2 (Cloud under /repository, self-hosted under /LFRepositoryAPI): the 44 operations
 * of repository-api-v2.swagger.json. Each route declares the OAuth scope its description names and
 * whether an entry lock (423) applies.
 */
const { HttpError, readJson, prop, sendJson, boolParam } = require('./http-util');
const { ERROR_CODES } = require('./problem');
const { pageOf } = require('./odata');
const views = require('./views');
const { isContainer } = require('./repository');
const docs = require('./documents');
const { runSearch, parseSearch, contextHits } = require('./search');
const { checkOpenSearchLimit } = require('./search-limit');
const { refuseSlowSyncExport } = require('./export-limits');
const { taskToV2, isEnded } = require('./tasks');

const ENTRY_KNOWN_PROPS = [
	...views.BASE_ENTRY_PROPS,
	...new Set(Object.values(views.SUBTYPE_PROPS).flat()),
];
const ENTRY_ALWAYS = ['id', 'name', 'entryType', 'rowNumber'];
const GROUP_RANK = { Folder: 0, RecordSeries: 1, Shortcut: 2, Document: 3 };

function validation(detail) {
	return new HttpError(400, 'One or more validation errors occurred.', { detail });
}

function apiBase(ctx) {
	const idx = ctx.pathname.search(/\/v[12]\//i);
	return ctx.origin + ctx.pathname.slice(0, idx);
}

function entryUrl(ctx, entryId) {
	return `${apiBase(ctx)}/v2/Repositories/${encodeURIComponent(ctx.repo.id)}/Entries/${entryId}`;
}

function requireObject(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw validation('A JSON object request body is required.');
	return body;
}

function requireString(body, name) {
	const v = prop(body, name);
	if (typeof v !== 'string' || v === '') throw validation(`The ${name} field is required.`);
	return v;
}

function optBool(body, name) {
	const v = prop(body, name);
	if (v === undefined || v === null) return false;
	if (typeof v !== 'boolean') throw validation(`The ${name} field must be a boolean.`);
	return v;
}

function optInt(body, name) {
	const v = prop(body, name);
	if (v === undefined || v === null) return undefined;
	if (!Number.isInteger(v)) throw validation(`The ${name} field must be an integer.`);
	return v;
}

function fieldNamesParam(ctx) {
	const names = ctx.query.getAll('fields').filter((n) => n !== '');
	if (names.length > 10) throw validation('At most 10 field names can be requested.');
	return names;
}

/** Normalises import/metadata objects whatever the casing of their properties. */
function readMetadata(raw) {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object') throw validation('metadata must be an object.');
	const fields = prop(raw, 'fields');
	const links = prop(raw, 'links');
	return {
		templateName: prop(raw, 'templateName') || undefined,
		fields: Array.isArray(fields)
			? fields.map((f) => ({ name: prop(f, 'name'), values: prop(f, 'values') }))
			: fields === undefined || fields === null
				? []
				: fields,
		tags: prop(raw, 'tags') || [],
		links: Array.isArray(links)
			? links.map((l) => ({
					linkDefinitionId: prop(l, 'linkDefinitionId'),
					otherEntryId: prop(l, 'otherEntryId'),
					isSource: prop(l, 'isSource'),
					customProperties: prop(l, 'customProperties'),
				}))
			: links || [],
	};
}

function readFieldUpdates(raw) {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw validation('fields must be an array.');
	return raw.map((f) => ({ name: prop(f, 'name'), values: prop(f, 'values') }));
}

/** Renders entries for a listing / search results page. */
function entryPage(
	ctx,
	entries,
	{ defaultPageSize = 150, groupByEntryType = false, maxResults, allowPaging } = {},
) {
	const repo = ctx.repo;
	const names = fieldNamesParam(ctx);
	const format = boolParam(ctx.query.get('formatFieldValues'), 'formatFieldValues') || false;
	const culture = ctx.query.get('culture') || undefined;
	const rendered = entries.map((e) =>
		views.entryV2(repo, e, {
			full: true,
			rowNumber: null,
			fields: names.length ? views.requestedFields(repo, e, names, { format, culture }) : undefined,
		}),
	);
	const baseKeys = new Set(views.BASE_ENTRY_PROPS);
	return pageOf(ctx, rendered, {
		defaultPageSize,
		rowNumbers: true,
		knownProps: ENTRY_KNOWN_PROPS,
		always: ENTRY_ALWAYS,
		groupKey: groupByEntryType ? (item) => GROUP_RANK[item.entryType] : undefined,
		maxResults,
		allowPaging,
		project: (item) => {
			const out = {};
			for (const key of Object.keys(item)) if (baseKeys.has(key)) out[key] = item[key];
			return out;
		},
	});
}

function byName(a, b) {
	return a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });
}

function collection(ctx, items, defaultPageSize = 100) {
	sendJson(ctx, 200, pageOf(ctx, items, { defaultPageSize }).body);
}

/** $select on a single object. */
function selectOne(ctx, item, always = []) {
	const select = ctx.query.get('$select');
	if (!select) return item;
	const wanted = select
		.split(',')
		.map((s) => s.trim().toLowerCase())
		.filter(Boolean);
	for (const s of wanted) {
		if (
			!Object.keys(item).some((k) => k.toLowerCase() === s) &&
			!ENTRY_KNOWN_PROPS.some((k) => k.toLowerCase() === s)
		) {
			throw new HttpError(400, 'Invalid OData query option.', {
				detail: `The property '${s}' cannot be used in $select.`,
			});
		}
	}
	const out = {};
	for (const key of Object.keys(item))
		if (always.includes(key) || wanted.includes(key.toLowerCase())) out[key] = item[key];
	return out;
}

function taskOwner(ctx) {
	return { token: ctx.owner.token, principal: ctx.owner.principal };
}

function startTask(ctx, type, run, extra = {}) {
	return ctx.emu.tasks.start({
		type,
		owner: taskOwner(ctx),
		repositoryId: ctx.repo.id,
		run,
		instance: ctx.pathname,
		...extra,
	});
}

function taskIdsParam(ctx) {
	return ctx.query
		.getAll('taskIds')
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

function checkAuditReason(repo, auditReasonId, type) {
	if (auditReasonId === undefined || auditReasonId === null || auditReasonId === 0) {
		if (type === 'DeleteEntry' && repo.requireDeleteAuditReason) {
			throw new HttpError(400, 'Need to provide correct audit reason for DeleteEntry', {
				detail: 'This repository requires an audit reason to delete entries.',
			});
		}
		return;
	}
	const reason = repo.auditReasons.find((r) => r.id === Number(auditReasonId));
	if (!reason || reason.auditEventType !== type) {
		throw new HttpError(400, `Need to provide correct audit reason for ${type}`, {
			detail: `The audit reason ${auditReasonId} is not a ${type} audit reason.`,
		});
	}
}

// ------------------------------------------------------------------------------------------------

function registerV2(add, emu) {
	const R = 'Read';
	const W = 'Write';
	const base = '/v2/Repositories/{repositoryId}';

	// Repositories --------------------------------------------------------------------------------
	add(
		'GET',
		'/v2/Repositories',
		async (ctx) => {
			const repos = emu.repositoriesOf(ctx.deployment);
			sendJson(ctx, 200, { value: repos.map(views.repositoryV2) });
		},
		{ scope: R, anonymousSelfHosted: true },
	);

	// Attributes ------------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/Attributes`,
		async (ctx) => {
			boolParam(ctx.query.get('everyone'), 'everyone');
			collection(
				ctx,
				ctx.repo.attributes.map((a) => ({ key: a.key, value: a.value })),
			);
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/Attributes/{attributeKey}`,
		async (ctx) => {
			const attr = ctx.repo.attributes.find(
				(a) => a.key.toLowerCase() === ctx.params.attributeKey.toLowerCase(),
			);
			if (!attr)
				throw new HttpError(404, 'Attribute not found.', {
					detail: `The attribute '${ctx.params.attributeKey}' was not found.`,
				});
			sendJson(ctx, 200, { key: attr.key, value: attr.value });
		},
		{ scope: R },
	);

	// Audit reasons ---------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/AuditReasons`,
		async (ctx) => collection(ctx, ctx.repo.auditReasons.map(views.auditReasonV2)),
		{ scope: R },
	);

	// Field definitions -----------------------------------------------------------------------------
	add(
		'GET',
		`${base}/FieldDefinitions`,
		async (ctx) => collection(ctx, [...ctx.repo.fieldDefs.values()].map(views.fieldDefinitionV2)),
		{ scope: R },
	);
	add(
		'GET',
		`${base}/FieldDefinitions/{fieldId:int}`,
		async (ctx) => {
			const def = ctx.repo.fieldDefs.get(Number(ctx.params.fieldId));
			if (!def)
				throw new HttpError(404, 'Field definition not found.', {
					detail: `The field definition ${ctx.params.fieldId} was not found.`,
				});
			sendJson(ctx, 200, selectOne(ctx, views.fieldDefinitionV2(def)));
		},
		{ scope: R },
	);

	// Link definitions ------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/LinkDefinitions`,
		async (ctx) => collection(ctx, [...ctx.repo.linkDefs.values()].map(views.linkDefinitionV2)),
		{ scope: R },
	);
	add(
		'GET',
		`${base}/LinkDefinitions/{linkDefinitionId:int}`,
		async (ctx) => {
			const def = ctx.repo.linkDefs.get(Number(ctx.params.linkDefinitionId));
			if (!def)
				throw new HttpError(404, 'Link definition not found.', {
					detail: `The link definition ${ctx.params.linkDefinitionId} was not found.`,
				});
			sendJson(ctx, 200, selectOne(ctx, views.linkDefinitionV2(def)));
		},
		{ scope: R },
	);

	// Tag definitions -------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/TagDefinitions`,
		async (ctx) => collection(ctx, [...ctx.repo.tagDefs.values()].map(views.tagV2)),
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TagDefinitions/{tagId:int}`,
		async (ctx) => {
			const tag = ctx.repo.tagDefs.get(Number(ctx.params.tagId));
			if (!tag)
				throw new HttpError(404, 'Tag definition not found.', {
					detail: `The tag definition ${ctx.params.tagId} was not found.`,
				});
			sendJson(ctx, 200, selectOne(ctx, views.tagV2(tag)));
		},
		{ scope: R },
	);

	// Template definitions --------------------------------------------------------------------------
	add(
		'GET',
		`${base}/TemplateDefinitions`,
		async (ctx) => {
			const name = ctx.query.get('templateName');
			let templates = [...ctx.repo.templates.values()];
			if (name) {
				templates = templates.filter((t) => t.name.toLowerCase() === name.toLowerCase());
				if (!templates.length)
					throw new HttpError(404, 'Template not found.', {
						detail: `The template '${name}' was not found.`,
					});
			}
			collection(ctx, templates.map(views.templateDefinitionV2));
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TemplateDefinitions/FieldDefinitions`,
		async (ctx) => {
			const name = ctx.query.get('templateName');
			if (!name) throw validation('The templateName query parameter is required.');
			const template = ctx.repo.requireTemplate(name);
			collection(ctx, ctx.repo.templateFieldDefs(template).map(views.templateFieldDefinitionV2));
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TemplateDefinitions/{templateId:int}`,
		async (ctx) => {
			const t = ctx.repo.requireTemplateById(Number(ctx.params.templateId));
			sendJson(ctx, 200, selectOne(ctx, views.templateDefinitionV2(t)));
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TemplateDefinitions/{templateId:int}/FieldDefinitions`,
		async (ctx) => {
			const t = ctx.repo.requireTemplateById(Number(ctx.params.templateId));
			collection(ctx, ctx.repo.templateFieldDefs(t).map(views.templateFieldDefinitionV2));
		},
		{ scope: R },
	);

	// Entries: literal routes first -----------------------------------------------------------------
	add(
		'GET',
		`${base}/Entries/ByPath`,
		async (ctx) => {
			const fullPath = ctx.query.get('fullPath');
			if (!fullPath) throw validation('The fullPath query parameter is required.');
			const fallback =
				boolParam(ctx.query.get('fallbackToClosestAncestor'), 'fallbackToClosestAncestor') || false;
			const found = ctx.repo.resolvePath(fullPath);
			if (found.entry)
				return sendJson(ctx, 200, {
					entry: views.entryV2(ctx.repo, found.entry, { full: true }),
					ancestorEntry: null,
				});
			if (!fallback)
				throw new HttpError(404, 'Entry not found.', {
					detail: `No entry exists at the path '${fullPath}'.`,
					errorCode: ERROR_CODES.entryNotFound,
				});
			return sendJson(ctx, 200, {
				entry: null,
				ancestorEntry: views.entryV2(ctx.repo, found.ancestor, { full: true }),
			});
		},
		{ scope: R },
	);

	add(
		'POST',
		`${base}/Entries/CreateMultipartUploadUrls`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const result = docs.createUploadUrls(ctx, {
				uploadId: prop(body, 'uploadId'),
				startingPartNumber: prop(body, 'startingPartNumber'),
				numberOfParts: prop(body, 'numberOfParts'),
				fileName: prop(body, 'fileName'),
				mimeType: prop(body, 'mimeType'),
			});
			sendJson(ctx, 200, result);
		},
		{ scope: W },
	);

	// Entries by id -----------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/Entries/{entryId:int}`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			sendJson(
				ctx,
				200,
				selectOne(ctx, views.entryV2(ctx.repo, entry, { full: true }), ENTRY_ALWAYS),
			);
		},
		{ scope: R },
	);

	add(
		'PATCH',
		`${base}/Entries/{entryId:int}`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const entry = ctx.repo.require(ctx.params.entryId);
			const parentId = optInt(body, 'parentId');
			const name = prop(body, 'name');
			if (name !== undefined && name !== null && typeof name !== 'string')
				throw validation('name must be a string.');
			ctx.repo.update(entry, { parentId, name, autoRename: optBool(body, 'autoRename') });
			sendJson(ctx, 200, views.entryV2(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);

	add(
		'DELETE',
		`${base}/Entries/{entryId:int}`,
		async (ctx) => {
			const body = (await readJson(ctx)) || {};
			const entry = ctx.repo.require(ctx.params.entryId);
			if (entry.id === 1) throw validation('The root folder cannot be deleted.');
			const auditReasonId = prop(body, 'auditReasonId');
			const id = entry.id;
			const repo = ctx.repo;
			const task = startTask(ctx, 'DeleteEntry', async () => {
				checkAuditReason(repo, auditReasonId, 'DeleteEntry');
				const current = repo.get(id);
				if (!current)
					throw new HttpError(404, 'Entry not found.', {
						detail: `Requested entry id not found. (entry ID: ${id})`,
						errorCode: ERROR_CODES.entryNotFound,
					});
				await repo.delete(current);
				return { entryId: id, uri: null };
			});
			task.data.entryId = id;
			sendJson(ctx, 202, { taskId: task.id });
		},
		{ scope: W, lockable: true },
	);

	// Folder children ---------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/Entries/{entryId:int}/Folder/Children`,
		async (ctx) => {
			const folder = ctx.repo.require(ctx.params.entryId);
			if (!isContainer(folder)) throw validation(`The entry ${folder.id} is not a folder.`);
			const groupByEntryType =
				boolParam(ctx.query.get('groupByEntryType'), 'groupByEntryType') || false;
			const children = ctx.repo.childrenOf(folder.id).sort(byName);
			sendJson(ctx, 200, entryPage(ctx, children, { groupByEntryType }).body);
		},
		{ scope: R },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Folder/Children`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const name = requireString(body, 'name');
			const entryType = prop(body, 'entryType');
			if (entryType !== 'Folder' && entryType !== 'Shortcut')
				throw validation("entryType must be 'Folder' or 'Shortcut'.");
			const opts = {
				autoRename: optBool(body, 'autoRename'),
				creator: ctx.user,
				volumeName: prop(body, 'volumeName'),
			};
			let entry;
			if (entryType === 'Folder') entry = ctx.repo.createFolder(ctx.params.entryId, name, opts);
			else {
				const targetId = optInt(body, 'targetId');
				if (targetId === undefined) throw validation('targetId is required for a shortcut.');
				entry = ctx.repo.createShortcut(ctx.params.entryId, name, targetId, opts);
			}
			sendJson(ctx, 201, views.entryV2(ctx.repo, entry, { full: true }), {
				location: entryUrl(ctx, entry.id),
			});
		},
		{ scope: W },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Folder/Import`,
		async (ctx) => {
			const repo = ctx.repo;
			const folder = repo.require(ctx.params.entryId);
			if (!isContainer(folder)) throw validation(`The entry ${folder.id} is not a folder.`);
			const parsed = await docs.receiveMultipart(ctx);
			try {
				const file = docs.partByName(parsed, 'file');
				const requestText = docs.fieldByName(parsed, 'request');
				if (requestText === undefined) throw validation('The request field is required.');
				let request;
				try {
					request = JSON.parse(requestText);
				} catch {
					throw validation('The request field is not valid JSON.');
				}
				requireObject(request);
				if (ctx.loggedBody) ctx.loggedBody.request = request;
				const name = requireString(request, 'name');
				if (!file) throw validation('The file field is required.');
				const metadata = readMetadata(prop(request, 'metadata'));
				const entry = await docs.createDocumentFromFile(
					ctx,
					repo,
					folder.id,
					name,
					{
						tmp: file.tmp,
						size: file.size,
						fileName: file.filename,
						contentType: file.contentType,
					},
					{
						autoRename: optBool(request, 'autoRename'),
						importAsElectronicDocument: optBool(request, 'importAsElectronicDocument'),
						metadata,
						volumeName: prop(request, 'volumeName'),
					},
				);
				sendJson(ctx, 201, views.entryV2(repo, entry, { full: true }), {
					location: entryUrl(ctx, entry.id),
				});
			} catch (err) {
				await docs.discardAll(parsed);
				throw err;
			}
		},
		{ scope: W },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Folder/ImportUploadedParts`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const repo = ctx.repo;
			const folder = repo.require(ctx.params.entryId);
			if (!isContainer(folder)) throw validation(`The entry ${folder.id} is not a folder.`);
			const uploadId = requireString(body, 'uploadId');
			const partETags = prop(body, 'partETags');
			if (!Array.isArray(partETags) || !partETags.length)
				throw validation('The partETags field is required.');
			const name = requireString(body, 'name');
			repo.validateName(name);
			const upload = emu.uploads.get(uploadId);
			if (!upload || upload.repositoryId !== repo.id)
				throw validation(`The upload '${uploadId}' does not exist or has expired.`);
			const metadata = readMetadata(prop(body, 'metadata'));
			if (metadata) repo.planMetadata(undefined, metadata);
			const autoRename = optBool(body, 'autoRename');
			const importAsElectronicDocument = optBool(body, 'importAsElectronicDocument');
			const volumeName = prop(body, 'volumeName');
			const origin = apiBase(ctx);
			const task = startTask(ctx, 'ImportUploadedParts', async () => {
				const assembled = await docs.assembleUpload(emu, upload, partETags);
				try {
					const entry = await docs.createDocumentFromFile(
						ctx,
						repo,
						folder.id,
						name,
						{
							blobId: assembled.blobId,
							size: assembled.size,
							fileName: upload.fileName || name,
							contentType: upload.mimeType,
						},
						{
							autoRename,
							importAsElectronicDocument,
							metadata,
							volumeName,
						},
					);
					await docs.discardUpload(emu, upload);
					return {
						entryId: entry.id,
						uri: `${origin}/v2/Repositories/${encodeURIComponent(repo.id)}/Entries/${entry.id}`,
					};
				} catch (err) {
					await repo.store.remove(assembled.blobId);
					throw err;
				}
			});
			sendJson(ctx, 202, { taskId: task.id });
		},
		{ scope: W },
	);

	const copyBody = async (ctx) => {
		const body = requireObject(await readJson(ctx, { required: true }));
		const name = requireString(body, 'name');
		const sourceId = optInt(body, 'sourceId');
		if (sourceId === undefined) throw validation('The sourceId field is required.');
		return {
			name,
			sourceId,
			autoRename: optBool(body, 'autoRename'),
			volumeName: prop(body, 'volumeName'),
		};
	};

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Folder/Copy`,
		async (ctx) => {
			const b = await copyBody(ctx);
			const repo = ctx.repo;
			repo.requireFolder(ctx.params.entryId);
			const source = repo.get(b.sourceId);
			if (!source)
				throw new HttpError(404, 'Entry not found.', {
					detail: `The source entry ${b.sourceId} was not found.`,
					errorCode: ERROR_CODES.entryNotFound,
				});
			const entry = await repo.copy(source, ctx.params.entryId, b.name, {
				autoRename: b.autoRename,
				creator: ctx.user,
				volumeName: b.volumeName,
			});
			sendJson(ctx, 201, views.entryV2(repo, entry, { full: true }), {
				location: entryUrl(ctx, entry.id),
			});
		},
		{ scope: W },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Folder/CopyAsync`,
		async (ctx) => {
			const b = await copyBody(ctx);
			const repo = ctx.repo;
			const folderId = repo.requireFolder(ctx.params.entryId).id;
			if (!repo.get(b.sourceId))
				throw new HttpError(404, 'Entry not found.', {
					detail: `The source entry ${b.sourceId} was not found.`,
					errorCode: ERROR_CODES.entryNotFound,
				});
			repo.validateName(b.name);
			const origin = apiBase(ctx);
			const user = ctx.user;
			const task = startTask(ctx, 'CopyEntry', async () => {
				const source = repo.get(b.sourceId);
				if (!source)
					throw new HttpError(404, 'Entry not found.', {
						detail: `The source entry ${b.sourceId} was not found.`,
						errorCode: ERROR_CODES.entryNotFound,
					});
				const entry = await repo.copy(source, folderId, b.name, {
					autoRename: b.autoRename,
					creator: user,
					volumeName: b.volumeName,
				});
				return {
					entryId: entry.id,
					uri: `${origin}/v2/Repositories/${encodeURIComponent(repo.id)}/Entries/${entry.id}`,
				};
			});
			task.data.entryId = b.sourceId;
			sendJson(ctx, 202, { taskId: task.id });
		},
		{ scope: W },
	);

	// Export ------------------------------------------------------------------------------------------
	const exportBody = async (ctx) => {
		const body = requireObject(await readJson(ctx, { required: true }));
		const part = prop(body, 'part');
		if (!['Image', 'Text', 'Edoc'].includes(part))
			throw validation("The part field is required and must be 'Image', 'Text' or 'Edoc'.");
		const auditReasonId = prop(body, 'auditReasonId');
		return { part, auditReasonId: auditReasonId === 0 ? undefined : auditReasonId };
	};

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Export`,
		async (ctx) => {
			const b = await exportBody(ctx);
			const entry = ctx.repo.require(ctx.params.entryId);
			checkAuditReason(ctx.repo, b.auditReasonId, 'ExportDocument');
			const size = String(b.part).toLowerCase() === 'image' ? entry.pagesSize : entry.size;
			if (refuseSlowSyncExport(ctx, Number(size) || 0)) return;
			const link = await docs.createExport(ctx, ctx.repo, entry, b.part);
			sendJson(ctx, 200, { value: link });
		},
		{ scope: R, lockable: true },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/ExportAsync`,
		async (ctx) => {
			const b = await exportBody(ctx);
			const repo = ctx.repo;
			const entry = repo.require(ctx.params.entryId);
			const id = entry.id;
			const exportCtx = { emu, origin: ctx.origin };
			const task = startTask(ctx, 'ExportEntry', async () => {
				checkAuditReason(repo, b.auditReasonId, 'ExportDocument');
				const current = repo.get(id);
				if (!current)
					throw new HttpError(404, 'Entry not found.', {
						detail: `Requested entry id not found. (entry ID: ${id})`,
						errorCode: ERROR_CODES.entryNotFound,
					});
				const uri = await docs.createExport(exportCtx, repo, current, b.part);
				return { entryId: id, uri };
			});
			task.data.entryId = id;
			sendJson(ctx, 202, { taskId: task.id });
		},
		{ scope: R, lockable: true },
	);

	// Fields, tags, links, template -------------------------------------------------------------------
	const fieldsPage = (ctx, entry) => {
		const format = boolParam(ctx.query.get('formatFieldValues'), 'formatFieldValues') || false;
		const culture = ctx.query.get('culture') || undefined;
		const items = ctx.repo
			.fieldsOf(entry)
			.map((f) => views.fieldV2(f.def, f.values, f.groupId, { format, culture }));
		return pageOf(ctx, items, { defaultPageSize: 100 }).body;
	};

	add(
		'GET',
		`${base}/Entries/{entryId:int}/Fields`,
		async (ctx) => {
			sendJson(ctx, 200, fieldsPage(ctx, ctx.repo.require(ctx.params.entryId)));
		},
		{ scope: R },
	);

	add(
		'PUT',
		`${base}/Entries/{entryId:int}/Fields`,
		async (ctx) => {
			const body = (await readJson(ctx)) || {};
			requireObject(body);
			const entry = ctx.repo.require(ctx.params.entryId);
			ctx.repo.setFields(entry, readFieldUpdates(prop(body, 'fields')));
			const items = ctx.repo.fieldsOf(entry).map((f) => views.fieldV2(f.def, f.values, f.groupId));
			sendJson(ctx, 200, { value: items });
		},
		{ scope: W, lockable: true },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Fields/GetDynamicFieldLogicValue`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			ctx.repo.require(ctx.params.entryId);
			const templateId = optInt(body, 'templateId');
			if (templateId === undefined) throw validation('The templateId field is required.');
			ctx.repo.requireTemplateById(templateId);
			sendJson(ctx, 200, {});
		},
		{ scope: R },
	);

	add(
		'GET',
		`${base}/Entries/{entryId:int}/Tags`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			collection(ctx, ctx.repo.tagsOf(entry).map(views.tagV2));
		},
		{ scope: R },
	);

	add(
		'PUT',
		`${base}/Entries/{entryId:int}/Tags`,
		async (ctx) => {
			const body = requireObject((await readJson(ctx)) || {});
			const entry = ctx.repo.require(ctx.params.entryId);
			const tags = prop(body, 'tags');
			const result = ctx.repo.setTags(entry, tags === undefined || tags === null ? [] : tags);
			sendJson(ctx, 200, { value: result.map(views.tagV2) });
		},
		{ scope: W, lockable: true },
	);

	add(
		'GET',
		`${base}/Entries/{entryId:int}/Links`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			collection(
				ctx,
				ctx.repo.linksOf(entry).map((l) => views.linkV2(ctx.repo, l)),
			);
		},
		{ scope: R },
	);

	add(
		'PUT',
		`${base}/Entries/{entryId:int}/Links`,
		async (ctx) => {
			const body = requireObject((await readJson(ctx)) || {});
			const entry = ctx.repo.require(ctx.params.entryId);
			const links = prop(body, 'links');
			const normalized = Array.isArray(links)
				? links.map((l) => ({
						linkDefinitionId: prop(l, 'linkDefinitionId'),
						otherEntryId: prop(l, 'otherEntryId'),
						isSource: prop(l, 'isSource'),
						customProperties: prop(l, 'customProperties'),
					}))
				: links === undefined || links === null
					? []
					: links;
			for (const l of Array.isArray(normalized) ? normalized : []) {
				if (!Number.isInteger(l.linkDefinitionId) || !Number.isInteger(l.otherEntryId))
					throw validation('Each link needs integer linkDefinitionId and otherEntryId.');
			}
			const result = ctx.repo.setLinks(entry, normalized);
			sendJson(ctx, 200, { value: result.map((l) => views.linkV2(ctx.repo, l)) });
		},
		{ scope: W, lockable: true },
	);

	add(
		'PUT',
		`${base}/Entries/{entryId:int}/Template`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const entry = ctx.repo.require(ctx.params.entryId);
			const templateName = requireString(body, 'templateName');
			ctx.repo.setTemplate(entry, templateName, readFieldUpdates(prop(body, 'fields')));
			sendJson(ctx, 200, views.entryV2(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);

	add(
		'DELETE',
		`${base}/Entries/{entryId:int}/Template`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			if (!entry.templateId) throw validation(`The entry ${entry.id} has no template assigned.`);
			ctx.repo.removeTemplate(entry);
			sendJson(ctx, 200, views.entryV2(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);

	add(
		'DELETE',
		`${base}/Entries/{entryId:int}/Document/Edoc`,
		async (ctx) => {
			const entry = ctx.repo.requireDocument(ctx.params.entryId);
			await ctx.repo.deleteEdoc(entry);
			sendJson(ctx, 200, views.entryV2(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);

	add(
		'DELETE',
		`${base}/Entries/{entryId:int}/Document/Pages`,
		async (ctx) => {
			const entry = ctx.repo.requireDocument(ctx.params.entryId);
			deletePages(ctx.repo, entry, ctx.query.get('pageRange'));
			sendJson(ctx, 200, views.entryV2(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);

	// Searches ----------------------------------------------------------------------------------------
	add(
		'POST',
		`${base}/Searches/SearchAsync`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const command = requireString(body, 'searchCommand');
			parseSearch(command);
			checkOpenSearchLimit(ctx);
			const repo = ctx.repo;
			const task = startTask(ctx, 'SearchEntry', async (t) => {
				t.data.command = command;
				t.data.results = runSearch(repo, command);
				t.data.touchedAt = emu.now();
				return null;
			});
			sendJson(ctx, 202, { taskId: task.id });
		},
		{ scope: R },
	);

	const searchTask = (ctx) => {
		const task = emu.tasks.get(ctx.params.taskId, ctx.owner, ctx.repo.id);
		if (!task || task.type !== 'SearchEntry')
			throw new HttpError(404, 'Search not found.', {
				detail: `The search ${ctx.params.taskId} was not found or has been closed.`,
			});
		if (task.status === 'Failed')
			throw new HttpError(400, 'The search failed.', {
				detail: task.errors[0] ? task.errors[0].detail : 'The search failed.',
			});
		if (task.status === 'Cancelled')
			throw new HttpError(404, 'Search not found.', { detail: 'The search was cancelled.' });
		if (!isEnded(task))
			throw new HttpError(400, 'The search is still in progress.', {
				detail: 'Wait for the search task to complete before reading its results.',
			});
		if (emu.now() - task.data.touchedAt > emu.options.searchResultsLifetimeSeconds * 1000) {
			emu.tasks.remove(task);
			throw new HttpError(404, 'Search not found.', { detail: 'The search results have expired.' });
		}
		task.data.touchedAt = emu.now();
		return task;
	};

	add(
		'GET',
		`${base}/Searches/{taskId}/Results`,
		async (ctx) => {
			const task = searchTask(ctx);
			if (boolParam(ctx.query.get('refresh'), 'refresh'))
				task.data.results = runSearch(ctx.repo, task.data.command);
			const entries = task.data.results.map((r) => ctx.repo.get(r.entry.id)).filter(Boolean);
			const groupByEntryType =
				boolParam(ctx.query.get('groupByEntryType'), 'groupByEntryType') || false;
			sendJson(ctx, 200, entryPage(ctx, entries, { groupByEntryType }).body);
		},
		{ scope: R },
	);

	add(
		'GET',
		`${base}/Searches/{taskId}/Results/{rowNumber:int}/ContextHits`,
		async (ctx) => {
			const task = searchTask(ctx);
			const row = Number(ctx.params.rowNumber);
			const result = task.data.results[row - 1];
			if (!result)
				throw new HttpError(404, 'Search result not found.', {
					detail: `The search has no row ${row}.`,
				});
			collection(ctx, contextHits(result.hits));
		},
		{ scope: R },
	);

	add(
		'POST',
		`${base}/SimpleSearches`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const command = requireString(body, 'searchCommand');
			const rows = runSearch(ctx.repo, command);
			const { body: page, truncated } = entryPage(
				ctx,
				rows.map((r) => r.entry),
				{ maxResults: emu.options.simpleSearchMaxResults, allowPaging: false },
			);
			sendJson(ctx, truncated ? 206 : 200, page);
		},
		{ scope: R },
	);

	// Tasks -------------------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/Tasks`,
		async (ctx) => {
			const ids = taskIdsParam(ctx);
			let tasks;
			if (ids.length) {
				tasks = ids.map((id) => emu.tasks.get(id, ctx.owner, ctx.repo.id));
				const missing = ids.filter((_id, i) => !tasks[i]);
				if (missing.length)
					throw new HttpError(404, 'Task not found.', {
						detail: `Task(s) not found: ${missing.join(', ')}.`,
					});
				const abort = new AbortController();
				const onClose = () => abort.abort();
				ctx.res.on('close', onClose);
				await emu.tasks.waitUntilEnded(tasks, emu.options.taskLongPollMs, abort.signal);
				ctx.res.off('close', onClose);
				if (ctx.res.destroyed) return;
			} else {
				tasks = emu.tasks.listForToken(ctx.owner, ctx.repo.id);
			}
			sendJson(ctx, 200, { value: tasks.map(taskToV2) });
		},
		{ scope: 'None' },
	);

	add(
		'DELETE',
		`${base}/Tasks`,
		async (ctx) => {
			const ids = taskIdsParam(ctx);
			if (!ids.length) throw validation('The taskIds query parameter is required.');
			const value = ids.map((id) => {
				const task = emu.tasks.get(id, ctx.owner, ctx.repo.id);
				if (!task)
					throw new HttpError(404, 'Task not found.', { detail: `The task ${id} was not found.` });
				let result;
				if (task.type === 'SearchEntry') {
					result = true;
					emu.tasks.cancel(task);
					emu.tasks.remove(task);
				} else {
					result = emu.tasks.cancel(task);
				}
				return { id: task.id, taskType: task.type, result };
			});
			sendJson(ctx, 200, { value });
		},
		{ scope: 'None' },
	);
}

/** Deletes pages ("1-3,5"; empty = all). */
function deletePages(repo, entry, pageRange) {
	const count = entry.pageCount || 0;
	if (!pageRange) {
		entry.pageCount = 0;
	} else {
		const doomed = new Set();
		for (const part of String(pageRange).split(',')) {
			const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
			if (!m) throw validation(`The page range '${pageRange}' is invalid.`);
			const from = Number(m[1]);
			const to = m[2] ? Number(m[2]) : from;
			for (let p = from; p <= Math.min(to, count); p++) doomed.add(p);
		}
		entry.pageCount = count - doomed.size;
	}
	if (entry.pageCount === 0 && entry.pagesBlobId) {
		repo.store.remove(entry.pagesBlobId);
		entry.pagesBlobId = null;
		if (!entry.blobId) entry.text = '';
	}
	repo.touch(entry);
}

module.exports = { registerV2, deletePages, readMetadata, checkAuditReason, apiBase, taskIdsParam };
