import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationTable } from '../../shared/execute';
import { executeOperations } from '../../shared/execute';
import { filesComErrors } from '../transport';
import * as apiKey from './apiKey/ApiKey.resource';
import * as file from './file/File.resource';
import * as folder from './folder/Folder.resource';
import * as user from './user/User.resource';

/** resource → operation → handler; the names are the node's public API (saved workflows use them). */
export const operations: OperationTable = {
	file: {
		upload: file.upload.execute,
		download: file.download.execute,
		get: file.get.execute,
		copy: file.copy.execute,
		move: file.move.execute,
		delete: file.delete.execute,
	},
	folder: {
		create: folder.create.execute,
		list: folder.list.execute,
		delete: folder.delete.execute,
	},
	apiKey: {
		create: apiKey.create.execute,
		get: apiKey.get.execute,
		getCurrent: apiKey.getCurrent.execute,
		list: apiKey.list.execute,
		update: apiKey.update.execute,
		delete: apiKey.delete.execute,
	},
	user: {
		get: user.get.execute,
		list: user.list.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeOperations.call(this, operations, filesComErrors);
}
