/**
 * All HTTP of the Laserfiche node and trigger: the connection (credential, API root and version,
 * repository), authenticated requests with retries and error documents, OData paging, and the
 * repository adapter (v2 or v1) built on them.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { timeoutParameter } from '../../shared/validation';
import type { RepositoryApi, RepositorySettings } from './repository';
import type { Connection, RequestContext } from './request';
import { getConnection } from './request';
import { createV1Repository } from './v1';
import { createV2Repository } from './v2';

export { getConnection };
export type { Connection };
export type {
	Entry,
	FieldToWrite,
	FileToImport,
	ImportOptions,
	LinkToWrite,
	NameOptions,
	RepositoryApi,
	TaskInfo,
} from './repository';
export { laserficheErrorFormat, documentError } from './errors';
export { uploadPart } from './v2';

/** The repository adapter for a connection. */
export function repositoryFor(
	context: RequestContext,
	connection: Connection,
	settings: RepositorySettings = {},
): RepositoryApi {
	return connection.version === 'v2'
		? createV2Repository(context, connection, settings)
		: createV1Repository(context, connection, settings);
}

/**
 * Connection and repository adapter together; for an item, its Timeout option (checked before any request)
 * applies to every request of the adapter.
 */
export async function openRepository(
	context: RequestContext,
	itemIndex?: number,
): Promise<{ connection: Connection; api: RepositoryApi; timeout?: number }> {
	const timeout =
		itemIndex === undefined ? undefined : timeoutParameter(context as IExecuteFunctions, itemIndex);
	const connection = await getConnection(context, itemIndex);
	return { connection, api: repositoryFor(context, connection, { timeout }), timeout };
}
