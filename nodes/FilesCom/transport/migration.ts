/** Files.com's asynchronous copy and move: waiting for a file migration to finish. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { apiRequest } from './request';

/** Waits (bounded) for a file migration to finish; returns the FileMigration object. */
export async function waitForMigration(
	this: IExecuteFunctions,
	migrationId: number,
	maxWaitMs: number,
	itemIndex: number,
	timeout?: number,
): Promise<IDataObject> {
	const started = Date.now();
	let delay = 250;
	for (;;) {
		const migration = await apiRequest.call(this, 'GET', `/file_migrations/${migrationId}`, {
			timeout,
		});
		const status = String(migration.status ?? '');
		if (status === 'completed' || status === 'failed') return migration;
		if (Date.now() - started + delay > maxWaitMs) {
			throw new NodeOperationError(
				this.getNode(),
				`Files.com is still working on it (migration ${migrationId} is "${status}") after ${Math.round(maxWaitMs / 1000)} seconds`,
				{
					itemIndex,
					description:
						'The operation goes on in Files.com. Raise "Max Wait (Seconds)", or turn off "Wait for Completion" and check the migration later.',
				},
			);
		}
		await sleep(delay);
		delay = Math.min(delay * 2, 2000);
	}
}
