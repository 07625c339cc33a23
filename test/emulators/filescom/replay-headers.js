'use strict';
/**
 * The response headers the replay compares (replay.js), where the recordings have them: the ones the node and
 * the official SDKs read.
 *  - REST answers: the cursor headers `X-Files-Cursor`, `X-Files-Cursor-Next`, `X-Files-Cursor-Prev` must be
 *    present exactly when recorded (values are the server's own opaque cursors, so only presence is compared;
 *    the node reads `x-files-cursor[-next]`, nodes/FilesCom/transport listPage), and `Content-Type` must have the
 *    recorded media type, or be absent when the recorded answer had none (a 204).
 *  - Upload URL PUTs: `ETag` (compared by replay.js), `x-amz-server-side-encryption` (the node compares the
 *    ETag with the part's MD5 only for AES256 or no encryption header) and no `Content-Type`, as recorded.
 *  - Download URL GETs: `ETag` present, `x-amz-server-side-encryption`, the `Content-Type` media type (the node
 *    falls back to it for the MIME type) and `Content-Disposition`.
 * `Retry-After` and `Location`, which the node also reads, appear in no recording.
 */
const CURSOR_HEADERS = ['x-files-cursor', 'x-files-cursor-next', 'x-files-cursor-prev'];

function mediaType(value) {
	return value === undefined || value === null
		? undefined
		: String(value).split(';')[0].trim().toLowerCase();
}

/** Problems (empty when the headers match) between a recorded interaction's headers and the emulator's. */
function compareHeaders(it, res) {
	const recorded = it.responseHeaders;
	const got = (name) => res.headers.get(name) ?? undefined;
	const problems = [];
	const samePresence = (name) => {
		if (Boolean(recorded[name]) !== (got(name) !== undefined)) {
			problems.push(
				`${name} ${got(name) === undefined ? 'missing' : 'sent'}, recorded ${recorded[name] ? 'present' : 'absent'}`,
			);
		}
	};
	const sameValue = (name, normalize = (v) => v) => {
		if (normalize(recorded[name]) !== normalize(got(name)))
			problems.push(`${name} ${got(name)}, recorded ${recorded[name]}`);
	};
	if (it.kind === 'api') {
		for (const name of CURSOR_HEADERS) samePresence(name);
		sameValue('content-type', mediaType);
	} else if (it.kind === 's3' && it.method === 'PUT' && res.status === 200) {
		sameValue('x-amz-server-side-encryption');
		sameValue('content-type', mediaType);
	} else if (it.kind === 's3' && it.method === 'GET' && res.status === 200) {
		samePresence('etag');
		sameValue('x-amz-server-side-encryption');
		sameValue('content-type', mediaType);
		sameValue('content-disposition');
	}
	return problems;
}

module.exports = { compareHeaders, CURSOR_HEADERS };
