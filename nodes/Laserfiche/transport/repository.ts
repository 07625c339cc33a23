/**
 * The one repository interface every operation is written against. Two adapters implement it:
 * v2.ts (Laserfiche Cloud, and self-hosted servers that serve v2) and v1.ts (self-hosted API Server
 * 1.x). Both answer in the v2 vocabulary (entries, fields, tags, links, tasks), so a workflow sees the
 * same JSON whichever deployment it talks to.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Readable } from '../../shared/binary';

export type ApiVersion = 'v1' | 'v2';

/** A repository entry (v2 `Entry`/`Document`/`Folder`/`Shortcut`). */
export interface Entry extends IDataObject {
	id: number;
	name: string;
	entryType: string;
	parentId?: number;
	fullPath?: string;
	lastModifiedTime?: string;
	mimeType?: string;
	extension?: string;
	electronicDocumentSize?: number;
}

/** A field to write: its name and its values (several for a multi-value field). */
export interface FieldToWrite {
	name: string;
	values: string[];
}

/** A link to write, seen from the entry being changed. */
export interface LinkToWrite {
	linkDefinitionId: number;
	otherEntryId: number;
	/** Whether the entry is the link's source (true) or its target. */
	isSource: boolean;
	customProperties?: Record<string, string>;
}

export type TaskStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Cancelled';

/** A long operation's progress (v2 `TaskProgress`; v1 OperationProgress is mapped onto it). */
export interface TaskInfo extends IDataObject {
	id: string;
	status: TaskStatus;
	taskType?: string;
	percentComplete?: number;
	errors?: IDataObject[];
	result?: { entryId?: number; uri?: string } | null;
}

export interface ListOptions {
	/** Most entries to return; undefined = all. */
	limit?: number;
	/** Stop paging early (poll budget); what was collected is returned. */
	keepGoing?: () => boolean;
}

export interface NameOptions {
	autoRename?: boolean;
	volumeName?: string;
}

export interface AuditReason {
	auditReasonId?: number;
	auditReasonComment?: string;
}

/** A file to import: a factory, because a refused upload is sent again from the start. */
export interface FileToImport {
	open(): Promise<Readable | Buffer>;
	size: number;
	fileName: string;
	mimeType: string;
}

export interface ImportOptions extends NameOptions {
	importAsElectronicDocument?: boolean;
}

export interface ExportedFile {
	body: Readable;
	mimeType?: string;
}

export interface SearchOptions {
	fuzzyType?: string;
	fuzzyFactor?: number;
}

/** How an adapter sends its requests. */
export interface RepositorySettings {
	/**
	 * Milliseconds to wait for each answer (the node's Timeout option), downloads and part uploads
	 * included; undefined: the transport's defaults (long imports and long polls get more).
	 */
	timeout?: number;
}

export interface RepositoryApi {
	readonly version: ApiVersion;
	/** Whether the API has chunked upload (CreateMultipartUploadUrls, ImportUploadedParts). */
	readonly chunkedUpload: boolean;

	listRepositories(): Promise<IDataObject[]>;

	getEntry(id: number): Promise<Entry>;
	/** The entry at a path, or (fallback) its closest existing ancestor. */
	findByPath(
		fullPath: string,
		fallbackToClosestAncestor: boolean,
	): Promise<{ entry?: Entry; ancestorEntry?: Entry }>;
	listChildren(folderId: number, options: ListOptions): Promise<Entry[]>;
	createFolder(parentId: number, name: string, options: NameOptions): Promise<Entry>;
	/** Starts copying an entry into a folder; returns the task ID. */
	startCopy(
		sourceId: number,
		folderId: number,
		name: string,
		options: NameOptions,
	): Promise<string>;
	updateEntry(
		id: number,
		change: { parentId?: number; name?: string; autoRename?: boolean },
	): Promise<Entry>;
	/** Starts deleting an entry (recursively for folders); returns the task ID. */
	startDelete(id: number, reason: AuditReason): Promise<string>;

	/** Simple import (one multipart request); returns the new document. */
	importDocument(
		folderId: number,
		name: string,
		file: FileToImport,
		options: ImportOptions,
	): Promise<Entry>;
	/** Starts the import of uploaded parts (v2 only); returns the task ID. */
	createUploadUrls(request: {
		uploadId?: string;
		startingPartNumber: number;
		numberOfParts: number;
		fileName: string;
		mimeType: string;
	}): Promise<{ uploadId: string; urls: string[] }>;
	startImportUploadedParts(
		folderId: number,
		request: { uploadId: string; partETags: string[]; name: string } & ImportOptions,
	): Promise<string>;
	/**
	 * The document's electronic document as a stream. v2 exports through a task, which `waitForTask` waits
	 * for (it returns the completed task or throws); v1 reads the document in byte ranges.
	 */
	exportDocument(
		entry: Entry,
		reason: AuditReason,
		waitForTask: (taskId: string) => Promise<TaskInfo>,
	): Promise<ExportedFile>;

	getFields(id: number): Promise<IDataObject[]>;
	setFields(id: number, fields: FieldToWrite[]): Promise<IDataObject[]>;
	setTemplate(id: number, templateName: string, fields: FieldToWrite[]): Promise<Entry>;
	removeTemplate(id: number): Promise<Entry>;
	getTags(id: number): Promise<IDataObject[]>;
	setTags(id: number, tags: string[]): Promise<IDataObject[]>;
	getLinks(id: number): Promise<IDataObject[]>;
	setLinks(id: number, links: LinkToWrite[]): Promise<IDataObject[]>;

	/** Starts a full search; returns its task ID (v1: the search token). */
	startSearch(searchCommand: string, options: SearchOptions): Promise<string>;
	/** One look at a search's progress (long-polls on v2). */
	searchStatus(id: string): Promise<TaskInfo>;
	searchResults(id: string, options: ListOptions): Promise<Entry[]>;
	closeSearch(id: string): Promise<void>;
	/** A simple search: at most 100 results, answered at once. */
	simpleSearch(searchCommand: string): Promise<Entry[]>;

	/** One look at a task's progress (long-polls on v2). */
	getTask(id: string): Promise<TaskInfo>;
	cancelTask(id: string): Promise<IDataObject>;
}
