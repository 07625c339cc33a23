/**
 * Downloads: `GET /files/{path}` for the File object and its short-lived `download_uri`, then that link
 * without the API key (nodes/shared/presigned.ts), streamed into n8n's binary data with its size and
 * Files.com's checksum checked on the way.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { Readable } from '../../shared/binary';
import { storageErrorText } from '../../shared/errors';
import { getDownload, headerOf, storeDownload } from '../../shared/presigned';
import { settle } from '../../shared/retry';
import { displayPath, encodePath } from './paths';
import { apiRequest } from './request';

/** The strongest checksum Files.com gives for a file (they can be null for a while after an upload). */
function expectedChecksum(
	file: IDataObject,
): { algorithm: 'sha256' | 'sha1' | 'md5'; value: string } | undefined {
	const lengths = { sha256: 64, sha1: 40, md5: 32 } as const;
	for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
		const value =
			typeof file[algorithm] === 'string' ? (file[algorithm] as string).trim().toLowerCase() : '';
		if (new RegExp(`^[0-9a-f]{${lengths[algorithm]}}$`).test(value)) return { algorithm, value };
	}
	return undefined;
}

/**
 * Feeds every chunk of a response stream into `hash` as n8n's binary data store reads it. The stream is
 * paused until the store starts reading: its `data` listener alone would not restart a paused stream (n8n's
 * memory and database modes read with one, filesystem mode pipes), so the stream is resumed when that
 * listener is added, and no chunk flows before the store listens.
 */
function hashAlongTheWay(body: Readable, hash: ReturnType<typeof createHash>): void {
	body.on('data', (chunk: Buffer) => hash.update(chunk));
	body.pause();
	const resumeForReader = (event: string | symbol) => {
		if (event !== 'data' && event !== 'readable') return;
		body.off('newListener', resumeForReader);
		// resume() starts the flow on the next tick, after the reader's listener is in place.
		if (event === 'data') body.resume();
	};
	body.on('newListener', resumeForReader);
}

/**
 * Downloads a file (normal-form path) into binary data, streamed. An expired link or a broken transfer is
 * tried again (up to three times, with a fresh link). Returns the File object (without the link).
 */
export async function downloadFile(
	this: IExecuteFunctions | IPollFunctions | IWebhookFunctions,
	path: string,
	itemIndex: number,
	timeout?: number,
): Promise<{ file: IDataObject; binary: IBinaryData }> {
	const node = this.getNode();
	const attempts = 3;
	for (let attempt = 1; ; attempt++) {
		const file = await apiRequest.call(this, 'GET', `/files/${encodePath(path)}`, { timeout });
		const { download_uri: downloadUri, ...metadata } = file;
		if (typeof downloadUri !== 'string' || downloadUri === '') {
			throw new NodeOperationError(
				node,
				`Files.com gave no download link for ${displayPath(path)}`,
				{
					itemIndex,
					description:
						'Only files can be downloaded. Check that the path names a file, not a folder.',
				},
			);
		}
		const fetched = await settle(
			getDownload(this, {
				url: downloadUri,
				json: false,
				...(timeout !== undefined ? { timeout } : {}),
			}),
		);
		let failure: string;
		if (fetched.ok) {
			const headers = (fetched.value.headers ?? {}) as IDataObject;
			const fileName = String(metadata.display_name ?? path.split('/').pop() ?? 'file');
			const mimeType = String(
				metadata.mime_type ?? headerOf(headers, 'content-type') ?? 'application/octet-stream',
			);
			const body = fetched.value.body as Readable;
			// The checksum of what arrives, when Files.com has one to compare with (it fills them in some time after
			// an upload): every chunk also goes through the hash on its way into n8n's binary data. SHA-256 first
			// (hardware-accelerated on most CPUs, about 3 times faster than MD5), then SHA-1, then MD5.
			const checksum = expectedChecksum(metadata);
			const hash =
				checksum && typeof body?.on === 'function' ? createHash(checksum.algorithm) : undefined;
			if (hash) hashAlongTheWay(body, hash);
			const expected = typeof metadata.size === 'number' ? metadata.size : undefined;
			const stored = await storeDownload(this, body, fileName, mimeType, expected);
			if (stored.ok) {
				const digest = hash?.digest('hex');
				if (digest === checksum?.value) return { file: metadata, binary: stored.binary };
				failure = `the content that arrived differs from Files.com's checksum (${String(checksum?.algorithm).toUpperCase()} ${String(digest)}, expected ${String(checksum?.value)})`;
			} else if ('error' in stored) {
				failure = await storageErrorText(stored.error, timeout);
			} else {
				failure = `received ${stored.received} of ${stored.expected} bytes`;
			}
		} else {
			failure = await storageErrorText(fetched.error, timeout);
		}
		if (attempt >= attempts) {
			throw new NodeOperationError(node, `Downloading ${displayPath(path)} failed: ${failure}`, {
				itemIndex,
				description: `Tried ${attempts} times with a fresh download link. Run the node again later.`,
			});
		}
	}
}
