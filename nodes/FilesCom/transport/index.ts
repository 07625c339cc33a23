/**
 * Every HTTP call the Files.com nodes make, by concern:
 * - connection.ts: the credential's Site URL and fields, read once per execution;
 * - request.ts: REST calls (`/api/rest/v1`, JSON, retries, network failures in words);
 * - errors.ts: Files.com's error document and its hints;
 * - paging.ts: cursor pages and folder walks;
 * - migration.ts: waiting for asynchronous copies and moves;
 * - upload.ts (part-planner.ts, part-urls.ts): begin_upload, parts to pre-signed URLs, action=end;
 * - download.ts: the download link, streamed, size and checksum checked;
 * - paths.ts: paths as URL paths and in messages;
 * - behaviors.ts: folder webhook behaviors (the instant trigger's subscription).
 * Pre-signed part uploads and downloads go through nodes/shared (parted-upload.ts, presigned.ts), with plain
 * `httpRequest`, never with the API key (Files.com's SDKs strip their auth headers for any other host).
 */
export type { WebhookBehavior, WebhookSubscription } from './behaviors';
export {
	CHECK_HEADER,
	createBehavior,
	deleteBehavior,
	deliversTo,
	findBehaviors,
	getBehavior,
	secretOf,
} from './behaviors';
export { normalizeSiteUrl } from './connection';
export { downloadFile } from './download';
export { filesComErrors } from './errors';
export { waitForMigration } from './migration';
export { listAll, listFolder, listPage } from './paging';
export { apiRequest } from './request';
export { uploadFile } from './upload';
