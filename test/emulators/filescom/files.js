'use strict';
/**
 * File operations under `/files/{path}` and `/file_actions/*`:
 *   GET    /files/{path}                  download: File object with `download_uri` (or 302 with action=redirect)
 *   PATCH  /files/{path}                  update custom_metadata / provided_mtime / priority_color
 *   DELETE /files/{path}                  delete (folders need `recursive`, from query or JSON body)
 *   POST   /files/{path}                  upload: action=put (legacy) or action=end
 *   GET    /file_actions/metadata/{path}  File object without download_uri
 *   POST   /file_actions/copy/{path}      copy  -> 201 {status: "completed"} or {status: "pending", file_migration_id}
 *   POST   /file_actions/move/{path}      move  -> idem
 *   GET    /file_migrations/{id}          progress of an asynchronous copy/move
 */
const paths = require('./paths');
const { apiError, errors } = require('./errors');
const { fileEntity } = require('./storage');
const { toBoolean, toInteger } = require('./request');
const { parseProvidedMtime } = require('./folders');

function visibleNode(ctx, normalized) {
	const { state, auth } = ctx;
	const access = state.accounts.access(auth, normalized);
	if (access === 'none') throw errors.pathNotFound();
	const node = state.tree.lookup(normalized);
	if (!node) throw errors.pathNotFound();
	return { node, access };
}

function metadata(ctx) {
	const { node } = visibleNode(ctx, ctx.pathParam);
	return {
		status: 200,
		body: fileEntity(ctx.state.tree, node, {
			withPriorityColor: toBoolean(ctx.params.with_priority_color),
		}),
	};
}

function download(ctx) {
	const { state, params } = ctx;
	const { node } = visibleNode(ctx, ctx.pathParam);
	if (node.type === 'directory') throw errors.cannotDownloadDirectory();
	const action = params.action === undefined ? '' : String(params.action);
	const withPriorityColor = toBoolean(params.with_priority_color);
	if (action === 'stat')
		return { status: 200, body: fileEntity(state.tree, node, { withPriorityColor }) };
	const uri = state.downloads.issue(node);
	// A download through the API is a `read` (the download URL is asked for: GET /files/{path}).
	state.fileEvent(ctx, 'read', node, state.tree.pathOf(node));
	if (action === 'redirect') return { status: 302, headers: { Location: uri }, body: undefined };
	return {
		status: 200,
		body: fileEntity(state.tree, node, { downloadUri: uri, withPriorityColor }),
	};
}

function update(ctx) {
	const { state, params } = ctx;
	const { node, access } = visibleNode(ctx, ctx.pathParam);
	if (access !== 'full') throw errors.writePermissionRequired();
	if (params.provided_mtime !== undefined)
		node.provided_mtime = parseProvidedMtime(params.provided_mtime);
	if (params.custom_metadata !== undefined) {
		const meta = params.custom_metadata;
		if (meta === null || meta === '') {
			node.custom_metadata = {};
		} else if (typeof meta === 'object' && !Array.isArray(meta)) {
			const next = { ...node.custom_metadata };
			for (const [k, v] of Object.entries(meta)) {
				if (v === null || v === '') delete next[k];
				else next[k] = String(v);
			}
			node.custom_metadata = next;
		} else {
			throw apiError(
				'bad-request/request-params-invalid',
				'custom_metadata must be an object of string keys and values',
			);
		}
	}
	if (params.priority_color !== undefined)
		node.priority_color = params.priority_color === '' ? null : String(params.priority_color);
	const actor = state.actorOf(ctx.auth);
	node.last_modified_by_id = actor.userId ?? null;
	node.last_modified_by_api_key_id = actor.apiKeyId ?? null;
	return { status: 200, body: fileEntity(state.tree, node) };
}

function remove(ctx) {
	const { state, params } = ctx;
	const normalized = ctx.pathParam;
	if (normalized === '')
		throw apiError('bad-request/invalid-path', 'The root folder cannot be deleted');
	const { node, access } = visibleNode(ctx, normalized);
	if (access !== 'full') throw errors.writePermissionRequired();
	if (node.type === 'directory' && node.children.size > 0 && !toBoolean(params.recursive)) {
		throw errors.folderNotEmpty(state.tree.pathOf(node));
	}
	const removed = state.tree.pathOf(node);
	state.tree.remove(node);
	state.fileEvent(ctx, 'destroy', node, removed);
	return { status: 204 };
}

async function post(ctx) {
	const action = ctx.params.action === undefined ? '' : String(ctx.params.action);
	if (action === 'put') return ctx.state.uploads.legacyPut(ctx);
	if (action === 'end') return ctx.state.uploads.endUpload(ctx);
	throw apiError(
		'bad-request/request-params-invalid',
		'action must be "put" (to start an upload) or "end" (to complete one)',
	);
}

/** Shared checks and the transfer itself for copy and move. */
function transfer(ctx, operation) {
	const { state, params, auth } = ctx;
	const source = ctx.pathParam;
	if (
		params.destination === undefined ||
		params.destination === null ||
		params.destination === ''
	) {
		throw errors.requiredParam('destination');
	}
	const { node, access } = visibleNode(ctx, source);
	if (source === '')
		throw apiError('bad-request/invalid-path', 'The root folder cannot be copied or moved');
	if (operation === 'move' && access !== 'full') throw errors.writePermissionRequired();
	const destination = paths.normalize(String(params.destination));
	if (destination === '')
		throw apiError('bad-request/invalid-path', 'destination must name a file or folder');
	if (paths.hasTrailingWhitespace(destination)) {
		throw apiError(
			'bad-request/path-cannot-have-trailing-whitespace',
			'Path cannot have trailing whitespace',
		);
	}
	const destAccess = state.accounts.access(auth, destination);
	if (destAccess === 'none') throw errors.pathNotFound();
	if (destAccess !== 'full') throw errors.writePermissionRequired();
	const sourceKey = paths.comparisonKey(state.tree.pathOf(node));
	const destKey = paths.comparisonKey(destination);
	if (sourceKey === destKey && !(operation === 'move' && destination !== state.tree.pathOf(node))) {
		throw apiError('bad-request/destination-same', 'The destination is the same as the source.');
	}
	if (node.type === 'directory' && destKey.startsWith(`${sourceKey}/`)) {
		throw apiError(
			'processing-failure/destination-parent-conflict',
			'The destination is inside the source folder.',
		);
	}
	const parent = state.tree.lookup(paths.parentOf(destination));
	if (!parent) throw errors.destinationParentMissing();
	if (parent.type !== 'directory')
		throw apiError('bad-request/folder-must-not-be-a-file', 'The destination parent is a file');
	const existing = parent.children.get(paths.segmentKey(paths.baseName(destination)));
	const isRename = existing === node;
	if (existing && !isRename && !toBoolean(params.overwrite)) throw errors.destinationExists();
	const structureOnly = operation === 'copy' && toBoolean(params.structure);
	const actor = state.actorOf(auth);

	const sourcePath = state.tree.pathOf(node);
	const run = () => {
		const currentParent = state.tree.lookup(paths.parentOf(destination));
		if (!currentParent || currentParent.type !== 'directory')
			throw errors.destinationParentMissing();
		const name = paths.baseName(destination);
		const current = currentParent.children.get(paths.segmentKey(name));
		if (current && current !== node) state.tree.remove(current);
		if (operation === 'move') {
			state.tree.detach(node);
			node.name = name;
			node.key = paths.segmentKey(name);
			state.tree.attach(currentParent, node);
		} else {
			const copy = state.tree.cloneSubtree(node, name, actor);
			if (structureOnly) pruneFiles(state.tree, copy);
			state.tree.attach(currentParent, copy);
		}
		state.fileEvent(ctx, operation, node, sourcePath, destination);
	};

	const { entries, bytes } = state.tree.measure(node);
	const opts = state.options;
	const isAsync = bytes >= opts.asyncCopyThresholdBytes || entries > opts.asyncCopyThresholdEntries;
	if (!isAsync) {
		run();
		return { status: 201, body: { status: 'completed' } };
	}
	const migration = state.migrations.start({
		operation,
		path: state.tree.pathOf(node),
		dest_path: destination,
		files_total: entries,
		ownerUserId: auth.user ? auth.user.id : null,
		run,
	});
	return { status: 201, body: { status: 'pending', file_migration_id: migration.id } };
}

function pruneFiles(tree, dir) {
	for (const child of Array.from(dir.children.values())) {
		if (child.type === 'file') {
			dir.children.delete(child.key);
			tree.blobs.release(child.blob);
		} else {
			pruneFiles(tree, child);
		}
	}
}

function copy(ctx) {
	return transfer(ctx, 'copy');
}

function move(ctx) {
	return transfer(ctx, 'move');
}

/** Asynchronous copy/move jobs. Status goes pending -> processing -> completed (or failed). */
class Migrations {
	constructor(state) {
		this.state = state;
		this.items = new Map();
		this.nextId = 1;
		this.timers = new Set();
	}

	reset() {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.items.clear();
	}

	later(ms, fn) {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		t.unref?.();
		this.timers.add(t);
	}

	start({ operation, path, dest_path, files_total, ownerUserId, run }) {
		const migration = {
			id: this.nextId++,
			path,
			dest_path,
			failure_message: null,
			files_moved: 0,
			files_total,
			operation,
			region: 'us-east-1',
			status: 'pending',
			log_url: null,
			ownerUserId,
		};
		this.items.set(migration.id, migration);
		const step = this.state.options.migrationStepMs;
		this.later(step, () => {
			migration.status = 'processing';
			this.later(step, () => {
				try {
					run();
					migration.files_moved = files_total;
					migration.status = 'completed';
				} catch (err) {
					migration.status = 'failed';
					migration.failure_message = err.message;
				}
			});
		});
		return migration;
	}

	/** Adds a migration record directly (used to replay recorded traffic). */
	seed(record) {
		const migration = {
			failure_message: null,
			files_moved: 0,
			files_total: 0,
			region: 'us-east-1',
			log_url: null,
			ownerUserId: null,
			...record,
		};
		this.items.set(migration.id, migration);
		this.nextId = Math.max(this.nextId, migration.id + 1);
		return migration;
	}

	entity(m) {
		const entity = { id: m.id, path: m.path, dest_path: m.dest_path };
		// `failure_message` ("Reason for the failure, if applicable") only when there is one.
		if (m.failure_message) entity.failure_message = m.failure_message;
		return {
			...entity,
			files_moved: m.files_moved,
			files_total: m.files_total,
			operation: m.operation,
			region: m.region,
			status: m.status,
			log_url: m.log_url,
		};
	}
}

function showMigration(ctx) {
	const id = toInteger(ctx.routeParams.id);
	const m = Number.isInteger(id) ? ctx.state.migrations.items.get(id) : undefined;
	if (!m) throw errors.notFound();
	if (!ctx.auth.fileAdmin && m.ownerUserId !== (ctx.auth.user ? ctx.auth.user.id : null))
		throw errors.notFound();
	return { status: 200, body: ctx.state.migrations.entity(m) };
}

module.exports = {
	metadata,
	download,
	update,
	remove,
	post,
	copy,
	move,
	showMigration,
	Migrations,
};
