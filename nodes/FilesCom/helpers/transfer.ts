/** Copy and move: the same request shape, the same asynchronous migrations. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorDocumentOf } from '../../shared/errors';
import { settle } from '../../shared/retry';
import { apiRequest, filesComErrors, waitForMigration } from '../transport';
import { boundedInteger, pathParameter } from './params';
import { displayPath, encodePath, normalizePath, parentOf } from './paths';
import { timeoutParameter } from '../../shared/validation';

async function typeOfFailure(error: unknown): Promise<string | undefined> {
	const document = await errorDocumentOf(error, filesComErrors);
	return typeof document?.type === 'string' ? document.type : undefined;
}

/** Creates a folder and its parents; an existing folder is fine. */
async function ensureFolder(
	this: IExecuteFunctions,
	folder: string,
	timeout?: number,
): Promise<void> {
	if (folder === '') return;
	const created = await settle(
		apiRequest.call(this, 'POST', `/folders/${encodePath(folder)}`, {
			body: { mkdir_parents: true },
			timeout,
		}),
	);
	if (
		!created.ok &&
		(await typeOfFailure(created.error)) !== 'processing-failure/destination-exists'
	)
		throw created.error;
}

export async function transfer(
	this: IExecuteFunctions,
	itemIndex: number,
	operation: 'copy' | 'move',
): Promise<IDataObject> {
	const node = this.getNode();
	const source = pathParameter.call(this, 'path', itemIndex, 'Path');
	const destination = normalizePath(
		node,
		itemIndex,
		this.getNodeParameter('destination', itemIndex, ''),
		'Destination Path',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait = options.waitForCompletion !== false;
	const maxWaitSeconds = boundedInteger(
		this,
		options.maxWaitSeconds,
		itemIndex,
		'Max Wait (Seconds)',
		1,
		3600,
		300,
	);
	const timeout = timeoutParameter(this, itemIndex);
	const body: IDataObject = { destination };
	if (options.overwrite === true) body.overwrite = true;
	if (operation === 'copy' && options.structureOnly === true) body.structure = true;
	const endpoint = `/file_actions/${operation}/${encodePath(source)}`;

	let action: IDataObject;
	const first = await settle(apiRequest.call(this, 'POST', endpoint, { body, timeout }));
	if (first.ok) {
		action = first.value;
	} else {
		const createParents = options.createParentFolders !== false;
		const type = await typeOfFailure(first.error);
		if (!createParents || type !== 'processing-failure/destination-parent-does-not-exist')
			throw first.error;
		await ensureFolder.call(this, parentOf(destination), timeout);
		action = await apiRequest.call(this, 'POST', endpoint, { body, timeout });
	}

	const result: IDataObject = { status: action.status, path: source, destination };
	const migrationId = Number(action.file_migration_id);
	if (!Number.isInteger(migrationId) || migrationId < 1) return result;
	result.file_migration_id = migrationId;
	if (!wait || action.status === 'completed') return result;
	const migration = await waitForMigration.call(
		this,
		migrationId,
		maxWaitSeconds * 1000,
		itemIndex,
		timeout,
	);
	if (migration.status === 'failed') {
		throw new NodeOperationError(
			node,
			`Files.com could not ${operation} ${displayPath(source)} to ${displayPath(destination)}: ${String(migration.failure_message ?? 'the migration failed')}`,
			{ itemIndex, description: `File migration ${migrationId} failed.` },
		);
	}
	return { ...result, status: migration.status, migration };
}
