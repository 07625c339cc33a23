'use strict';
/**
 * Folder behaviors (`/behaviors`), as the spec has them (test/contracts/filescom/swagger_doc.json, paths
 * "/behaviors", "/behaviors/folders/{path}", "/behaviors/{id}", "/behaviors/webhook/test"; definition
 * BehaviorEntity). Sources and what none of them shows: WEBHOOKS.md beside this file.
 *
 * - POST /behaviors: `path` and `behavior` required; `value` a hash, "sent as nested JSON or a single
 *   JSON-encoded string" (BehaviorEntity.value) -> 201 BehaviorEntity.
 * - GET /behaviors (cursor paging, filter[behavior]), GET /behaviors/folders/{path} (`ancestor_behaviors`)
 *   -> 200 arrays; GET|PATCH /behaviors/{id} -> 200; DELETE -> 204, no body (spec; the Terraform
 *   provider's recorded traffic). PATCH takes neither `path` nor `behavior` (spec).
 * - POST /behaviors/webhook/test: `url` required; answers 200 with the spec's StatusEntity (option
 *   webhookTestAnswer 'status-entity'), or with no body as Files.com's own mock server does
 *   (app/behavior_api.rb; 'empty'). The Go and JS SDKs read nothing back.
 * - A webhook's URLs follow Files.com's documented rules (public addresses only, ports 80, 443, 8080,
 *   8443; webhooks.js) unless the emulator's `allowLocalWebhooks` is on. What the API answers for a URL
 *   against the rules is documented nowhere: option `refusedWebhookUrl` 'model-save-error' (422, the
 *   model-save-error document Files.com sends for other refused saves: recordings TestBundles_Create)
 *   or 'accepted' (saved; every delivery to it fails, as the web interface's "save anyway" leaves it).
 */
const { apiError, errors } = require('./errors');
const { paginateById } = require('./paging');
const paths = require('./paths');
const { toBoolean, toInteger } = require('./request');
const { refusedUrlReason } = require('./webhooks');

// BehaviorEntity.behavior's enum in the spec.
const BEHAVIOR_TYPES = [
	'webhook',
	'file_expiration',
	'auto_encrypt',
	'lock_subfolders',
	'storage_region',
	'serve_publicly',
	'create_user_folders',
	'remote_server_sync',
	'inbox',
	'limit_file_extensions',
	'limit_file_regex',
	'amazon_sns',
	'watermark',
	'remote_server_mount',
	'slack_webhook',
	'auto_decrypt',
	'override_upload_filename',
	'permission_fence',
	'limit_filename_length',
	'organize_files_into_subfolders',
	'teams_webhook',
	'google_pub_sub',
	'archive_overwritten_or_deleted_files',
];
const REFUSED_URL_BEHAVIOURS = ['model-save-error', 'accepted'];
const WEBHOOK_TEST_ANSWERS = ['status-entity', 'empty'];

function modelSaveError(field, message) {
	return apiError('processing-failure/model-save-error', message, {
		model_errors: { [field]: [message] },
		model_error_keys: { [field]: ['invalid'] },
		errors: [message],
	});
}

function parseValue(raw) {
	if (raw === undefined || raw === null || raw === '') return {};
	if (typeof raw === 'object') return raw;
	try {
		const value = JSON.parse(String(raw));
		if (value && typeof value === 'object' && !Array.isArray(value)) return value;
	} catch {
		// answered below
	}
	throw errors.invalidParam('value must be a hash (nested JSON or a JSON-encoded string)');
}

function checkWebhookValue(state, value) {
	const urls = value.urls;
	if (urls !== undefined && !Array.isArray(urls))
		throw errors.invalidParam('value[urls] must be an array');
	if (state.options.allowLocalWebhooks || state.options.refusedWebhookUrl === 'accepted') return;
	for (const url of urls || []) {
		const reason = refusedUrlReason(String(url));
		if (reason) throw modelSaveError('value', `Webhook URL ${url} is not allowed: ${reason}`);
	}
}

function entity(b) {
	return {
		id: b.id,
		path: b.path,
		attachment_url: null,
		behavior: b.behavior,
		name: b.name,
		description: b.description,
		value: b.value,
		disable_parent_folder_behavior: b.disable_parent_folder_behavior,
		recursive: b.recursive,
	};
}

class Behaviors {
	constructor(state) {
		this.state = state;
		this.items = new Map();
		this.nextId = 1;
	}

	/** Webhook behaviors, for deliveries (webhooks.js). */
	webhooks() {
		return [...this.items.values()].filter((b) => b.behavior === 'webhook');
	}

	find(ctx) {
		const id = toInteger(ctx.routeParams.id);
		const b = Number.isInteger(id) ? this.items.get(id) : undefined;
		if (!b) throw errors.notFound();
		return b;
	}

	create(ctx) {
		const { params, state } = ctx;
		if (params.path === undefined || params.path === null) throw errors.requiredParam('path');
		if (!params.behavior) throw errors.requiredParam('behavior');
		const behavior = String(params.behavior);
		if (!BEHAVIOR_TYPES.includes(behavior))
			throw errors.invalidParam(`behavior must be one of ${BEHAVIOR_TYPES.join(', ')}`);
		const path = paths.normalize(String(params.path));
		if (state.accounts.access(ctx.auth, path) !== 'full') throw errors.writePermissionRequired();
		const target = path === '' ? state.tree.root : state.tree.lookup(path);
		if (!target || target.type !== 'directory') throw errors.pathNotFound();
		const value = parseValue(params.value);
		if (behavior === 'webhook') checkWebhookValue(state, value);
		const b = {
			id: this.nextId++,
			path,
			behavior,
			name: params.name === undefined ? null : String(params.name),
			description: params.description === undefined ? null : String(params.description),
			value,
			disable_parent_folder_behavior: toBoolean(params.disable_parent_folder_behavior),
			// The default when `recursive` is left out is documented nowhere (option behaviorRecursiveDefault).
			recursive:
				params.recursive === undefined
					? state.options.behaviorRecursiveDefault
					: toBoolean(params.recursive),
		};
		this.items.set(b.id, b);
		return { status: 201, body: entity(b) };
	}

	list(ctx) {
		let items = [...this.items.values()];
		const filter = ctx.params.filter;
		if (filter && typeof filter === 'object' && filter.behavior)
			items = items.filter((b) => b.behavior === String(filter.behavior));
		const { page, headers } = paginateById(items, ctx.params);
		return { status: 200, body: page.map(entity), headers };
	}

	listForPath(ctx) {
		const path = ctx.pathParam || '';
		const ancestors = toBoolean(ctx.params.ancestor_behaviors);
		const key = paths.comparisonKey(path);
		const items = [...this.items.values()].filter((b) => {
			const own = paths.comparisonKey(b.path);
			if (own === key) return true;
			return ancestors && (own === '' || key.startsWith(`${own}/`));
		});
		const { page, headers } = paginateById(items, ctx.params);
		return { status: 200, body: page.map(entity), headers };
	}

	show(ctx) {
		return { status: 200, body: entity(this.find(ctx)) };
	}

	update(ctx) {
		const b = this.find(ctx);
		const { params } = ctx;
		if (params.value !== undefined) {
			const value = parseValue(params.value);
			if (b.behavior === 'webhook') checkWebhookValue(ctx.state, value);
			b.value = value;
		}
		if (params.name !== undefined) b.name = String(params.name);
		if (params.description !== undefined) b.description = String(params.description);
		if (params.recursive !== undefined) b.recursive = toBoolean(params.recursive);
		if (params.disable_parent_folder_behavior !== undefined)
			b.disable_parent_folder_behavior = toBoolean(params.disable_parent_folder_behavior);
		return { status: 200, body: entity(b) };
	}

	remove(ctx) {
		this.items.delete(this.find(ctx).id);
		return { status: 204 };
	}

	async test(ctx) {
		const { params, state } = ctx;
		if (!params.url) throw errors.requiredParam('url');
		await state.webhooks.sendTest(params);
		if (state.options.webhookTestAnswer === 'empty') return { status: 200 };
		return { status: 200, body: { code: 200, message: '', status: '', data: {}, errors: [] } };
	}
}

module.exports = { Behaviors, BEHAVIOR_TYPES, REFUSED_URL_BEHAVIOURS, WEBHOOK_TEST_ANSWERS };
