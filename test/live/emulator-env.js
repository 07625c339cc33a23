'use strict';
/**
 * The live suite's variables pointed at the local emulators (their connection details, as the emulators'
 * objects and CLIs give them): `npm test` runs the live scenarios with these. The emulators' repositories
 * carry the template "General" with the text field "Department", so the fields step writes and reads back
 * (`withTemplate: false` leaves the template out: the fields step then reads the new document's field list).
 */
function emulatorEnv({ filescom, laserfiche, selfHostedApiVersion = 'v1', withTemplate = true }) {
	const env = {};
	if (filescom)
		Object.assign(env, { FILESCOM_API_KEY: filescom.apiKey, FILESCOM_SITE_URL: filescom.baseUrl });
	if (laserfiche) {
		const { cloud, selfHosted } = laserfiche;
		Object.assign(env, {
			LASERFICHE_CLOUD_SERVICE_PRINCIPAL_KEY: cloud.servicePrincipalKey,
			LASERFICHE_CLOUD_ACCESS_KEY: cloud.accessKey,
			LASERFICHE_CLOUD_REPOSITORY_ID: cloud.repositoryId,
			LASERFICHE_CLOUD_TOKEN_URL: cloud.tokenUrl,
			LASERFICHE_CLOUD_API_BASE_URL: cloud.apiBaseUrl,
			LASERFICHE_CLOUD_TEMPLATE: 'General',
			LASERFICHE_CLOUD_TEMPLATE_FIELD: 'Department',
			LASERFICHE_SELF_HOSTED_URL: selfHosted.baseUrl,
			LASERFICHE_SELF_HOSTED_REPOSITORY_ID: selfHosted.repositoryId,
			LASERFICHE_SELF_HOSTED_USERNAME: selfHosted.username,
			LASERFICHE_SELF_HOSTED_PASSWORD: selfHosted.password,
			LASERFICHE_SELF_HOSTED_API_VERSION: selfHostedApiVersion,
			LASERFICHE_SELF_HOSTED_TEMPLATE: 'General',
			LASERFICHE_SELF_HOSTED_TEMPLATE_FIELD: 'Department',
		});
		if (!withTemplate)
			for (const name of Object.keys(env)) if (/_TEMPLATE(_FIELD)?$/.test(name)) delete env[name];
	}
	return env;
}

module.exports = { emulatorEnv };
