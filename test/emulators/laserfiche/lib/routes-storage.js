'use strict';
/**
 * Transfer URLs outside the Repository API (no Laserfiche authentication, like the pre-signed
 * storage URLs the real service hands out):
 *   PUT       /storage/uploads/{uploadId}/{partNumber}?expires=…&signature=…   → 200 + ETag
 *   GET/HEAD  /storage/exports/{exportId}/{fileName}                          → the exported bytes (Range supported)
 */
const { receivePart } = require('./documents');
const { sendBlob } = require('./storage');

function registerStorage(router, emu) {
	router.add('PUT', '/storage/uploads/{uploadId}/{partNumber:int}', receivePart, {
		kind: 'storage',
	});
	const download = async (ctx) => {
		const item = emu.exports.get(ctx.params.exportId);
		if (!item || item.expiresAt < emu.now()) {
			const xml =
				'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist or the link has expired.</Message></Error>';
			ctx.res.writeHead(404, {
				'content-type': 'application/xml',
				'content-length': Buffer.byteLength(xml),
			});
			ctx.res.end(ctx.method === 'HEAD' ? undefined : xml);
			return;
		}
		await sendBlob(ctx, emu.store, item.blobId, {
			size: item.size,
			mimeType: item.mimeType,
			fileName: item.fileName,
			rangeHeader: ctx.req.headers.range,
		});
	};
	router.add('GET', '/storage/exports/{exportId}/{fileName}', download, { kind: 'storage' });
	router.add('HEAD', '/storage/exports/{exportId}/{fileName}', download, { kind: 'storage' });
}

module.exports = { registerStorage };
