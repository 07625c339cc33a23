'use strict';
/**
 * Error documents exactly as Files.com sends them:
 *   {"error": "...", "http-code": 404, "instance": "<request id>", "title": "Not Found", "type": "not-found"}
 * plus `model_errors`, `model_error_keys`, `errors` and `data` where the real API has them, and the
 * `X-Files-Error-Class: <type>` response header. Titles and HTTP codes come from the official error
 * catalogue (test/contracts/filescom/error-catalog.json), with one documented exception: recordings of
 * the real service show HTTP 400 (not the catalogue's 422) for `bad-request/*` types, so that is the
 * default here (option `badRequestStatus`).
 */
const path = require('node:path');
const crypto = require('node:crypto');

const CATALOG_PATH = path.resolve(
	__dirname,
	'..',
	'..',
	'contracts',
	'filescom',
	'error-catalog.json',
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const catalog = require(CATALOG_PATH);

const byType = new Map(catalog.errors.map((e) => [e.type, e]));

/** Messages the real service sends (observed in recordings or published docs). */
const MESSAGES = {
	invalidCredentials:
		'The API key or Session token provided could not be used to validate this request.',
	pathNotFound: 'Not Found.  This may be related to your permissions.',
	notFound: 'Not Found',
	destinationExists: 'The destination exists.',
	destinationParentMissing: 'The destination parent does not exist.',
	cannotDownloadDirectory: 'cannot download folder',
};

class FilesApiError extends Error {
	/**
	 * @param {string} type catalogue type, e.g. "not-found" or "processing-failure/destination-exists"
	 * @param {string} message the `error` text
	 * @param {{status?: number, errors?: unknown[], data?: object, model_errors?: object, model_error_keys?: object, headers?: object}} [extra]
	 */
	constructor(type, message, extra = {}) {
		super(message);
		const entry = byType.get(type);
		if (!entry) throw new Error(`Files.com emulator: error type "${type}" is not in the catalogue`);
		this.type = type;
		this.title = entry.title;
		this.catalogStatus = entry.http_code;
		this.explicitStatus = extra.status;
		this.extra = extra;
	}

	status(options = {}) {
		if (this.explicitStatus) return this.explicitStatus;
		if (this.type === 'bad-request' || this.type.startsWith('bad-request/')) {
			return options.badRequestStatus || 400;
		}
		return this.catalogStatus;
	}

	document(instance, options = {}) {
		const status = this.status(options);
		const doc = { error: this.message, 'http-code': status, instance };
		if (this.extra.model_errors) doc.model_errors = this.extra.model_errors;
		if (this.extra.model_error_keys) doc.model_error_keys = this.extra.model_error_keys;
		if (this.extra.errors) doc.errors = this.extra.errors;
		if (this.extra.data) doc.data = this.extra.data;
		doc.title = this.title;
		doc.type = this.type;
		return doc;
	}
}

function apiError(type, message, extra) {
	return new FilesApiError(type, message, extra);
}

function newInstanceId() {
	return crypto.randomBytes(16).toString('hex');
}

const errors = {
	/** `style` 'with-code': the text as Boomi's guide quotes it (emulator.js, invalidKeyMessage). */
	invalidCredentials: (style) =>
		apiError(
			'not-authenticated/invalid-credentials',
			style === 'with-code'
				? `${MESSAGES.invalidCredentials} Internal Error Code: API1`
				: MESSAGES.invalidCredentials,
		),
	keyDisabled: () =>
		apiError(
			'not-authorized/api-key-is-disabled',
			'This API key has been disabled. Please contact your site administrator.',
		),
	pathNotFound: () => apiError('not-found', MESSAGES.pathNotFound),
	notFound: () => apiError('not-found', MESSAGES.notFound),
	destinationExists: () =>
		apiError('processing-failure/destination-exists', MESSAGES.destinationExists),
	destinationParentMissing: () =>
		apiError(
			'processing-failure/destination-parent-does-not-exist',
			MESSAGES.destinationParentMissing,
		),
	folderNotEmpty: (name) =>
		apiError('processing-failure/folder-not-empty', `Folder ${name} not empty`),
	cannotDownloadDirectory: () =>
		apiError('bad-request/cannot-download-directory', MESSAGES.cannotDownloadDirectory),
	requiredParam: (name) => apiError('bad-request/request-params-required', `${name} is required`),
	invalidParam: (message) => apiError('bad-request/request-params-invalid', message),
	datetimeParse: (name) =>
		apiError('bad-request/datetime-parse', `${name} must contain valid date and time`),
	siteAdminRequired: () =>
		apiError(
			'not-authorized/site-admin-required',
			'You must be a site administrator to perform this action.',
		),
	writePermissionRequired: () =>
		apiError(
			'not-authorized/write-permission-required',
			'You do not have write permission on this folder.',
		),
	fullPermissionRequired: () =>
		apiError(
			'not-authorized/full-permission-required',
			'This API key does not have full permission.',
		),
};

module.exports = {
	FilesApiError,
	apiError,
	errors,
	catalog,
	byType,
	MESSAGES,
	newInstanceId,
	CATALOG_PATH,
};
