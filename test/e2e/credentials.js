'use strict';
// Credential tests through n8n's own REST endpoint, POST /rest/credentials/test: the call the editor's
// Test button makes. Good secrets: the saved credentials, sent back the way the editor does (secrets as
// n8n's redaction placeholders). Bad secrets: unsaved data (id ""), each with our own message.
const { assert, check } = require('./lib');

const SECRET_FIELDS = ['apiKey', 'servicePrincipalSecretKey', 'accessKeySecret', 'password'];

/** The bad case of each credential type: what to change, and the message our credential must give. */
function badCases(stack) {
	const good = (type) => stack.credentials[type].data;
	return [
		{
			type: 'filesComApi',
			label: 'an invalid API key',
			data: { ...good('filesComApi'), apiKey: 'not-a-valid-files-com-key-0000000000000000' },
			message: /does not accept this API key.*invalid or was revoked.*new API key/i,
		},
		{
			type: 'laserficheCloudApi',
			label: 'a wrong service principal key',
			data: {
				...good('laserficheCloudApi'),
				servicePrincipalSecretKey: 'wrong-service-principal-key',
			},
			message: /rejected the Service Principal Key/i,
		},
		{
			type: 'laserficheSelfHostedApi',
			label: 'a wrong password',
			data: { ...good('laserficheSelfHostedApi'), password: 'Wrong-Password-1' },
			message: /rejected the username or password/i,
		},
	];
}

async function credentialTests(stack, log) {
	const { rest } = stack;
	for (const cred of Object.values(stack.credentials)) {
		await check(`credential test, good: ${cred.type} ("${cred.name}")`, async () => {
			const result = await rest.testCredential({ id: cred.id, type: cred.type });
			log(`  n8n says: status=${result.status} message="${result.message}"`);
			assert.equal(result.status, 'OK', `expected OK, got ${JSON.stringify(result)}`);
			return `${result.status}: ${result.message}`;
		});
	}
	for (const bad of badCases(stack)) {
		await check(`credential test, bad: ${bad.type} with ${bad.label}`, async () => {
			const result = await rest.testCredential({
				id: '',
				name: `bad ${bad.type}`,
				type: bad.type,
				data: bad.data,
			});
			log(`  n8n says: status=${result.status} message="${result.message}"`);
			assert.equal(result.status, 'Error', `expected Error, got ${JSON.stringify(result)}`);
			assert.match(result.message, bad.message);
			for (const key of SECRET_FIELDS) {
				const secret = bad.data[key];
				if (typeof secret === 'string' && secret)
					assert.ok(!result.message.includes(secret), `the message must not contain ${key}`);
			}
			return `${result.status}: ${result.message}`;
		});
	}
}

module.exports = { credentialTests, badCases };
