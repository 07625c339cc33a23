'use strict';
/**
 * What begin_upload announces for each part (FileUploadPartEntity in swagger_doc.json), as options, so that the
 * node's upload can be tested under each value the Swagger allows, not only the recorded defaults.
 *
 * Recorded (every begin_upload answer in the recordings): `parallel_parts: true`, `retry_parts: true`,
 * `headers: {}`, `parameters: {}`, `partsize` 5 MiB, `next_partsize` 6 MiB, `expires` 15 minutes ahead.
 * Swagger FileUploadPartEntity:
 *   parallel_parts "If `false`, be sure to only upload one part at a time, in order."   → option parallelParts
 *   retry_parts    "If `false`, a part cannot be retried and the upload should be restarted." → option retryParts
 *   headers        "Additional upload headers to provide as part of the upload"        → option partHeaders
 *   parameters     "Additional HTTP parameters to send with the upload"                → option partParameters
 *   expires        "Date/time of when this Upload part expires and the URL cannot be used any more"
 *                                                                                      → option partUrlTtlSeconds
 * Enforcement, where the storage service's own rules say what happens (S3 pre-signed URLs): a header the URL was
 * signed with and that is missing or different → 403 SignatureDoesNotMatch; an expired URL → 403 AccessDenied
 * "Request has expired" (uploads.js). A repeated part when retry_parts is false, parts in parallel when
 * parallel_parts is false, and `parameters` are not enforced (no source says how the service reacts); the tests
 * check what the node sent, from the request log.
 */
const DEFAULT_PART_URL_TTL_SECONDS = 15 * 60;

/** The option-dependent fields of a FileUploadPart. */
function announcedPartFields(options) {
	return {
		headers: { ...(options.partHeaders || {}) },
		parallel_parts: options.parallelParts !== false,
		retry_parts: options.retryParts !== false,
		parameters: { ...(options.partParameters || {}) },
	};
}

function partUrlTtlMs(options) {
	const seconds = options.partUrlTtlSeconds ?? DEFAULT_PART_URL_TTL_SECONDS;
	return seconds * 1000;
}

/** The first announced header that the part PUT lacks or sends with another value, if any. */
function missingSignedHeader(req, options) {
	for (const [name, value] of Object.entries(options.partHeaders || {})) {
		if (req.headers[name.toLowerCase()] !== String(value)) return name;
	}
	return undefined;
}

module.exports = {
	announcedPartFields,
	partUrlTtlMs,
	missingSignedHeader,
	DEFAULT_PART_URL_TTL_SECONDS,
};
