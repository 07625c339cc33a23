/**
 * All HTTP of the Laserfiche node and trigger: the connection (credential, API root and version,
 * repository), authenticated requests with retries and error documents, OData paging, and the
 * repository adapter (v2 or v1) built on them.
 */
import type { RepositoryApi } from './repository';
import type { Connection, RequestContext } from './request';
import { getConnection } from './request';
import { createV1Repository } from './v1';
import { createV2Repository } from './v2';

export * from './request';
export type * from './repository';
export { laserficheErrorFormat, documentError } from './errors';
export { uploadPart } from './v2';

/** The repository adapter for a connection. */
export function repositoryFor(context: RequestContext, connection: Connection): RepositoryApi {
	return connection.version === 'v2' ? createV2Repository(context, connection) : createV1Repository(context, connection);
}

/** Connection and repository adapter together. */
export async function openRepository(
	context: RequestContext,
	itemIndex?: number,
): Promise<{ connection: Connection; api: RepositoryApi }> {
	const connection = await getConnection(context, itemIndex);
	return { connection, api: repositoryFor(context, connection) };
}
