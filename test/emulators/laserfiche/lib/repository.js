'use strict';
/**
 * The repository model: an entries tree rooted at entry 1 (path `\`), field, template, tag and link
 * definitions, audit reasons and trustee attributes, and each entry's template, field values, tags
 * and links. Names are unique inside a folder (case-insensitively); autoRename appends " (2)", " (3)"….
 * Document bodies live in the blob store; entries only keep the blob id and size.
 */
const { HttpError } = require('./http-util');
const { ERROR_CODES } = require('./problem');
const { normalizeValues } = require('./field-values');

const ROOT_ID = 1;

function notFound(what, detail, errorCode = ERROR_CODES.objectNotFound) {
	return new HttpError(404, what, { detail, errorCode });
}

function badRequest(title, detail, errorCode = ERROR_CODES.badRequest) {
	return new HttpError(400, title, { detail, errorCode });
}

class Repository {
	/**
	 * @param {{ id: string, name: string, webClientUrl: string, store: import('./storage').BlobStore, volumeName?: string, requireDeleteAuditReason?: boolean, clock?: () => number }} opts
	 */
	constructor(opts) {
		/** The emulator's clock (creation and last-modified times). */
		this.clock = opts.clock || (() => Date.now());
		this.id = opts.id;
		this.name = opts.name;
		this.webClientUrl = opts.webClientUrl;
		this.store = opts.store;
		this.volumeName = opts.volumeName || 'DEFAULTVOL';
		this.requireDeleteAuditReason = Boolean(opts.requireDeleteAuditReason);
		/** How entry timestamps are written (option timestampFormat, views.js formatTime). */
		this.timestampFormat = opts.timestampFormat || 'ms';
		this.entries = new Map();
		this.children = new Map();
		this.fieldDefs = new Map();
		this.templates = new Map();
		this.tagDefs = new Map();
		this.linkDefs = new Map();
		this.links = new Map();
		this.auditReasons = [];
		this.attributes = [];
		this.nextEntryId = ROOT_ID;
		this.nextLinkId = 1;
		const now = new Date(this.clock()).toISOString();
		this._insert({
			id: ROOT_ID,
			name: '',
			parentId: null,
			entryType: 'Folder',
			creator: 'admin',
			creationTime: now,
			lastModifiedTime: now,
		});
	}

	// ---------------------------------------------------------------- definitions

	defineField(def) {
		const full = {
			id: def.id || this.fieldDefs.size + 1,
			name: def.name,
			displayName: def.displayName || def.name,
			description: def.description || '',
			fieldType: def.fieldType || 'String',
			length:
				def.length !== undefined
					? def.length
					: def.fieldType === 'String' || !def.fieldType
						? 100
						: 0,
			defaultValue: def.defaultValue === undefined ? null : def.defaultValue,
			isMultiValue: Boolean(def.isMultiValue),
			isRequired: Boolean(def.isRequired),
			constraint: def.constraint || '',
			constraintError: def.constraintError || '',
			listValues: def.listValues || [],
			format: def.format || 'None',
			currency: def.currency || '',
			formatPattern: def.formatPattern || '',
		};
		this.fieldDefs.set(full.id, full);
		return full;
	}

	defineTemplate({ id, name, displayName, description, color, fields }) {
		const template = {
			id: id || this.templates.size + 1,
			name,
			displayName: displayName || name,
			description: description || '',
			color: color || { a: 255, r: 0, g: 120, b: 215 },
			fields: (fields || []).map((f) => {
				const def = typeof f === 'object' ? this.fieldByName(f.name) : this.fieldByName(f);
				if (!def) throw new Error(`seed: unknown field ${JSON.stringify(f)}`);
				return {
					fieldId: def.id,
					groupId: (typeof f === 'object' && f.groupId) || 0,
					groupName: (typeof f === 'object' && f.groupName) || null,
				};
			}),
		};
		this.templates.set(template.id, template);
		return template;
	}

	defineTag(def) {
		const tag = {
			id: def.id || this.tagDefs.size + 1,
			name: def.name,
			displayName: def.displayName || def.name,
			description: def.description || '',
			isSecure: Boolean(def.isSecure),
			watermark: def.watermark || null,
		};
		this.tagDefs.set(tag.id, tag);
		return tag;
	}

	defineLink(def) {
		const link = {
			id: def.id || this.linkDefs.size + 1,
			sourceLabel: def.sourceLabel,
			targetLabel: def.targetLabel,
			description: def.description || '',
		};
		this.linkDefs.set(link.id, link);
		return link;
	}

	fieldByName(name) {
		const lower = String(name).toLowerCase();
		for (const def of this.fieldDefs.values()) if (def.name.toLowerCase() === lower) return def;
		return undefined;
	}

	templateByName(name) {
		const lower = String(name).toLowerCase();
		for (const t of this.templates.values()) if (t.name.toLowerCase() === lower) return t;
		return undefined;
	}

	tagByName(name) {
		const lower = String(name).toLowerCase();
		for (const t of this.tagDefs.values()) if (t.name.toLowerCase() === lower) return t;
		return undefined;
	}

	requireTemplate(name) {
		const t = this.templateByName(name);
		if (!t) throw notFound('Template not found.', `The template '${name}' was not found.`);
		return t;
	}

	/** The template with this ID, or a 404 "Template not found." (as the API answers it, without an error code). */
	requireTemplateById(id) {
		const t = this.templates.get(id);
		if (!t)
			throw new HttpError(404, 'Template not found.', {
				detail: `The template ${id} was not found.`,
			});
		return t;
	}

	templateFieldDefs(template) {
		return template.fields.map((f) => ({
			...this.fieldDefs.get(f.fieldId),
			groupId: f.groupId,
			groupName: f.groupName,
		}));
	}

	// ---------------------------------------------------------------- tree

	_insert(entry) {
		const full = {
			templateId: 0,
			fieldValues: new Map(),
			tagIds: [],
			volumeName: this.volumeName,
			...entry,
		};
		this.entries.set(full.id, full);
		this.nextEntryId = Math.max(this.nextEntryId, full.id + 1);
		if (full.parentId !== null && full.parentId !== undefined) {
			if (!this.children.has(full.parentId)) this.children.set(full.parentId, new Set());
			this.children.get(full.parentId).add(full.id);
		}
		if (full.entryType === 'Folder' || full.entryType === 'RecordSeries')
			this.children.set(full.id, this.children.get(full.id) || new Set());
		return full;
	}

	get(id) {
		return this.entries.get(Number(id));
	}

	require(id) {
		const entry = this.get(id);
		if (!entry)
			throw notFound(
				'Entry not found.',
				`Requested entry id not found. (entry ID: ${id})`,
				ERROR_CODES.entryNotFound,
			);
		return entry;
	}

	requireFolder(id) {
		const entry = this.require(id);
		if (!isContainer(entry))
			throw badRequest('Entry is not a folder.', `The entry with ID ${id} is not a folder.`);
		return entry;
	}

	requireDocument(id) {
		const entry = this.require(id);
		if (entry.entryType !== 'Document')
			throw badRequest('Entry is not a document.', `The entry with ID ${id} is not a document.`);
		return entry;
	}

	fullPath(entry) {
		if (entry.id === ROOT_ID) return '\\';
		const names = [];
		let cur = entry;
		while (cur && cur.id !== ROOT_ID) {
			names.unshift(cur.name);
			cur = this.get(cur.parentId);
		}
		return '\\' + names.join('\\');
	}

	folderPath(entry) {
		if (entry.id === ROOT_ID) return null;
		return this.fullPath(this.get(entry.parentId));
	}

	childrenOf(id) {
		const ids = this.children.get(Number(id));
		return ids ? [...ids].map((cid) => this.entries.get(cid)) : [];
	}

	childByName(parentId, name) {
		const lower = String(name).toLowerCase();
		return this.childrenOf(parentId).find((c) => c.name.toLowerCase() === lower);
	}

	/** Every entry below `entry` (depth first, not including it). */
	descendants(entry) {
		const out = [];
		const walk = (id) => {
			for (const child of this.childrenOf(id)) {
				out.push(child);
				walk(child.id);
			}
		};
		walk(entry.id);
		return out;
	}

	isAncestor(ancestorId, entry) {
		let cur = entry;
		while (cur) {
			if (cur.id === ancestorId) return true;
			cur = cur.parentId === null ? undefined : this.get(cur.parentId);
		}
		return false;
	}

	/** Resolves a backslash path. Returns { entry } or { ancestor } (closest existing ancestor). */
	resolvePath(fullPath) {
		const raw = String(fullPath);
		if (!raw.startsWith('\\'))
			throw badRequest('Invalid path.', `The path '${raw}' must start with '\\'.`);
		const parts = raw.split('\\').filter((p) => p !== '');
		let cur = this.get(ROOT_ID);
		for (const part of parts) {
			const next = isContainer(cur) ? this.childByName(cur.id, part) : undefined;
			if (!next) return { ancestor: cur };
			cur = next;
		}
		return { entry: cur };
	}

	validateName(name) {
		if (typeof name !== 'string' || name.trim() === '')
			throw badRequest('Invalid entry name.', 'The entry name is required.');
		if (/[\\\x00-\x1f]/.test(name))
			throw badRequest(
				'Invalid entry name.',
				`The entry name '${name}' contains invalid characters (backslash or control characters).`,
			);
		if (name.length > 255)
			throw badRequest('Invalid entry name.', 'The entry name is longer than 255 characters.');
	}

	/** The name to use in `parentId`, renaming on conflict when allowed; throws 409 otherwise. */
	availableName(parentId, name, autoRename, ignoreId) {
		this.validateName(name);
		const clash = (n) => {
			const c = this.childByName(parentId, n);
			return c && c.id !== ignoreId;
		};
		if (!clash(name)) return name;
		if (!autoRename) {
			throw new HttpError(409, 'Entry name conflicts.', {
				detail: `An entry named '${name}' already exists in the folder.`,
				errorCode: ERROR_CODES.nameConflict,
			});
		}
		for (let i = 2; ; i++) {
			const candidate = `${name} (${i})`;
			if (!clash(candidate)) return candidate;
		}
	}

	touch(entry) {
		entry.lastModifiedTime = new Date(this.clock()).toISOString();
	}

	createFolder(parentId, name, { autoRename = false, creator = 'admin', volumeName } = {}) {
		this.requireFolder(parentId);
		const finalName = this.availableName(parentId, name, autoRename);
		const now = new Date(this.clock()).toISOString();
		return this._insert({
			id: this.nextEntryId,
			name: finalName,
			parentId: Number(parentId),
			entryType: 'Folder',
			creator,
			creationTime: now,
			lastModifiedTime: now,
			volumeName: volumeName || this.volumeName,
		});
	}

	createShortcut(parentId, name, targetId, { autoRename = false, creator = 'admin' } = {}) {
		this.requireFolder(parentId);
		const target = this.get(targetId);
		if (!target)
			throw badRequest('Invalid shortcut target.', `The target entry ${targetId} was not found.`);
		const finalName = this.availableName(parentId, name, autoRename);
		const now = new Date(this.clock()).toISOString();
		return this._insert({
			id: this.nextEntryId,
			name: finalName,
			parentId: Number(parentId),
			entryType: 'Shortcut',
			creator,
			creationTime: now,
			lastModifiedTime: now,
			targetId: target.id,
		});
	}

	/**
	 * Creates a document. `doc` = { blobId?, size, extension, mimeType, text?, pageCount? }.
	 * Metadata is validated first and applied with the entry, so a bad request leaves nothing behind.
	 */
	createDocument(
		parentId,
		name,
		doc,
		{ autoRename = false, creator = 'admin', metadata, volumeName } = {},
	) {
		this.requireFolder(parentId);
		const plan = metadata ? this.planMetadata(undefined, metadata) : undefined;
		const finalName = this.availableName(parentId, name, autoRename);
		const now = new Date(this.clock()).toISOString();
		const entry = this._insert({
			id: this.nextEntryId,
			name: finalName,
			parentId: Number(parentId),
			entryType: 'Document',
			creator,
			creationTime: now,
			lastModifiedTime: now,
			volumeName: volumeName || this.volumeName,
			blobId: doc.blobId || null,
			size: doc.blobId ? doc.size || 0 : 0,
			extension: doc.extension || '',
			mimeType: doc.mimeType || null,
			text: doc.text || '',
			pageCount: doc.pageCount || 0,
			isRecord: false,
			isCheckedOut: false,
			isUnderVersionControl: false,
		});
		if (plan) this.applyMetadata(entry, plan);
		return entry;
	}

	/**
	 * Validates import metadata { templateName, fields: [{name, values}], tags: [names], links: [...] }.
	 * Returns a plan for applyMetadata.
	 */
	planMetadata(entry, metadata) {
		const templateName = metadata.templateName;
		const template = templateName ? this.requireTemplate(templateName) : undefined;
		const values = this._planFieldValues(
			new Map(),
			template ? template.id : 0,
			metadata.fields || [],
			'merge',
		);
		if (template) this._checkRequired(template, values);
		const tagIds = metadata.tags ? this._planTags(metadata.tags) : [];
		const links = metadata.links ? this._planLinks(entry, metadata.links) : [];
		return { templateId: template ? template.id : 0, values, tagIds, links };
	}

	applyMetadata(entry, plan) {
		entry.templateId = plan.templateId;
		entry.fieldValues = plan.values;
		entry.tagIds = plan.tagIds;
		if (plan.links.length)
			this._replaceLinks(
				entry,
				plan.links.map((l) => ({ ...l, selfId: entry.id })),
			);
	}

	/** Moves and/or renames an entry. */
	update(entry, { parentId, name, autoRename = false }) {
		if (entry.id === ROOT_ID)
			throw badRequest('Invalid operation.', 'The root folder cannot be moved or renamed.');
		let targetParent = entry.parentId;
		if (parentId !== undefined && parentId !== null) {
			const parent = this.requireFolder(parentId);
			if (this.isAncestor(entry.id, parent))
				throw badRequest(
					'Invalid operation.',
					'An entry cannot be moved into itself or one of its descendants.',
				);
			targetParent = parent.id;
		}
		const newName = name !== undefined && name !== null && name !== '' ? name : entry.name;
		const finalName = this.availableName(targetParent, newName, autoRename, entry.id);
		if (targetParent !== entry.parentId) {
			this.children.get(entry.parentId).delete(entry.id);
			if (!this.children.has(targetParent)) this.children.set(targetParent, new Set());
			this.children.get(targetParent).add(entry.id);
			entry.parentId = targetParent;
		}
		entry.name = finalName;
		this.touch(entry);
		return entry;
	}

	/** Deletes an entry and everything below it; returns the number of entries removed. */
	async delete(entry) {
		if (entry.id === ROOT_ID)
			throw badRequest('Invalid operation.', 'The root folder cannot be deleted.');
		const doomed = [entry, ...this.descendants(entry)];
		const ids = new Set(doomed.map((e) => e.id));
		this.children.get(entry.parentId).delete(entry.id);
		for (const e of doomed) {
			this.entries.delete(e.id);
			this.children.delete(e.id);
			if (e.blobId) await this.store.remove(e.blobId);
			if (e.pagesBlobId) await this.store.remove(e.pagesBlobId);
		}
		for (const [id, link] of this.links)
			if (ids.has(link.sourceId) || ids.has(link.targetId)) this.links.delete(id);
		return doomed.length;
	}

	/** Copies `source` (recursively for folders) into folder `parentId` under `name`. */
	async copy(source, parentId, name, { autoRename = false, creator = 'admin', volumeName } = {}) {
		const parent = this.requireFolder(parentId);
		if (isContainer(source) && this.isAncestor(source.id, parent))
			throw badRequest('Invalid operation.', 'A folder cannot be copied into itself.');
		const finalName = this.availableName(parent.id, name, autoRename);
		const copyOne = async (src, newParentId, newName) => {
			const now = new Date(this.clock()).toISOString();
			const clone = {
				...src,
				// Taken now: the copy awaits blob copies before it inserts, and an entry created meanwhile
				// must not get the same id.
				id: this.nextEntryId++,
				name: newName,
				parentId: newParentId,
				creator,
				creationTime: now,
				lastModifiedTime: now,
				fieldValues: new Map([...src.fieldValues].map(([k, v]) => [k, [...v]])),
				tagIds: [...src.tagIds],
				volumeName: volumeName || src.volumeName,
			};
			if (src.blobId) clone.blobId = await this.store.copy(src.blobId);
			if (src.pagesBlobId) clone.pagesBlobId = await this.store.copy(src.pagesBlobId);
			const created = this._insert(clone);
			if (isContainer(src)) {
				for (const child of this.childrenOf(src.id)) await copyOne(child, created.id, child.name);
			}
			return created;
		};
		return copyOne(source, parent.id, finalName);
	}

	// ---------------------------------------------------------------- fields, template, tags, links

	/** [{ def, values, groupId }] for an entry: template fields first, in template order, then the rest. */
	fieldsOf(entry) {
		const out = [];
		const seen = new Set();
		const template = entry.templateId ? this.templates.get(entry.templateId) : undefined;
		if (template) {
			for (const tf of template.fields) {
				seen.add(tf.fieldId);
				out.push({
					def: this.fieldDefs.get(tf.fieldId),
					values: entry.fieldValues.get(tf.fieldId) || [],
					groupId: tf.groupId || null,
				});
			}
		}
		for (const [fieldId, values] of entry.fieldValues) {
			if (seen.has(fieldId)) continue;
			out.push({ def: this.fieldDefs.get(fieldId), values, groupId: null });
		}
		return out;
	}

	_planFieldValues(base, templateId, updates, mode) {
		if (!Array.isArray(updates)) throw badRequest('Invalid request.', 'fields must be an array.');
		const template = templateId ? this.templates.get(templateId) : undefined;
		const templateFieldIds = new Set(template ? template.fields.map((f) => f.fieldId) : []);
		const result = mode === 'replace' ? new Map() : new Map([...base].map(([k, v]) => [k, [...v]]));
		for (const update of updates) {
			const name = update && update.name;
			if (!name) throw badRequest('Invalid request.', 'Each field needs a name.');
			const def = this.fieldByName(name);
			if (!def)
				throw badRequest(
					'Field not found.',
					`The field '${name}' does not exist in the repository.`,
					ERROR_CODES.objectNotFound,
				);
			result.set(def.id, normalizeValues(def, update.values));
		}
		for (const id of templateFieldIds) if (!result.has(id)) result.set(id, []);
		for (const [id, values] of result)
			if (!templateFieldIds.has(id) && values.length === 0) result.delete(id);
		return result;
	}

	_checkRequired(template, values) {
		const missing = template.fields
			.map((tf) => this.fieldDefs.get(tf.fieldId))
			.filter((def) => def.isRequired && !(values.get(def.id) || []).length)
			.map((def) => def.name);
		if (missing.length) {
			throw new HttpError(400, 'Required field value missing.', {
				detail: `The template '${template.name}' requires a value for: ${missing.join(', ')}.`,
				errorCode: ERROR_CODES.requiredFieldMissing,
			});
		}
	}

	/** PUT fields: replaces every field value (template fields not given are cleared). */
	setFields(entry, updates) {
		const values = this._planFieldValues(entry.fieldValues, entry.templateId, updates, 'replace');
		if (entry.templateId) this._checkRequired(this.templates.get(entry.templateId), values);
		entry.fieldValues = values;
		this.touch(entry);
		return this.fieldsOf(entry);
	}

	/** Sets the given fields, keeping every other value (v1 import metadata). */
	mergeFields(entry, updates) {
		entry.fieldValues = this._planFieldValues(
			entry.fieldValues,
			entry.templateId,
			updates,
			'merge',
		);
		this.touch(entry);
		return this.fieldsOf(entry);
	}

	/** Assigns a template; values of fields outside the old template are kept, the old template's other fields go. */
	setTemplate(entry, templateName, updates = []) {
		const template = this.requireTemplate(templateName);
		const templateFieldIds = new Set(template.fields.map((f) => f.fieldId));
		for (const update of updates || []) {
			const def = update && update.name ? this.fieldByName(update.name) : undefined;
			if (def && !templateFieldIds.has(def.id)) {
				throw badRequest(
					'Invalid request.',
					`The field '${def.name}' is not part of the template '${template.name}'.`,
				);
			}
		}
		const base = new Map(entry.fieldValues);
		const oldTemplate = entry.templateId ? this.templates.get(entry.templateId) : undefined;
		if (oldTemplate)
			for (const tf of oldTemplate.fields)
				if (!templateFieldIds.has(tf.fieldId)) base.delete(tf.fieldId);
		const values = this._planFieldValues(base, template.id, updates || [], 'merge');
		this._checkRequired(template, values);
		entry.templateId = template.id;
		entry.fieldValues = values;
		this.touch(entry);
		return entry;
	}

	removeTemplate(entry) {
		const template = entry.templateId ? this.templates.get(entry.templateId) : undefined;
		if (template) for (const tf of template.fields) entry.fieldValues.delete(tf.fieldId);
		entry.templateId = 0;
		this.touch(entry);
		return entry;
	}

	_planTags(names) {
		if (!Array.isArray(names))
			throw badRequest('Invalid request.', 'tags must be an array of tag names.');
		const ids = [];
		for (const name of names) {
			const tag = this.tagByName(name);
			if (!tag)
				throw badRequest(
					'Tag not found.',
					`The tag '${name}' does not exist in the repository.`,
					ERROR_CODES.objectNotFound,
				);
			if (!ids.includes(tag.id)) ids.push(tag.id);
		}
		return ids;
	}

	tagsOf(entry) {
		return entry.tagIds.map((id) => this.tagDefs.get(id)).filter(Boolean);
	}

	setTags(entry, names) {
		entry.tagIds = this._planTags(names);
		this.touch(entry);
		return this.tagsOf(entry);
	}

	_planLinks(entry, links) {
		if (!Array.isArray(links)) throw badRequest('Invalid request.', 'links must be an array.');
		return links.map((l) => {
			const def = this.linkDefs.get(Number(l.linkDefinitionId));
			if (!def)
				throw badRequest(
					'Link definition not found.',
					`The link definition ${l.linkDefinitionId} does not exist.`,
					ERROR_CODES.objectNotFound,
				);
			const other = this.get(l.otherEntryId);
			if (!other)
				throw badRequest(
					'Entry not found.',
					`The entry ${l.otherEntryId} to link to does not exist.`,
					ERROR_CODES.entryNotFound,
				);
			if (entry && other.id === entry.id)
				throw badRequest('Invalid link.', 'An entry cannot be linked to itself.');
			return {
				linkDefinitionId: def.id,
				otherEntryId: other.id,
				isSource: l.isSource === undefined || l.isSource === null ? true : Boolean(l.isSource),
				customProperties: l.customProperties || {},
			};
		});
	}

	_replaceLinks(entry, planned) {
		for (const [id, link] of this.links)
			if (link.sourceId === entry.id || link.targetId === entry.id) this.links.delete(id);
		for (const l of planned) {
			const id = this.nextLinkId++;
			this.links.set(id, {
				id,
				linkDefinitionId: l.linkDefinitionId,
				sourceId: l.isSource ? entry.id : l.otherEntryId,
				targetId: l.isSource ? l.otherEntryId : entry.id,
				customProperties: { ...l.customProperties },
			});
		}
	}

	linksOf(entry) {
		return [...this.links.values()].filter(
			(l) => l.sourceId === entry.id || l.targetId === entry.id,
		);
	}

	setLinks(entry, links) {
		const planned = this._planLinks(entry, links);
		this._replaceLinks(entry, planned);
		this.touch(entry);
		return this.linksOf(entry);
	}

	addLink(sourceId, targetId, linkDefinitionId, customProperties = {}) {
		const id = this.nextLinkId++;
		this.links.set(id, { id, linkDefinitionId, sourceId, targetId, customProperties });
		return id;
	}

	docLink(entryId) {
		return `${this.webClientUrl}/DocView.aspx?repo=${encodeURIComponent(this.id)}&docid=${entryId}`;
	}

	folderLink(entryId) {
		return `${this.webClientUrl}/browse.aspx?repo=${encodeURIComponent(this.id)}#?id=${entryId}`;
	}

	entryLink(entry) {
		return entry && isContainer(entry)
			? this.folderLink(entry.id)
			: this.docLink(entry ? entry.id : 0);
	}

	/** Removes the electronic document of a document entry. */
	async deleteEdoc(entry) {
		if (entry.blobId) await this.store.remove(entry.blobId);
		entry.blobId = null;
		entry.size = 0;
		entry.mimeType = null;
		entry.extension = '';
		this.touch(entry);
	}
}

function isContainer(entry) {
	return entry.entryType === 'Folder' || entry.entryType === 'RecordSeries';
}

module.exports = { Repository, ROOT_ID, isContainer };
