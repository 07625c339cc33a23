'use strict';
/**
 * JSON views of the repository model, one set per API version (v2 `Entry`/`Field`/`Tag`/`Link`…,
 * v1 `Entry` with `elecDocumentSize`, `EntryFieldValue`, `WTagInfo`, `WEntryLinkInfo`…).
 */
const { isContainer } = require('./repository');
const { formatValue } = require('./field-values');

const BASE_ENTRY_PROPS = [
	'id',
	'name',
	'parentId',
	'fullPath',
	'folderPath',
	'creator',
	'creationTime',
	'lastModifiedTime',
	'entryType',
	'isContainer',
	'isLeaf',
	'templateName',
	'templateId',
	'templateFieldNames',
	'volumeName',
	'rowNumber',
	'fields',
];

/**
 * An entry timestamp as the option `timestampFormat` writes it. The spec says only `format: date-time`
 * (swagger Entry.lastModifiedTime), the official client parses it with `new Date(...)`
 * (@laserfiche/lf-repository-api-client-v2 dist/index.js, Entry.init): neither gives the precision or
 * the offset form, so: 'ms' (`…:05.123Z`), 'seconds' (`…:05Z`), 'ticks' (.NET DateTimeOffset round-trip,
 * `…:05.1230000+00:00`).
 */
function formatTime(format, iso) {
	if (typeof iso !== 'string' || !iso) return iso;
	if (format === 'seconds') return `${iso.slice(0, 19)}Z`;
	if (format === 'ticks') return `${iso.slice(0, 23)}0000+00:00`;
	return iso;
}

function isLeaf(repo, entry) {
	if (!isContainer(entry)) return true;
	return !repo.childrenOf(entry.id).some(isContainer);
}

function baseEntry(repo, entry) {
	const template = entry.templateId ? repo.templates.get(entry.templateId) : undefined;
	return {
		id: entry.id,
		name: entry.name,
		parentId: entry.parentId,
		fullPath: repo.fullPath(entry),
		folderPath: repo.folderPath(entry),
		creator: entry.creator,
		creationTime: formatTime(repo.timestampFormat, entry.creationTime),
		lastModifiedTime: formatTime(repo.timestampFormat, entry.lastModifiedTime),
		entryType: entry.entryType,
		isContainer: isContainer(entry),
		isLeaf: isLeaf(repo, entry),
		templateName: template ? template.name : null,
		templateId: template ? template.id : 0,
		templateFieldNames: template
			? template.fields.map((f) => repo.fieldDefs.get(f.fieldId).name)
			: [],
		volumeName: entry.volumeName,
	};
}

/**
 * Selected field values of an entry, for listings and search results (`fields=` query):
 * only the first value of a multi-value field, with hasMoreValues.
 */
function requestedFields(repo, entry, names, { format = false, culture } = {}) {
	const all = repo.fieldsOf(entry);
	const out = [];
	for (const name of names) {
		const hit = all.find((f) => f.def.name.toLowerCase() === String(name).toLowerCase());
		if (!hit) continue;
		out.push({
			...hit,
			values: hit.values.slice(0, 1),
			hasMoreValues: hit.values.length > 1,
			format,
			culture,
		});
	}
	return out;
}

// ------------------------------------------------------------------------------------------- v2

/**
 * @param {object} opts  { full?: boolean (subtype properties), rowNumber?: number, fields?: Array }
 */
function entryV2(repo, entry, opts = {}) {
	const out = baseEntry(repo, entry);
	out.rowNumber = opts.rowNumber === undefined ? null : opts.rowNumber;
	if (opts.fields) out.fields = opts.fields.map((f) => fieldV2(f.def, f.values, f.groupId, f));
	if (opts.full) Object.assign(out, subtypeV2(repo, entry));
	return out;
}

function subtypeV2(repo, entry) {
	switch (entry.entryType) {
		case 'Document':
			return {
				electronicDocumentSize: entry.blobId ? entry.size : 0,
				extension: entry.extension || null,
				isElectronicDocument: Boolean(entry.blobId),
				isRecord: Boolean(entry.isRecord),
				mimeType: entry.blobId ? entry.mimeType : null,
				pageCount: entry.pageCount || 0,
				isCheckedOut: Boolean(entry.isCheckedOut),
				isUnderVersionControl: Boolean(entry.isUnderVersionControl),
			};
		case 'Folder':
			return { isRecordFolder: false, isUnderRecordSeries: false };
		case 'Shortcut': {
			const target = repo.get(entry.targetId);
			return {
				targetId: entry.targetId,
				extension: target && target.entryType === 'Document' ? target.extension || null : null,
				targetType: target ? target.entryType : 'Document',
			};
		}
		default:
			return {};
	}
}

const SUBTYPE_PROPS = {
	Document: [
		'electronicDocumentSize',
		'extension',
		'isElectronicDocument',
		'isRecord',
		'mimeType',
		'pageCount',
		'isCheckedOut',
		'isUnderVersionControl',
	],
	Folder: ['isRecordFolder', 'isUnderRecordSeries'],
	Shortcut: ['targetId', 'extension', 'targetType'],
	RecordSeries: [],
};

function fieldV2(def, values, groupId, opts = {}) {
	return {
		name: def.name,
		fieldType: def.fieldType,
		id: def.id,
		isMultiValue: def.isMultiValue,
		isRequired: def.isRequired,
		hasMoreValues: Boolean(opts.hasMoreValues),
		groupId: groupId || null,
		values: opts.format ? values.map((v) => formatValue(def, v, opts.culture)) : [...values],
	};
}

function fieldDefinitionV2(def) {
	return {
		name: def.name,
		displayName: def.displayName,
		id: def.id,
		description: def.description,
		fieldType: def.fieldType,
		length: def.length,
		defaultValue: def.defaultValue,
		isMultiValue: def.isMultiValue,
		isRequired: def.isRequired,
		constraint: def.constraint,
		constraintError: def.constraintError,
		listValues: [...def.listValues],
		format: def.format,
		currency: def.currency,
		formatPattern: def.formatPattern,
	};
}

function templateFieldDefinitionV2(def) {
	return {
		...fieldDefinitionV2(def),
		rule: { ancestors: [] },
		groupId: def.groupId || 0,
		groupName: def.groupName || null,
	};
}

function templateDefinitionV2(t) {
	return {
		id: t.id,
		name: t.name,
		displayName: t.displayName,
		description: t.description,
		color: { ...t.color },
		fieldCount: t.fields.length,
	};
}

function tagV2(tag) {
	return {
		id: tag.id,
		name: tag.name,
		displayName: tag.displayName,
		description: tag.description,
		isSecure: tag.isSecure,
		watermark: tag.watermark ? { ...tag.watermark } : null,
	};
}

function linkDefinitionV2(def) {
	return {
		id: def.id,
		sourceLabel: def.sourceLabel,
		targetLabel: def.targetLabel,
		description: def.description,
	};
}

function linkV2(repo, link) {
	const def = repo.linkDefs.get(link.linkDefinitionId);
	const source = repo.get(link.sourceId);
	const target = repo.get(link.targetId);
	return {
		id: link.id,
		description: def ? `${def.sourceLabel} - ${def.targetLabel}` : null,
		sourceId: link.sourceId,
		sourceFullPath: source ? repo.fullPath(source) : null,
		sourceLabel: def ? def.sourceLabel : null,
		sourceLink: repo.entryLink(source),
		targetId: link.targetId,
		targetFullPath: target ? repo.fullPath(target) : null,
		targetLabel: def ? def.targetLabel : null,
		targetLink: repo.entryLink(target),
		linkDefinitionId: link.linkDefinitionId,
		linkDefinitionDescription: def ? def.description : null,
		customProperties: { ...link.customProperties },
	};
}

function repositoryV2(repo) {
	return { id: repo.id, name: repo.name, webClientUrl: repo.webClientUrl };
}

function auditReasonV2(r) {
	return { id: r.id, name: r.name, auditEventType: r.auditEventType };
}

// ------------------------------------------------------------------------------------------- v1

/**
 * v1 Entry. The v1 description declares (and requires) an "entry Type" member next to entryType —
 * the discriminator NSwag's inheritance converter writes — so it is present here too.
 */
function entryV1(repo, entry, opts = {}) {
	const out = baseEntry(repo, entry);
	out['entry Type'] = entry.entryType;
	out.rowNumber = opts.rowNumber === undefined ? 0 : opts.rowNumber;
	if (opts.fields) out.fields = opts.fields.map((f) => entryFieldValueV1(f.def, f.values, f));
	if (opts.full) {
		const sub = subtypeV2(repo, entry);
		if (entry.entryType === 'Document') {
			sub.elecDocumentSize = sub.electronicDocumentSize;
			delete sub.electronicDocumentSize;
		}
		Object.assign(out, sub);
	}
	return out;
}

function entryFieldValueV1(def, values, opts = {}) {
	return {
		fieldName: def.name,
		values: (opts.format ? values.map((v) => formatValue(def, v, opts.culture)) : values).map(
			(v, i) => ({ value: v, position: i + 1 }),
		),
		fieldType: def.fieldType,
		fieldId: def.id,
		isMultiValue: def.isMultiValue,
		isRequired: def.isRequired,
		hasMoreValues: Boolean(opts.hasMoreValues),
	};
}

function fieldValueV1(def, values, groupId, opts = {}) {
	return { ...entryFieldValueV1(def, values, opts), groupId: groupId || null };
}

function watermarkV1(w) {
	if (!w) return null;
	return {
		watermarkText: w.text,
		watermarkTextSize: w.pageSpanPercentage,
		watermarkPosition: w.position,
		watermarkRotationAngle: w.rotationAngle,
		isWatermarkMandatory: w.isMandatory,
		watermarkIntensity: w.opacity,
	};
}

function tagV1(tag) {
	return {
		id: tag.id,
		name: tag.name,
		displayName: tag.displayName,
		description: tag.description,
		isSecure: tag.isSecure,
		watermark: watermarkV1(tag.watermark),
	};
}

function linkDefinitionV1(def) {
	return {
		linkTypeId: def.id,
		sourceLabel: def.sourceLabel,
		targetLabel: def.targetLabel,
		linkTypeDescription: def.description,
	};
}

function linkV1(repo, link) {
	const v2 = linkV2(repo, link);
	return {
		linkId: v2.id,
		sourceId: v2.sourceId,
		sourceFullPath: v2.sourceFullPath,
		sourceLabel: v2.sourceLabel,
		targetId: v2.targetId,
		targetFullPath: v2.targetFullPath,
		targetLabel: v2.targetLabel,
		description: v2.description,
		linkTypeDescription: v2.linkDefinitionDescription,
		linkTypeId: v2.linkDefinitionId,
		linkProperties: v2.customProperties,
		sourceLink: v2.sourceLink,
		targetLink: v2.targetLink,
	};
}

function repositoryV1(repo) {
	return { repoId: repo.id, repoName: repo.name, webclientUrl: repo.webClientUrl };
}

// ------------------------------------------------------------------------------------------- $select

/** Applies `$select` to rendered items; `always` lists properties kept regardless. */
function selectProps(items, select, always = []) {
	if (!select) return items;
	return items.map((item) => {
		const out = {};
		for (const key of Object.keys(item)) {
			if (always.includes(key) || select.includes(key.toLowerCase())) out[key] = item[key];
		}
		return out;
	});
}

module.exports = {
	BASE_ENTRY_PROPS,
	SUBTYPE_PROPS,
	requestedFields,
	entryV2,
	fieldV2,
	fieldDefinitionV2,
	templateFieldDefinitionV2,
	templateDefinitionV2,
	tagV2,
	linkDefinitionV2,
	linkV2,
	repositoryV2,
	auditReasonV2,
	entryV1,
	entryFieldValueV1,
	fieldValueV1,
	tagV1,
	linkDefinitionV1,
	linkV1,
	repositoryV1,
	selectProps,
};
