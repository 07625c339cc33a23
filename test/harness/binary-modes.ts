/**
 * n8n's "database" and memory ("default") binary data modes, for tests. Queue mode keeps binary data where every worker can
 * read it (N8N_DEFAULT_BINARY_DATA_MODE=database); n8n's DatabaseManager (packages/cli) reads a stream
 * it is given with n8n's own `binaryToBuffer` (a `data` listener, no pipe) and hands files back as a
 * stream of one chunk (`Readable.from(buffer)`). This manager does the same, with a Map in place of the
 * database table, so a node can be run under those semantics in one process:
 *
 *   await withBinaryDataMode('database', async () => { ... runNode(...) ... });
 *
 * Memory mode ("default", N8N_DEFAULT_BINARY_DATA_MODE=default) keeps files base-64 in the items; n8n
 * reads a stream it is given with the same `binaryToBuffer`.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

import { BinaryDataService } from 'n8n-core';

import { Container } from './n8n-container';
import { initBinaryData } from './run-workflow';

const requireFromCore = createRequire(require.resolve('n8n-core'));
const { binaryToBuffer } = requireFromCore('@n8n/backend-network') as {
	binaryToBuffer: (body: Buffer | Readable) => Promise<Buffer>;
};

interface StoredFile {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

interface Metadata {
	fileName?: string;
	mimeType?: string;
}

/** n8n's DatabaseManager, in memory. */
class InMemoryDatabaseManager {
	readonly files = new Map<string, StoredFile>();

	async init(): Promise<void> {}

	async store(_location: unknown, bufferOrStream: Buffer | Readable, metadata: Metadata) {
		const data = await binaryToBuffer(bufferOrStream);
		const fileId = randomUUID();
		this.files.set(fileId, { data, fileName: metadata.fileName, mimeType: metadata.mimeType });
		return { fileId, fileSize: data.length };
	}

	getPath(fileId: string): string {
		return `database://${fileId}`;
	}

	async getAsBuffer(fileId: string): Promise<Buffer> {
		const file = this.files.get(fileId);
		if (!file) throw new Error(`No binary data ${fileId}`);
		return file.data;
	}

	async getAsStream(fileId: string): Promise<Readable> {
		return Readable.from(await this.getAsBuffer(fileId));
	}

	async getMetadata(fileId: string) {
		const file = this.files.get(fileId);
		if (!file) throw new Error(`No binary data ${fileId}`);
		return { fileName: file.fileName, mimeType: file.mimeType, fileSize: file.data.length };
	}

	async copyByFileId(_location: unknown, sourceFileId: string): Promise<string> {
		const fileId = randomUUID();
		this.files.set(fileId, { ...this.files.get(sourceFileId)! });
		return fileId;
	}

	async copyByFilePath(location: unknown, sourcePath: string, metadata: Metadata) {
		const { createReadStream } = await import('node:fs');
		return await this.store(location, createReadStream(sourcePath), metadata);
	}

	async rename(oldFileId: string, newFileId: string): Promise<void> {
		this.files.set(newFileId, this.files.get(oldFileId)!);
		this.files.delete(oldFileId);
	}

	async deleteManyByFileId(ids: string[]): Promise<void> {
		for (const id of ids) this.files.delete(id);
	}
}

/** Runs `run` with binary data in n8n's database or memory mode (inputs, outputs and reads), then back to filesystem. */
export async function withBinaryDataMode<T>(
	which: 'database' | 'memory',
	run: () => Promise<T>,
): Promise<T> {
	const mode = which === 'memory' ? 'default' : which;
	await initBinaryData();
	const service = Container.get(BinaryDataService) as unknown as {
		mode: string;
		managers: Record<string, unknown>;
		setManager(mode: string, manager: unknown): void;
	};
	if (mode === 'database' && !service.managers[mode])
		service.setManager(mode, new InMemoryDatabaseManager());
	const previous = service.mode;
	service.mode = mode;
	try {
		return await run();
	} finally {
		service.mode = previous;
	}
}
