'use strict';
/**
 * A completed upload's `ref` used again: `POST /files/{path}` with `action=end` repeated after its answer was lost.
 *
 * What Files.com does then is documented nowhere and in no recording (every recorded `end` uses its `ref` once).
 * What is known:
 *  - both official SDKs repeat the request blindly after a network failure: the JS SDK's `fetchWithRetry`
 *    (node_modules/files.com/lib/Api.js) re-sends any request whose `fetch` threw, `action=end` included, up to
 *    `maxNetworkRetries` = 3 times; the Go SDK retries connection errors on every method through go-retryablehttp
 *    (Files-com/files-sdk-go lib/http-client.go, /work/shared/reference/filescom-api.md §Retries). Neither checks
 *    what it got back beyond the status;
 *  - the error catalogue (test/contracts/filescom/error-catalog.json) has `not-found/file-upload-not-found`
 *    (404 "File Upload Not Found") and `processing-failure/already-completed` (422 "Already Completed").
 * So option `reusedRef` offers each plausible behaviour:
 *   'not-found'         (default) 404 not-found/file-upload-not-found: the upload is closed once completed and its
 *                       ref is unknown, the catalogue's error for an unknown upload;
 *   'completes-again'   the completion is answered again (same status, the stored File), nothing stored twice: what the
 *                       SDKs' blind retries would need to be safe;
 *   'already-completed' 422 processing-failure/already-completed (the catalogue's type);
 *   'stores-copy'       the upload's bytes are stored again: over the same file, or with `with_rename` as a second
 *                       copy (`name (1).ext`), answered like a first completion (201 new, 200 replaced).
 * A ref whose file was since deleted or replaced answers not-found under every option.
 */
const { apiError } = require('./errors');
const { fileEntity } = require('./storage');
const paths = require('./paths');
const { toBoolean } = require('./request');

const REUSED_REF_BEHAVIOURS = ['not-found', 'completes-again', 'already-completed', 'stores-copy'];

class Completions {
	constructor(state, uploads) {
		this.state = state;
		this.uploads = uploads;
		this.done = new Map();
	}

	reset() {
		this.done.clear();
	}

	/** Keeps what a completion stored (its blob stays retained, so a 'stores-copy' repeat can store it again). */
	remember(session, node, status) {
		this.state.tree.blobs.retain(node.blob);
		this.done.set(session.ref, { session, node, blob: node.blob, status });
	}

	/** The answer to `action=end` with a ref that already completed, or undefined when the ref is not one. */
	repeat(ctx, ref, normalized) {
		const done = this.done.get(String(ref));
		if (!done || done.session.authKeyId !== ctx.auth.key.id) return undefined;
		if (normalized !== undefined && paths.comparisonKey(normalized) !== done.session.key)
			return undefined;
		const behaviour = this.state.options.reusedRef;
		const { tree } = this.state;
		const unchanged =
			done.node.parent &&
			done.node.blob === done.blob &&
			tree.lookup(tree.pathOf(done.node)) === done.node;
		if (behaviour === 'not-found' || !unchanged) return undefined;
		if (behaviour === 'already-completed')
			throw apiError('processing-failure/already-completed', 'Already Completed');
		if (behaviour === 'completes-again')
			return { status: done.status, body: fileEntity(tree, done.node) };
		// 'stores-copy': the completion runs again with the same bytes.
		let target = done.session.path;
		const existing = tree.lookup(target);
		if (existing && (done.session.withRename || toBoolean(ctx.params.with_rename)))
			target = this.uploads.renamedPath(target);
		const parent = tree.lookup(paths.parentOf(target));
		const current = parent.children.get(paths.segmentKey(paths.baseName(target)));
		tree.blobs.retain(done.blob);
		const { node, replaced } = tree.putFile(
			parent,
			current ? current.name : paths.baseName(target),
			done.blob,
			done.session.actor,
		);
		ctx.state.fileEvent(ctx, replaced ? 'update' : 'create', node, tree.pathOf(node));
		return { status: replaced ? 200 : 201, body: fileEntity(tree, node) };
	}
}

module.exports = { Completions, REUSED_REF_BEHAVIOURS };
