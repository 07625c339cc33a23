'use strict';
/**
 * The emulated file system: an in-memory tree of folders and files whose bodies live as blob files
 * in a data directory on disk. Blobs are immutable and reference-counted, so a copy shares its
 * source's blob (as an object store would) and nothing is ever held in memory whole.
 *
 * Entries created by `seedFolder()` are "virtual": zero-byte files without a blob, so a folder of
 * 100,000 entries costs memory for the tree nodes only.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const paths = require('./paths');

const isoCache = new Map();

/** ISO 8601 with whole seconds, as the API writes times ("2025-05-23T17:31:16Z"). */
function isoSeconds(ms) {
	const seconds = Math.floor(ms / 1000);
	let text = isoCache.get(seconds);
	if (text === undefined) {
		text = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
		if (isoCache.size > 10000) isoCache.clear();
		isoCache.set(seconds, text);
	}
	return text;
}

// `.txt` text/plain, `.zip`, `.pdf`, `.jpg`, `.mp4` as recorded; `.text` and `.go` are application/octet-stream and
// `.gz` application/x-gzip in every recording that has them (mime_type of 99, 109 and 1 recorded File objects).
const MIME_TYPES = {
	txt: 'text/plain',
	md: 'text/markdown',
	csv: 'text/csv',
	json: 'application/json',
	xml: 'application/xml',
	html: 'text/html',
	htm: 'text/html',
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	zip: 'application/zip',
	gz: 'application/x-gzip',
	js: 'application/javascript',
	mp4: 'video/mp4',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function mimeTypeFor(name) {
	const dot = name.lastIndexOf('.');
	if (dot < 0) return 'application/octet-stream';
	return MIME_TYPES[name.slice(dot + 1).toLowerCase()] || 'application/octet-stream';
}

class BlobStore {
	constructor(dir) {
		this.dir = dir;
		fs.mkdirSync(dir, { recursive: true });
		this.blobs = new Map();
	}

	/** Path for a new blob (the caller writes it, then calls register()). */
	newPath() {
		return path.join(this.dir, crypto.randomBytes(12).toString('hex'));
	}

	/** Registers a written blob file with its size and checksums; returns the blob. */
	register(file, { size, md5, crc32, sha1, sha256 }) {
		const blob = { id: path.basename(file), file, size, md5, crc32, sha1, sha256, refs: 0 };
		this.blobs.set(blob.id, blob);
		return blob;
	}

	retain(blob) {
		if (blob) blob.refs += 1;
		return blob;
	}

	release(blob) {
		if (!blob) return;
		blob.refs -= 1;
		if (blob.refs <= 0) {
			this.blobs.delete(blob.id);
			fs.rm(blob.file, { force: true }, () => {});
		}
	}
}

let nextNodeId = 1;

function makeNode(type, name, now, actor = {}) {
	const node = {
		id: nextNodeId++,
		type,
		name,
		key: paths.segmentKey(name),
		parent: null,
		created_at: now,
		mtime: now,
		provided_mtime: null,
		custom_metadata: {},
		priority_color: null,
		created_by_id: actor.userId ?? null,
		created_by_api_key_id: actor.apiKeyId ?? null,
		last_modified_by_id: actor.userId ?? null,
		last_modified_by_api_key_id: actor.apiKeyId ?? null,
	};
	if (type === 'directory') {
		node.children = new Map();
		node.version = 0;
		node.sortCache = new Map();
	} else {
		node.size = 0;
		node.blob = null;
		node.checksumsVisible = true;
		node.mime_type = mimeTypeFor(name);
	}
	return node;
}

class Tree {
	/**
	 * @param {string} dataDir directory for blobs
	 * @param {{clock?: () => number}} [options]
	 */
	constructor(dataDir, options = {}) {
		this.blobs = new BlobStore(path.join(dataDir, 'blobs'));
		this.clock = options.clock || (() => Date.now());
		this.root = makeNode('directory', '', this.clock());
	}

	now() {
		return this.clock();
	}

	/** Finds the node for a normalized path, or null. */
	lookup(normalized) {
		let node = this.root;
		for (const segment of paths.segments(normalized)) {
			if (node.type !== 'directory') return null;
			node = node.children.get(paths.segmentKey(segment));
			if (!node) return null;
		}
		return node;
	}

	pathOf(node) {
		const names = [];
		for (let n = node; n && n.parent; n = n.parent) names.push(n.name);
		return names.reverse().join('/');
	}

	touch(dir, now) {
		dir.version += 1;
		dir.sortCache.clear();
		if (now !== undefined) dir.mtime = now;
	}

	attach(parent, node) {
		node.parent = parent;
		parent.children.set(node.key, node);
		this.touch(parent, this.now());
	}

	detach(node) {
		const parent = node.parent;
		if (!parent) return;
		parent.children.delete(node.key);
		node.parent = null;
		this.touch(parent, this.now());
	}

	/**
	 * Makes sure every folder of `normalized` exists, creating missing ones.
	 * @returns {{node: object, created: object[]}} the folder and the folders created
	 */
	mkdirp(normalized, actor) {
		let node = this.root;
		const created = [];
		for (const segment of paths.segments(normalized)) {
			let child = node.children.get(paths.segmentKey(segment));
			if (!child) {
				child = makeNode('directory', segment, this.now(), actor);
				this.attach(node, child);
				created.push(child);
			} else if (child.type !== 'directory') {
				return { node: null, blockedBy: child, created };
			}
			node = child;
		}
		return { node, created };
	}

	/** Creates one folder inside an existing parent folder. */
	createFolder(parent, name, actor) {
		const node = makeNode('directory', name, this.now(), actor);
		this.attach(parent, node);
		return node;
	}

	/** Creates or replaces a file in `parent` with the given blob (already retained for it). */
	putFile(parent, name, blob, actor, extra = {}) {
		const key = paths.segmentKey(name);
		const existing = parent.children.get(key);
		const now = this.now();
		let node;
		if (existing && existing.type === 'file') {
			node = existing;
			this.blobs.release(node.blob);
			node.last_modified_by_id = actor.userId ?? null;
			node.last_modified_by_api_key_id = actor.apiKeyId ?? null;
			node.mtime = now;
			this.touch(parent, now);
		} else {
			node = makeNode('file', name, now, actor);
			this.attach(parent, node);
		}
		node.blob = blob;
		node.size = blob ? blob.size : extra.size || 0;
		node.provided_mtime = extra.provided_mtime ?? null;
		node.checksumsVisible = extra.checksumsVisible !== false;
		return { node, replaced: Boolean(existing) };
	}

	/** Creates or replaces a virtual file: `size` bytes of filler content, no blob on disk. */
	putVirtualFile(parent, name, size, actor = {}) {
		const result = this.putFile(parent, name, null, actor, { size });
		result.node.size = size;
		return result;
	}

	/** Adds `count` virtual zero-byte files (no blob) to a folder; fast enough for 100,000 entries. */
	addVirtualFiles(
		parent,
		count,
		{ prefix = 'file-', extension = '.txt', start = 1, actor = {} } = {},
	) {
		const width = String(start + count - 1).length;
		const now = this.now();
		for (let i = 0; i < count; i++) {
			const name = `${prefix}${String(start + i).padStart(Math.max(6, width), '0')}${extension}`;
			const node = makeNode('file', name, now, actor);
			node.parent = parent;
			parent.children.set(node.key, node);
		}
		this.touch(parent, now);
	}

	/** Removes a node and its subtree, releasing blobs. */
	remove(node) {
		this.detach(node);
		this.releaseSubtree(node);
	}

	releaseSubtree(node) {
		const stack = [node];
		while (stack.length) {
			const n = stack.pop();
			if (n.type === 'file') this.blobs.release(n.blob);
			else for (const child of n.children.values()) stack.push(child);
		}
	}

	/** Counts entries and bytes below (and including) a node. */
	measure(node) {
		let entries = 0;
		let bytes = 0;
		const stack = [node];
		while (stack.length) {
			const n = stack.pop();
			entries += 1;
			if (n.type === 'file') bytes += n.size;
			else for (const child of n.children.values()) stack.push(child);
		}
		return { entries, bytes };
	}

	/** Deep copy of a node (blobs shared), not attached anywhere. */
	cloneSubtree(node, name, actor) {
		const now = this.now();
		const copy = makeNode(node.type, name, now, actor);
		copy.custom_metadata = { ...node.custom_metadata };
		copy.provided_mtime = node.provided_mtime;
		if (node.type === 'file') {
			copy.blob = this.blobs.retain(node.blob);
			copy.size = node.size;
			copy.mime_type = node.mime_type;
			copy.checksumsVisible = true;
		} else {
			for (const child of node.children.values()) {
				const c = this.cloneSubtree(child, child.name, actor);
				c.parent = copy;
				copy.children.set(c.key, c);
			}
		}
		return copy;
	}

	/** Sorted children of a folder, cached until the folder changes. */
	sortedChildren(dir, sortSpec, compare) {
		const cacheKey = `${sortSpec.field}:${sortSpec.direction}`;
		let sorted = dir.sortCache.get(cacheKey);
		if (!sorted) {
			sorted = Array.from(dir.children.values());
			sorted.sort(compare);
			dir.sortCache.set(cacheKey, sorted);
		}
		return sorted;
	}
}

/** The File/Folder object as the real API returns it (field order as observed in 2025 recordings). */
function fileEntity(tree, node, { parentPath, downloadUri, withPriorityColor } = {}) {
	const p =
		parentPath === undefined
			? tree.pathOf(node)
			: parentPath === ''
				? node.name
				: `${parentPath}/${node.name}`;
	const isFile = node.type === 'file';
	const blob = isFile ? node.blob : null;
	const visible = isFile && node.checksumsVisible;
	const entity = {
		path: p,
		created_by_id: node.created_by_id,
		created_by_api_key_id: node.created_by_api_key_id,
		created_by_as2_incoming_message_id: null,
		created_by_automation_id: null,
		created_by_bundle_registration_id: null,
		created_by_inbox_id: null,
		created_by_remote_server_id: null,
		created_by_remote_server_sync_id: null,
		custom_metadata: { ...node.custom_metadata },
		display_name: node.name,
		type: node.type,
		size: isFile ? node.size : null,
		created_at: isoSeconds(node.created_at),
		last_modified_by_id: node.last_modified_by_id,
		last_modified_by_api_key_id: node.last_modified_by_api_key_id,
		last_modified_by_automation_id: null,
		last_modified_by_bundle_registration_id: null,
		last_modified_by_remote_server_id: null,
		last_modified_by_remote_server_sync_id: null,
		mtime: isoSeconds(node.mtime),
		provided_mtime: node.provided_mtime ? isoSeconds(node.provided_mtime) : null,
		crc32: null,
		md5: null,
		sha1: null,
		sha256: null,
	};
	if (visible && (blob || node.size === 0)) {
		entity.crc32 = blob ? blob.crc32 : '00000000';
		entity.md5 = blob ? blob.md5 : 'd41d8cd98f00b204e9800998ecf8427e';
		entity.sha1 = blob ? blob.sha1 : 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
		entity.sha256 = blob
			? blob.sha256
			: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
	}
	if (isFile) {
		entity.mime_type = node.mime_type;
		entity.region = 'us-east-1';
		entity.permissions = 'lrwd';
	} else {
		entity.permissions = 'lrwd';
		entity['subfolders_locked?'] = false;
		entity.is_locked = false;
	}
	if (withPriorityColor) entity.priority_color = node.priority_color;
	if (downloadUri !== undefined) entity.download_uri = downloadUri;
	return entity;
}

module.exports = { Tree, BlobStore, fileEntity, isoSeconds, mimeTypeFor };
