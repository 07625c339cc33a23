'use strict';
/**
 * Users, API keys and authentication.
 *
 * - Requests authenticate with `X-FilesAPI-Key`. A missing, unknown, deleted (revoked) or expired key
 *   gets 401 `not-authenticated/invalid-credentials` with the text Boomi's connection guide shows.
 *   The reference material says nothing specific about expired keys; an expired key simply no longer
 *   validates the request, so it gets the same document (the catalogue has no closer type).
 * - A key whose `permission_set` is `none` is disabled (Files.com: "You can temporarily disable a user
 *   API key by updating its permission set to none"): 403 `not-authorized/api-key-is-disabled`.
 * - Site-wide keys (no user) and keys of site admins reach everything; a non-admin user's key reaches
 *   only the folders that user has permissions on (plus read-only views of their parent folders),
 *   and any other path answers 404 `not-found`, exactly like a missing path.
 */
const crypto = require('node:crypto');
const paths = require('./paths');
const { errors } = require('./errors');
const { isoSeconds } = require('./storage');

const PERMISSION_SETS = [
	'none',
	'full',
	'desktop_app',
	'sync_app',
	'office_integration',
	'mobile_app',
	'files_only',
];

function newKeyValue() {
	// Real keys are alphanumeric (the Python SDK rejects anything else); 64 hex characters.
	return crypto.randomBytes(32).toString('hex');
}

function isoWithOffset(ms) {
	return isoSeconds(ms);
}

class Accounts {
	/**
	 * @param {{site: {id: number, name: string, url: string}, clock: () => number, invalidKeyMessage?: string}} options
	 */
	constructor({ site, clock, invalidKeyMessage }) {
		this.site = site;
		this.clock = clock;
		this.invalidKeyMessage = invalidKeyMessage;
		this.users = new Map();
		this.keys = new Map();
		this.keysByValue = new Map();
		this.nextUserId = 1;
		this.nextKeyId = 1;
	}

	addUser(spec) {
		const id = spec.id ?? this.nextUserId;
		this.nextUserId = Math.max(this.nextUserId, id + 1);
		const now = this.clock();
		const user = {
			id,
			username: spec.username,
			name: spec.name ?? null,
			email: spec.email ?? null,
			company: spec.company ?? null,
			site_admin: Boolean(spec.site_admin),
			created_at: now,
			// Folders this user may reach (normalized paths); admins reach everything.
			permissions: (spec.permissions || []).map((p) => paths.normalize(p)),
			user_root: spec.user_root ?? '',
		};
		this.users.set(id, user);
		return user;
	}

	/** Creates a key; returns the stored record (which holds the secret value). */
	addKey(spec) {
		const id = spec.id ?? this.nextKeyId;
		this.nextKeyId = Math.max(this.nextKeyId, id + 1);
		const value = spec.value || newKeyValue();
		if (this.keysByValue.has(value)) throw new Error('duplicate API key value');
		const key = {
			id,
			value,
			name: spec.name,
			description: spec.description ?? null,
			user_id: spec.user_id ?? null,
			permission_set: spec.permission_set || 'full',
			expires_at: spec.expires_at ?? null,
			created_at: this.clock(),
			last_use_at: null,
			platform: spec.platform ?? null,
			path: spec.path ?? null,
			workspace_id: spec.workspace_id ?? 0,
		};
		this.keys.set(id, key);
		this.keysByValue.set(value, key);
		return key;
	}

	deleteKey(key) {
		this.keys.delete(key.id);
		this.keysByValue.delete(key.value);
	}

	/** @returns {{key: object, user: object|null, admin: boolean}} or throws an error document */
	authenticate(headers) {
		const raw = headers['x-filesapi-key'];
		const value = Array.isArray(raw) ? raw[0] : raw;
		if (!value) throw errors.invalidCredentials(this.invalidKeyMessage);
		const key = this.keysByValue.get(String(value).trim());
		if (!key) throw errors.invalidCredentials(this.invalidKeyMessage);
		if (key.expires_at !== null && key.expires_at <= this.clock())
			throw errors.invalidCredentials(this.invalidKeyMessage);
		if (key.permission_set === 'none') throw errors.keyDisabled();
		const user = key.user_id === null ? null : this.users.get(key.user_id) || null;
		if (key.user_id !== null && !user) throw errors.invalidCredentials(this.invalidKeyMessage);
		key.last_use_at = this.clock();
		const admin = key.permission_set !== 'files_only' && (user === null || user.site_admin);
		return { key, user, admin, fileAdmin: user === null || user.site_admin };
	}

	/**
	 * How a caller may reach a path: 'full' (inside a permitted folder, or everything for admins),
	 * 'ancestor' (a parent folder of a permitted folder: it can be listed/stat'ed, showing only the
	 * way to the permitted folders) or 'none' (invisible: 404).
	 */
	access(auth, normalized) {
		if (auth.fileAdmin) return 'full';
		const perms = auth.user ? auth.user.permissions : [];
		for (const p of perms) if (paths.isWithin(normalized, p)) return 'full';
		for (const p of perms) if (paths.isWithin(p, normalized)) return 'ancestor';
		return 'none';
	}

	descriptiveLabel(key) {
		if (key.user_id === null) return `Site-wide API key for ${this.site.url}/ (key ID #${key.id})`;
		const user = this.users.get(key.user_id);
		return `User key for ${user ? user.username : `user #${key.user_id}`} (key ID #${key.id})`;
	}

	/** The ApiKey object; `key` (the secret) only when asked for, i.e. in the creation response. */
	keyEntity(key, { withValue = false } = {}) {
		const entity = {
			id: key.id,
			descriptive_label: this.descriptiveLabel(key),
			description: key.description,
			created_at: isoWithOffset(key.created_at),
			expires_at: key.expires_at === null ? null : isoWithOffset(key.expires_at),
		};
		if (withValue) entity.key = key.value;
		Object.assign(entity, {
			aws_style_credentials: false,
			aws_access_key_id: null,
			last_use_at: key.last_use_at === null ? null : isoWithOffset(key.last_use_at),
			name: key.name,
			permission_set: key.permission_set,
			platform: key.platform,
			site_id: this.site.id,
			site_name: this.site.name,
			url: this.site.url,
			user_id: key.user_id,
			workspace_id: key.workspace_id,
		});
		if (key.path) entity.path = key.path;
		return entity;
	}

	/** The User object (field order and defaults as observed in 2025 recordings). */
	userEntity(user) {
		const keyCount = Array.from(this.keys.values()).filter((k) => k.user_id === user.id).length;
		const created = isoWithOffset(user.created_at);
		const entity = {
			id: user.id,
			username: user.username,
			admin_group_ids: [],
			allowed_ips: null,
			attachments_permission: user.site_admin,
			api_keys_count: keyCount,
			authenticate_until: null,
			authentication_method: 'password',
			avatar_url: null,
			billable: true,
			billing_permission: false,
			bypass_site_allowed_ips: false,
			bypass_inactive_disable: false,
			created_at: created,
			dav_permission: true,
			disabled: false,
			disabled_expired_or_inactive: false,
			email: user.email,
			first_login_at: null,
			ftp_permission: true,
			group_ids: '',
			header_text: null,
			language: '',
			last_login_at: null,
			last_web_login_at: null,
			last_ftp_login_at: null,
			last_sftp_login_at: null,
			last_dav_login_at: null,
			last_desktop_login_at: null,
			last_restapi_login_at: null,
			last_api_use_at: null,
			last_active_at: created,
			last_protocol_cipher: null,
			lockout_expires: null,
			name: user.name,
			company: user.company,
			notes: null,
			notification_daily_send_time: null,
			office_integration_enabled: true,
			password_set_at: created,
			password_validity_days: 0,
			public_keys_count: 0,
		};
		if (user.site_admin) entity.receive_admin_alerts = true;
		Object.assign(entity, {
			require_2fa: 'use_system_setting',
			require_login_by: null,
			active_2fa: false,
			require_password_change: false,
			password_expired: false,
			readonly_site_admin: false,
			restapi_permission: true,
			self_managed: true,
			sftp_permission: true,
			site_admin: user.site_admin,
			site_id: this.site.id,
			skip_welcome_screen: false,
			ssl_required: 'use_system_setting',
			sso_strategy_id: null,
		});
		if (user.site_admin) entity.subscribe_to_newsletter = false;
		Object.assign(entity, {
			externally_managed: false,
			time_zone: 'Eastern Time (US & Canada)',
			type_of_2fa: null,
			type_of_2fa_for_display: null,
			user_root: user.user_root,
			user_home: '',
			days_remaining_until_password_expire: null,
			password_expire_at: null,
		});
		return entity;
	}
}

module.exports = { Accounts, PERMISSION_SETS, newKeyValue };
