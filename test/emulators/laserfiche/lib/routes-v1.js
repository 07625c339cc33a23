'use strict';
/**
 * Repository API v1 (self-hosted API Server 1.x; also mounted under /repository for Cloud): the 47
 * operations of repository-api-v1.swagger.json, with v1's shapes — bare repository array,
 * `Laserfiche.Repository.Folder/children`, `electronicDocument` import returning CreateEntryResult
 * (409 on partial success), edoc GET/HEAD with Range, `{token}` long operations polled through
 * `Tasks/{operationToken}` (202 running, 201 done with Location, 200 done without result or failed).
 */
const { HttpError, readJson, prop, sendJson, sendEmpty, boolParam } = require('./http-util');
const { ERROR_CODES } = require('./problem');
const { pageOf } = require('./odata');
const views = require('./views');
const { isContainer } = require('./repository');
const docs = require('./documents');
const { sendBlob } = require('./storage');
const { runSearch, parseSearch, contextHits } = require('./search');
const { checkOpenSearchLimit } = require('./search-limit');
const { checkV1Export } = require('./export-limits');
const { taskToV1, isEnded } = require('./tasks');
const { deletePages, checkAuditReason, apiBase } = require('./routes-v2');

const ENTRY_KNOWN_PROPS = [
	...views.BASE_ENTRY_PROPS,
	'entry Type',
	'elecDocumentSize',
	...new Set(
		Object.values(views.SUBTYPE_PROPS)
			.flat()
			.filter((p) => p !== 'electronicDocumentSize'),
	),
];
const GROUP_RANK = { Folder: 0, RecordSeries: 1, Shortcut: 2, Document: 3 };

function validation(detail) {
	return new HttpError(400, 'One or more validation errors occurred.', { detail });
}

function requireObject(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw validation('A JSON object request body is required.');
	return body;
}

function autoRenameParam(ctx) {
	return boolParam(ctx.query.get('autoRename'), 'autoRename') || false;
}

function entryUrl(ctx, entryId) {
	return `${apiBase(ctx)}/v1/Repositories/${encodeURIComponent(ctx.repo.id)}/Entries/${entryId}`;
}

/** v1 field maps {"Name": {values: [{value, position}]}} → [{name, values}] ordered by position. */
function fieldMapToUpdates(map) {
	if (map === undefined || map === null) return [];
	if (typeof map !== 'object' || Array.isArray(map))
		throw validation('fields must be an object keyed by field name.');
	return Object.entries(map).map(([name, upd]) => {
		const values = prop(upd, 'values');
		if (values !== undefined && values !== null && !Array.isArray(values))
			throw validation(`values of field '${name}' must be an array.`);
		const sorted = (values || [])
			.map((v, i) => ({ value: prop(v, 'value'), position: prop(v, 'position') || i + 1 }))
			.sort((a, b) => a.position - b.position);
		return { name, values: sorted.map((v) => v.value) };
	});
}

function fieldNamesParam(ctx) {
	const names = ctx.query.getAll('fields').filter((n) => n !== '');
	if (names.length > 10) throw validation('At most 10 field names can be requested.');
	return names;
}

function entryPage(ctx, entries, { groupByEntryType = false, maxResults, allowPaging } = {}) {
	const repo = ctx.repo;
	const names = fieldNamesParam(ctx);
	const format = boolParam(ctx.query.get('formatFields'), 'formatFields') || false;
	const culture = ctx.query.get('culture') || undefined;
	const rendered = entries.map((e) =>
		views.entryV1(repo, e, {
			full: true,
			fields: names.length ? views.requestedFields(repo, e, names, { format, culture }) : undefined,
		}),
	);
	const baseKeys = new Set([...views.BASE_ENTRY_PROPS, 'entry Type']);
	return pageOf(ctx, rendered, {
		defaultPageSize: 150,
		rowNumbers: true,
		knownProps: ENTRY_KNOWN_PROPS,
		always: ['id', 'name', 'entryType', 'rowNumber', 'entry Type'],
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

function collection(ctx, items) {
	sendJson(ctx, 200, pageOf(ctx, items, { defaultPageSize: 100 }).body);
}

function startTask(ctx, type, run) {
	return ctx.emu.tasks.start({
		type,
		owner: { token: ctx.owner.token, principal: ctx.owner.principal },
		repositoryId: ctx.repo.id,
		run,
		instance: ctx.pathname,
	});
}

function apiException(ctx, err) {
	const status = err instanceof HttpError ? err.status : 500;
	return {
		operationId: ctx.requestId,
		message:
			err instanceof HttpError
				? (err.opts && err.opts.detail) || err.title
				: String(err && err.message),
		errorCode:
			(err.opts && err.opts.errorCode) ||
			(status === 409 ? ERROR_CODES.nameConflict : ERROR_CODES.badRequest),
		errorClass: err instanceof HttpError ? err.title : 'Error',
		statusCode: status,
		errorSource: 'Api',
	};
}

function emptyCreateEntryResult() {
	return {
		operations: {
			entryCreate: { exceptions: [], entryId: 0 },
			setEdoc: { exceptions: [] },
			setTemplate: { exceptions: [], template: null },
			setFields: { exceptions: [], fieldCount: 0 },
			setTags: { exceptions: [], assignedTags: [] },
			setLinks: { exceptions: [], otherEntryIds: [] },
		},
		documentLink: null,
	};
}

function registerV1(add, emu) {
	const R = 'Read';
	const W = 'Write';
	const base = '/v1/Repositories/{repoId}';

	add(
		'GET',
		'/v1/Repositories',
		async (ctx) => sendJson(ctx, 200, emu.repositoriesOf(ctx.deployment).map(views.repositoryV1)),
		{ scope: R, anonymousSelfHosted: true },
	);

	// Server sessions (deprecated, kept for completeness) -------------------------------------------
	add('POST', `${base}/ServerSession/Create`, async (ctx) => sendJson(ctx, 200, { value: true }), {
		scope: R,
	});
	add(
		'POST',
		`${base}/ServerSession/Refresh`,
		async (ctx) => sendJson(ctx, 200, { value: new Date(ctx.token.expiresAt).toISOString() }),
		{ scope: R },
	);
	add(
		'POST',
		`${base}/ServerSession/Invalidate`,
		async (ctx) => sendJson(ctx, 200, { value: true }),
		{ scope: R },
	);

	// Attributes, audit reasons, definitions --------------------------------------------------------
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
	add(
		'GET',
		`${base}/AuditReasons`,
		async (ctx) => {
			const pick = (type) =>
				ctx.repo.auditReasons
					.filter((r) => r.auditEventType === type)
					.map((r) => ({ id: r.id, name: r.name }));
			sendJson(ctx, 200, {
				deleteEntry: pick('DeleteEntry'),
				exportDocument: pick('ExportDocument'),
			});
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/FieldDefinitions`,
		async (ctx) => collection(ctx, [...ctx.repo.fieldDefs.values()].map(views.fieldDefinitionV2)),
		{ scope: R },
	);
	add(
		'GET',
		`${base}/FieldDefinitions/{fieldDefinitionId:int}`,
		async (ctx) => {
			const def = ctx.repo.fieldDefs.get(Number(ctx.params.fieldDefinitionId));
			if (!def)
				throw new HttpError(404, 'Field definition not found.', {
					detail: `The field definition ${ctx.params.fieldDefinitionId} was not found.`,
				});
			sendJson(ctx, 200, views.fieldDefinitionV2(def));
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/LinkDefinitions`,
		async (ctx) => collection(ctx, [...ctx.repo.linkDefs.values()].map(views.linkDefinitionV1)),
		{ scope: R },
	);
	add(
		'GET',
		`${base}/LinkDefinitions/{linkTypeId:int}`,
		async (ctx) => {
			const def = ctx.repo.linkDefs.get(Number(ctx.params.linkTypeId));
			if (!def)
				throw new HttpError(404, 'Link definition not found.', {
					detail: `The link definition ${ctx.params.linkTypeId} was not found.`,
				});
			sendJson(ctx, 200, views.linkDefinitionV1(def));
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TagDefinitions`,
		async (ctx) => collection(ctx, [...ctx.repo.tagDefs.values()].map(views.tagV1)),
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
			sendJson(ctx, 200, views.tagV1(tag));
		},
		{ scope: R },
	);
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
		`${base}/TemplateDefinitions/Fields`,
		async (ctx) => {
			const name = ctx.query.get('templateName');
			if (!name) throw validation('The templateName query parameter is required.');
			collection(
				ctx,
				ctx.repo
					.templateFieldDefs(ctx.repo.requireTemplate(name))
					.map(views.templateFieldDefinitionV2),
			);
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TemplateDefinitions/{templateId:int}`,
		async (ctx) => {
			const t = ctx.repo.requireTemplateById(Number(ctx.params.templateId));
			sendJson(ctx, 200, views.templateDefinitionV2(t));
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/TemplateDefinitions/{templateId:int}/Fields`,
		async (ctx) => {
			const t = ctx.repo.requireTemplateById(Number(ctx.params.templateId));
			collection(ctx, ctx.repo.templateFieldDefs(t).map(views.templateFieldDefinitionV2));
		},
		{ scope: R },
	);

	// Entries ---------------------------------------------------------------------------------------
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
					entry: views.entryV1(ctx.repo, found.entry, { full: true }),
					ancestorEntry: null,
				});
			if (!fallback)
				throw new HttpError(404, 'Entry not found.', {
					detail: `No entry exists at the path '${fullPath}'.`,
					errorCode: ERROR_CODES.entryNotFound,
				});
			return sendJson(ctx, 200, {
				entry: null,
				ancestorEntry: views.entryV1(ctx.repo, found.ancestor, { full: true }),
			});
		},
		{ scope: R },
	);

	add(
		'GET',
		`${base}/Entries/{entryId:int}`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			const full = views.entryV1(ctx.repo, entry, { full: true });
			const select = ctx.query.get('$select');
			if (!select) return sendJson(ctx, 200, full);
			const wanted = select.split(',').map((s) => s.trim().toLowerCase());
			const out = {};
			for (const key of Object.keys(full))
				if (
					['id', 'name', 'entryType', 'rowNumber', 'entry Type'].includes(key) ||
					wanted.includes(key.toLowerCase())
				)
					out[key] = full[key];
			return sendJson(ctx, 200, out);
		},
		{ scope: R },
	);

	add(
		'PATCH',
		`${base}/Entries/{entryId:int}`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const entry = ctx.repo.require(ctx.params.entryId);
			const parentId = prop(body, 'parentId');
			if (parentId !== undefined && parentId !== null && !Number.isInteger(parentId))
				throw validation('parentId must be an integer.');
			ctx.repo.update(entry, {
				parentId,
				name: prop(body, 'name'),
				autoRename: autoRenameParam(ctx),
			});
			sendJson(ctx, 200, views.entryV1(ctx.repo, entry, { full: true }));
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
			const repo = ctx.repo;
			const id = entry.id;
			const auditReasonId = prop(body, 'auditReasonId');
			const task = startTask(ctx, 'DeleteEntry', async () => {
				checkAuditReason(repo, auditReasonId, 'DeleteEntry');
				const current = repo.get(id);
				if (!current)
					throw new HttpError(404, 'Entry not found.', {
						detail: `Requested entry id not found. (entry ID: ${id})`,
					});
				await repo.delete(current);
				return null;
			});
			task.data.entryId = id;
			sendJson(ctx, 201, { token: task.id });
		},
		{ scope: W, lockable: true },
	);

	add(
		'GET',
		`${base}/Entries/{entryId:int}/Laserfiche.Repository.Folder/children`,
		async (ctx) => {
			const folder = ctx.repo.require(ctx.params.entryId);
			if (!isContainer(folder)) throw validation(`The entry ${folder.id} is not a folder.`);
			const groupByEntryType =
				boolParam(ctx.query.get('groupByEntryType'), 'groupByEntryType') || false;
			const children = ctx.repo
				.childrenOf(folder.id)
				.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true }));
			sendJson(ctx, 200, entryPage(ctx, children, { groupByEntryType }).body);
		},
		{ scope: R },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Laserfiche.Repository.Folder/children`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const repo = ctx.repo;
			const name = prop(body, 'name');
			if (typeof name !== 'string' || !name) throw validation('The name field is required.');
			const autoRename = autoRenameParam(ctx);
			const sourceId = prop(body, 'sourceId');
			const entryType = prop(body, 'entryType');
			let entry;
			if (sourceId !== undefined && sourceId !== null && sourceId !== 0) {
				const source = repo.get(sourceId);
				if (!source)
					throw new HttpError(404, 'Entry not found.', {
						detail: `The source entry ${sourceId} was not found.`,
						errorCode: ERROR_CODES.entryNotFound,
					});
				entry = await repo.copy(source, ctx.params.entryId, name, {
					autoRename,
					creator: ctx.user,
				});
			} else if (entryType === 'Shortcut') {
				entry = repo.createShortcut(ctx.params.entryId, name, prop(body, 'targetId'), {
					autoRename,
					creator: ctx.user,
				});
			} else if (entryType === 'Folder') {
				entry = repo.createFolder(ctx.params.entryId, name, {
					autoRename,
					creator: ctx.user,
					volumeName: prop(body, 'volumeName'),
				});
			} else {
				throw validation("entryType must be 'Folder' or 'Shortcut', or sourceId must be given.");
			}
			sendJson(ctx, 201, views.entryV1(repo, entry, { full: true }), {
				location: entryUrl(ctx, entry.id),
			});
		},
		{ scope: W },
	);

	add(
		'POST',
		`${base}/Entries/{entryId:int}/Laserfiche.Repository.Folder/CopyAsync`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const repo = ctx.repo;
			const name = prop(body, 'name');
			const sourceId = prop(body, 'sourceId');
			if (typeof name !== 'string' || !name) throw validation('The name field is required.');
			if (!Number.isInteger(sourceId)) throw validation('The sourceId field is required.');
			const folderId = repo.requireFolder(ctx.params.entryId).id;
			if (!repo.get(sourceId))
				throw new HttpError(404, 'Entry not found.', {
					detail: `The source entry ${sourceId} was not found.`,
					errorCode: ERROR_CODES.entryNotFound,
				});
			const autoRename = autoRenameParam(ctx);
			const user = ctx.user;
			const task = startTask(ctx, 'CopyEntry', async () => {
				const source = repo.get(sourceId);
				if (!source)
					throw new HttpError(404, 'Entry not found.', {
						detail: `The source entry ${sourceId} was not found.`,
					});
				const entry = await repo.copy(source, folderId, name, { autoRename, creator: user });
				return { entryId: entry.id, uri: null };
			});
			task.data.entryId = sourceId;
			task.data.v1Base = `${apiBase(ctx)}/v1/Repositories/${encodeURIComponent(repo.id)}`;
			sendJson(ctx, 201, { token: task.id });
		},
		{ scope: W },
	);

	// Import -----------------------------------------------------------------------------------------
	add(
		'POST',
		`${base}/Entries/{parentEntryId:int}/{fileName}`,
		async (ctx) => {
			const repo = ctx.repo;
			const result = emptyCreateEntryResult();
			const ops = result.operations;
			const fail = (status, err) => {
				ops.entryCreate.exceptions.push(apiException(ctx, err));
				sendJson(ctx, status, result);
			};
			const folder = repo.get(ctx.params.parentEntryId);
			if (!folder || !isContainer(folder)) {
				return fail(
					folder ? 400 : 404,
					new HttpError(
						folder ? 400 : 404,
						folder ? 'Entry is not a folder.' : 'Parent entry is not found.',
						{ detail: `The folder ${ctx.params.parentEntryId} was not found.` },
					),
				);
			}
			const parsed = await docs.receiveMultipart(ctx);
			let entry;
			let request = {};
			try {
				const requestText = docs.fieldByName(parsed, 'request');
				if (requestText) {
					try {
						request = JSON.parse(requestText);
					} catch {
						throw validation('The request field is not valid JSON.');
					}
					if (ctx.loggedBody) ctx.loggedBody.request = request;
				}
				const file = docs.partByName(parsed, 'electronicDocument');
				if (!file) throw validation('The electronicDocument field is required.');
				entry = await docs.createDocumentFromFile(
					ctx,
					repo,
					folder.id,
					ctx.params.fileName,
					{
						tmp: file.tmp,
						size: file.size,
						fileName: file.filename || ctx.params.fileName,
						contentType: file.contentType,
					},
					{
						autoRename: autoRenameParam(ctx),
						importAsElectronicDocument: true,
						volumeName: prop(request, 'volumeName'),
					},
				);
			} catch (err) {
				await docs.discardAll(parsed);
				if (!(err instanceof HttpError)) throw err;
				if (err.status === 413) throw err;
				return fail(err.status === 409 ? 409 : err.status === 400 ? 400 : 500, err);
			}
			ops.entryCreate.entryId = entry.id;
			result.documentLink = entryUrl(ctx, entry.id) + '/Laserfiche.Repository.Document/edoc';
			const metadata = prop(request, 'metadata') || {};
			const template = prop(request, 'template');
			let fieldUpdates = [];
			try {
				fieldUpdates = fieldMapToUpdates(prop(metadata, 'fields'));
			} catch (err) {
				ops.setFields.exceptions.push(apiException(ctx, err));
			}
			let templateFieldIds = new Set();
			if (template) {
				try {
					const t = repo.requireTemplate(template);
					templateFieldIds = new Set(t.fields.map((f) => f.fieldId));
					const inTemplate = fieldUpdates.filter((u) => {
						const def = repo.fieldByName(u.name);
						return def && templateFieldIds.has(def.id);
					});
					repo.setTemplate(entry, template, inTemplate);
					ops.setTemplate.template = t.name;
				} catch (err) {
					templateFieldIds = new Set();
					ops.setTemplate.exceptions.push(apiException(ctx, err));
				}
			}
			const rest = fieldUpdates.filter((u) => {
				const def = repo.fieldByName(u.name);
				return !def || !templateFieldIds.has(def.id);
			});
			if (rest.length) {
				try {
					repo.mergeFields(entry, rest);
				} catch (err) {
					ops.setFields.exceptions.push(apiException(ctx, err));
				}
			}
			if (!ops.setFields.exceptions.length) ops.setFields.fieldCount = fieldUpdates.length;
			const tags = prop(metadata, 'tags');
			if (tags && tags.length) {
				try {
					ops.setTags.assignedTags = repo.setTags(entry, tags).map((t) => t.name);
				} catch (err) {
					ops.setTags.exceptions.push(apiException(ctx, err));
				}
			}
			const links = prop(metadata, 'links');
			if (Array.isArray(links) && links.length) {
				try {
					const planned = links.map((l) => ({
						linkDefinitionId: prop(l, 'linkTypeId'),
						otherEntryId: prop(l, 'otherSourceId'),
						isSource: prop(l, 'isSource'),
					}));
					repo.setLinks(entry, planned);
					ops.setLinks.otherEntryIds = planned.map((l) => l.otherEntryId);
				} catch (err) {
					ops.setLinks.exceptions.push(apiException(ctx, err));
				}
			}
			const partial = Object.values(ops).some((op) => op.exceptions.length);
			return sendJson(
				ctx,
				partial ? 409 : 201,
				result,
				partial ? {} : { location: entryUrl(ctx, entry.id) },
			);
		},
		{ scope: W },
	);

	// Electronic document ----------------------------------------------------------------------------
	const edocPath = `${base}/Entries/{entryId:int}/Laserfiche.Repository.Document`;
	const sendEdoc = async (ctx) => {
		const entry = ctx.repo.requireDocument(ctx.params.entryId);
		if (!entry.blobId)
			throw new HttpError(404, 'Electronic document not found.', {
				detail: `The entry ${entry.id} has no electronic document.`,
			});
		const limited =
			ctx.method === 'HEAD' ? undefined : checkV1Export(ctx.emu, entry.size, ctx.req.headers.range);
		await sendBlob(ctx, ctx.repo.store, entry.blobId, {
			size: entry.size,
			// The spec documents application/octet-stream for the body; HEAD tells the document's own type.
			mimeType: ctx.method === 'HEAD' ? entry.mimeType : 'application/octet-stream',
			fileName: docs.fileNameOf(entry.name, entry.extension),
			rangeHeader: ctx.req.headers.range,
			cutAfter: limited?.cutAfter,
		});
	};
	add('GET', `${edocPath}/edoc`, sendEdoc, { scope: R, lockable: true });
	add('HEAD', `${edocPath}/edoc`, sendEdoc, { scope: R, lockable: true });
	add(
		'POST',
		`${edocPath}/GetEdocWithAuditReason`,
		async (ctx) => {
			const body = (await readJson(ctx)) || {};
			checkAuditReason(ctx.repo, prop(body, 'auditReasonId'), 'ExportDocument');
			await sendEdoc(ctx);
		},
		{ scope: R, lockable: true },
	);
	add(
		'DELETE',
		`${edocPath}/edoc`,
		async (ctx) => {
			const entry = ctx.repo.requireDocument(ctx.params.entryId);
			await ctx.repo.deleteEdoc(entry);
			sendJson(ctx, 200, { value: true });
		},
		{ scope: W, lockable: true },
	);
	add(
		'DELETE',
		`${edocPath}/pages`,
		async (ctx) => {
			const entry = ctx.repo.requireDocument(ctx.params.entryId);
			deletePages(ctx.repo, entry, ctx.query.get('pageRange'));
			sendJson(ctx, 200, { value: true });
		},
		{ scope: W, lockable: true },
	);

	// Fields, tags, links, template ------------------------------------------------------------------
	add(
		'GET',
		`${base}/Entries/{entryId:int}/fields`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			const format = boolParam(ctx.query.get('formatValue'), 'formatValue') || false;
			const culture = ctx.query.get('culture') || undefined;
			collection(
				ctx,
				ctx.repo
					.fieldsOf(entry)
					.map((f) => views.fieldValueV1(f.def, f.values, f.groupId, { format, culture })),
			);
		},
		{ scope: R },
	);
	add(
		'PUT',
		`${base}/Entries/{entryId:int}/fields`,
		async (ctx) => {
			const body = (await readJson(ctx)) || {};
			const entry = ctx.repo.require(ctx.params.entryId);
			ctx.repo.setFields(entry, fieldMapToUpdates(body));
			sendJson(ctx, 200, {
				value: ctx.repo.fieldsOf(entry).map((f) => views.fieldValueV1(f.def, f.values, f.groupId)),
			});
		},
		{ scope: W, lockable: true },
	);
	add(
		'POST',
		`${base}/Entries/{entryId:int}/fields/GetDynamicFieldLogicValue`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			ctx.repo.require(ctx.params.entryId);
			const templateId = prop(body, 'templateId');
			ctx.repo.requireTemplateById(templateId);
			sendJson(ctx, 200, {});
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/Entries/{entryId:int}/tags`,
		async (ctx) => {
			collection(ctx, ctx.repo.tagsOf(ctx.repo.require(ctx.params.entryId)).map(views.tagV1));
		},
		{ scope: R },
	);
	add(
		'PUT',
		`${base}/Entries/{entryId:int}/tags`,
		async (ctx) => {
			const body = requireObject((await readJson(ctx)) || {});
			const entry = ctx.repo.require(ctx.params.entryId);
			sendJson(ctx, 200, {
				value: ctx.repo.setTags(entry, prop(body, 'tags') || []).map(views.tagV1),
			});
		},
		{ scope: W, lockable: true },
	);
	add(
		'GET',
		`${base}/Entries/{entryId:int}/links`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			collection(
				ctx,
				ctx.repo.linksOf(entry).map((l) => views.linkV1(ctx.repo, l)),
			);
		},
		{ scope: R },
	);
	add(
		'PUT',
		`${base}/Entries/{entryId:int}/links`,
		async (ctx) => {
			const body = (await readJson(ctx)) || [];
			if (!Array.isArray(body)) throw validation('The request body must be an array of links.');
			const entry = ctx.repo.require(ctx.params.entryId);
			const planned = body.map((l) => ({
				linkDefinitionId: prop(l, 'linkTypeId'),
				otherEntryId: prop(l, 'targetId'),
				isSource: true,
				customProperties: prop(l, 'customProperties'),
			}));
			sendJson(ctx, 200, {
				value: ctx.repo.setLinks(entry, planned).map((l) => views.linkV1(ctx.repo, l)),
			});
		},
		{ scope: W, lockable: true },
	);
	add(
		'PUT',
		`${base}/Entries/{entryId:int}/template`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const entry = ctx.repo.require(ctx.params.entryId);
			const templateName = prop(body, 'templateName');
			if (!templateName) throw validation('The templateName field is required.');
			ctx.repo.setTemplate(entry, templateName, fieldMapToUpdates(prop(body, 'fields')));
			sendJson(ctx, 200, views.entryV1(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);
	add(
		'DELETE',
		`${base}/Entries/{entryId:int}/template`,
		async (ctx) => {
			const entry = ctx.repo.require(ctx.params.entryId);
			if (!entry.templateId) throw validation(`The entry ${entry.id} has no template assigned.`);
			ctx.repo.removeTemplate(entry);
			sendJson(ctx, 200, views.entryV1(ctx.repo, entry, { full: true }));
		},
		{ scope: W, lockable: true },
	);

	// Searches ---------------------------------------------------------------------------------------
	add(
		'POST',
		`${base}/Searches`,
		async (ctx) => {
			const body = requireObject(await readJson(ctx, { required: true }));
			const command = prop(body, 'searchCommand');
			if (typeof command !== 'string' || !command)
				throw validation('The searchCommand field is required.');
			parseSearch(command);
			checkOpenSearchLimit(ctx);
			const repo = ctx.repo;
			const task = startTask(ctx, 'SearchEntry', async (t) => {
				t.data.command = command;
				t.data.results = runSearch(repo, command);
				t.data.touchedAt = emu.now();
				return null;
			});
			sendJson(ctx, 201, { token: task.id });
		},
		{ scope: R },
	);

	const searchTask = (ctx, { requireDone = true } = {}) => {
		const task = emu.tasks.get(ctx.params.searchToken, ctx.owner, ctx.repo.id);
		if (!task || task.type !== 'SearchEntry' || task.status === 'Cancelled') {
			throw new HttpError(404, 'Request search token not found.', {
				detail: `The search ${ctx.params.searchToken} was not found or has been closed.`,
			});
		}
		if (requireDone && !isEnded(task))
			throw new HttpError(400, 'The search is still in progress.', {
				detail: 'Wait for the search to complete.',
			});
		if (requireDone && task.status === 'Failed')
			throw new HttpError(400, 'The search failed.', {
				detail: task.errors[0] ? task.errors[0].detail : 'The search failed.',
			});
		if (requireDone) task.data.touchedAt = emu.now();
		return task;
	};
	add(
		'GET',
		`${base}/Searches/{searchToken}`,
		async (ctx) => {
			const task = searchTask(ctx, { requireDone: false });
			const body = taskToV1(task, null);
			if (task.status === 'Completed') {
				body.redirectUri = `${apiBase(ctx)}/v1/Repositories/${encodeURIComponent(ctx.repo.id)}/Searches/${task.id}/Results`;
				return sendJson(ctx, 201, body, { location: body.redirectUri });
			}
			return sendJson(ctx, task.status === 'Failed' ? 200 : 202, body);
		},
		{ scope: R },
	);
	add(
		'DELETE',
		`${base}/Searches/{searchToken}`,
		async (ctx) => {
			const task = searchTask(ctx, { requireDone: false });
			emu.tasks.cancel(task);
			emu.tasks.remove(task);
			sendJson(ctx, 200, { value: true });
		},
		{ scope: R },
	);
	add(
		'GET',
		`${base}/Searches/{searchToken}/Results`,
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
		`${base}/Searches/{searchToken}/Results/{rowNumber:int}/ContextHits`,
		async (ctx) => {
			const task = searchTask(ctx);
			const result = task.data.results[Number(ctx.params.rowNumber) - 1];
			if (!result)
				throw new HttpError(404, 'Search result not found.', {
					detail: `The search has no row ${ctx.params.rowNumber}.`,
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
			const command = prop(body, 'searchCommand');
			if (typeof command !== 'string' || !command)
				throw validation('The searchCommand field is required.');
			const rows = runSearch(ctx.repo, command);
			if (!rows.length) return sendEmpty(ctx, 204);
			const { body: page, truncated } = entryPage(
				ctx,
				rows.map((r) => r.entry),
				{ maxResults: emu.options.simpleSearchMaxResults, allowPaging: false },
			);
			return sendJson(ctx, truncated ? 206 : 200, page);
		},
		{ scope: R },
	);

	// Tasks ------------------------------------------------------------------------------------------
	add(
		'GET',
		`${base}/Tasks/{operationToken}`,
		async (ctx) => {
			const task = emu.tasks.get(ctx.params.operationToken, ctx.owner, ctx.repo.id);
			if (!task || task.type === 'SearchEntry')
				throw new HttpError(404, 'Request operationToken not found.', {
					detail: `The operation ${ctx.params.operationToken} was not found.`,
				});
			if (!isEnded(task)) return sendJson(ctx, 202, taskToV1(task, null));
			if (
				task.status === 'Completed' &&
				task.result &&
				task.result.entryId &&
				task.type === 'CopyEntry'
			) {
				const uri = `${task.data.v1Base || `${apiBase(ctx)}/v1/Repositories/${encodeURIComponent(ctx.repo.id)}`}/Entries/${task.result.entryId}`;
				return sendJson(ctx, 201, taskToV1(task, uri), { location: uri });
			}
			return sendJson(ctx, 200, taskToV1(task, null));
		},
		{ scope: R },
	);
	add(
		'DELETE',
		`${base}/Tasks/{operationToken}`,
		async (ctx) => {
			const task = emu.tasks.get(ctx.params.operationToken, ctx.owner, ctx.repo.id);
			if (!task || task.type === 'SearchEntry')
				throw new HttpError(404, 'Request operationToken not found.', {
					detail: `The operation ${ctx.params.operationToken} was not found.`,
				});
			if (!emu.tasks.cancel(task))
				throw new HttpError(400, 'Cannot cancel ended operation', {
					detail: `The operation ${task.id} has already ended.`,
				});
			sendEmpty(ctx, 204);
		},
		{ scope: R },
	);
}

module.exports = { registerV1 };
