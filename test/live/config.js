'use strict';
/**
 * The live suite's configuration, read from environment variables (`npm run test:live`) or from an object
 * of the same shape (the jest test builds one that points at the emulators). A deployment runs when its
 * required variables are set; setting only some of them is a mistake, reported as a problem.
 *
 * Each variable maps to one field of the credential (credentials/*.credentials.ts) or one node parameter.
 */

const DEPLOYMENTS = [
	{
		id: 'filescom',
		label: 'Files.com',
		required: { apiKey: 'FILESCOM_API_KEY' },
		optional: { siteUrl: 'FILESCOM_SITE_URL', rootFolder: 'FILESCOM_ROOT_FOLDER' },
		secrets: ['apiKey'],
		defaults: { siteUrl: 'https://app.files.com', rootFolder: '/' },
	},
	{
		id: 'laserficheCloud',
		label: 'Laserfiche Cloud',
		required: {
			servicePrincipalKey: 'LASERFICHE_CLOUD_SERVICE_PRINCIPAL_KEY',
			accessKey: 'LASERFICHE_CLOUD_ACCESS_KEY',
			repositoryId: 'LASERFICHE_CLOUD_REPOSITORY_ID',
		},
		optional: {
			scope: 'LASERFICHE_CLOUD_SCOPE',
			tokenUrl: 'LASERFICHE_CLOUD_TOKEN_URL',
			apiBaseUrl: 'LASERFICHE_CLOUD_API_BASE_URL',
			rootFolder: 'LASERFICHE_CLOUD_ROOT_FOLDER',
			template: 'LASERFICHE_CLOUD_TEMPLATE',
			field: 'LASERFICHE_CLOUD_TEMPLATE_FIELD',
		},
		secrets: ['servicePrincipalKey', 'accessKey'],
		defaults: { scope: 'repository.ReadWrite', rootFolder: '\\' },
	},
	{
		id: 'laserficheSelfHosted',
		label: 'Laserfiche self-hosted',
		required: {
			baseUrl: 'LASERFICHE_SELF_HOSTED_URL',
			repositoryId: 'LASERFICHE_SELF_HOSTED_REPOSITORY_ID',
			username: 'LASERFICHE_SELF_HOSTED_USERNAME',
			password: 'LASERFICHE_SELF_HOSTED_PASSWORD',
		},
		optional: {
			apiVersion: 'LASERFICHE_SELF_HOSTED_API_VERSION',
			ignoreSslIssues: 'LASERFICHE_SELF_HOSTED_IGNORE_SSL_ISSUES',
			rootFolder: 'LASERFICHE_SELF_HOSTED_ROOT_FOLDER',
			template: 'LASERFICHE_SELF_HOSTED_TEMPLATE',
			field: 'LASERFICHE_SELF_HOSTED_TEMPLATE_FIELD',
		},
		secrets: ['password'],
		defaults: { apiVersion: 'v1', ignoreSslIssues: 'false', rootFolder: '\\' },
	},
];

const valueOf = (env, name) =>
	typeof env[name] === 'string' && env[name].trim() !== '' ? env[name].trim() : undefined;

/** A base-64 Laserfiche access key carries a private key (the JWK's `d`): a secret of its own. */
function nestedSecrets(value) {
	try {
		const d = JSON.parse(Buffer.from(value, 'base64').toString('utf8'))?.jwk?.d;
		return typeof d === 'string' && d ? [d] : [];
	} catch {
		return [];
	}
}

/** A template needs a field to write, and a field needs its template. */
function templateProblem(deployment, settings) {
	if (
		!('template' in deployment.optional) ||
		Boolean(settings.template) === Boolean(settings.field)
	)
		return undefined;
	return `${deployment.label}: set both ${deployment.optional.template} and ${deployment.optional.field}, or neither`;
}

/**
 * { targets: [{ id, label, settings, secrets }], skipped: ['Files.com (set FILESCOM_API_KEY)', …], problems }.
 * `settings` holds every field with its default; `secrets` the values that must never be printed.
 */
function readLiveConfig(env = process.env) {
	const targets = [];
	const skipped = [];
	const problems = [];
	for (const deployment of DEPLOYMENTS) {
		const names = Object.values(deployment.required);
		const missing = names.filter((name) => valueOf(env, name) === undefined);
		if (missing.length === names.length) {
			skipped.push(`${deployment.label} (set ${names.join(', ')})`);
			continue;
		}
		if (missing.length > 0) {
			problems.push(
				`${deployment.label}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`,
			);
			continue;
		}
		const settings = { ...deployment.defaults };
		for (const [field, name] of Object.entries({
			...deployment.required,
			...deployment.optional,
		})) {
			const value = valueOf(env, name);
			if (value !== undefined) settings[field] = value;
		}
		if (settings.apiVersion !== undefined && !['v1', 'v2'].includes(settings.apiVersion)) {
			problems.push(`${deployment.label}: ${deployment.optional.apiVersion} must be v1 or v2`);
			continue;
		}
		const problem = templateProblem(deployment, settings);
		if (problem) {
			problems.push(problem);
			continue;
		}
		if ('ignoreSslIssues' in settings)
			settings.ignoreSslIssues = /^(1|true|yes)$/i.test(settings.ignoreSslIssues);
		// Only the Laserfiche Cloud endpoints are optional together: both, or the access key's domain.
		if (settings.tokenUrl || settings.apiBaseUrl) settings.customEndpoints = true;
		const secrets = deployment.secrets.map((field) => settings[field]).filter(Boolean);
		targets.push({
			id: deployment.id,
			label: deployment.label,
			settings,
			secrets: [...secrets, ...secrets.flatMap(nestedSecrets)],
		});
	}
	return { targets, skipped, problems };
}

/** The one line `npm run test:live` prints for the deployments it skips. */
function skipLine(skipped) {
	return `test:live: skipped ${skipped.join(', ')}`;
}

/** Replaces every secret (and its base-64 forms) in a text by [redacted]. */
function redact(text, secrets) {
	let result = String(text);
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		for (const form of [
			secret,
			Buffer.from(secret).toString('base64'),
			Buffer.from(secret).toString('base64url'),
		]) {
			result = result.split(form).join('[redacted]');
		}
	}
	return result;
}

module.exports = { DEPLOYMENTS, readLiveConfig, skipLine, redact };
