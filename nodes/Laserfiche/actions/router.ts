import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { executeOperations } from '../../shared/execute';
import type { OperationTable } from '../../shared/execute';
import { laserficheErrorFormat } from '../transport';
import * as document from './document/Document.resource';
import * as entry from './entry/Entry.resource';
import * as folder from './folder/Folder.resource';
import * as metadata from './metadata/Metadata.resource';
import * as search from './search/Search.resource';
import * as task from './task/Task.resource';

const operations: OperationTable = {
	document: { import: document.import.execute, export: document.export.execute },
	entry: {
		get: entry.get.execute,
		copy: entry.copy.execute,
		move: entry.move.execute,
		rename: entry.rename.execute,
		delete: entry.delete.execute,
	},
	folder: { create: folder.create.execute, list: folder.list.execute },
	metadata: {
		getFields: metadata.getFields.execute,
		setFields: metadata.setFields.execute,
		assignTemplate: metadata.assignTemplate.execute,
		removeTemplate: metadata.removeTemplate.execute,
		getTags: metadata.getTags.execute,
		setTags: metadata.setTags.execute,
		getLinks: metadata.getLinks.execute,
		setLinks: metadata.setLinks.execute,
	},
	search: {
		run: search.run.execute,
		simple: search.simple.execute,
		getResults: search.getResults.execute,
	},
	task: { get: task.get.execute, cancel: task.cancel.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeOperations.call(this, operations, laserficheErrorFormat);
}
