'use strict';
// The workflows the queue-mode suite activates. Each starts with a production Webhook (production runs are
// what n8n puts on the queue), receives the file as the raw request body (stored by main in the shared
// binary-data store), and answers when the execution has finished on a worker:
//   - Files.com round trip: upload the file, download it again, answer with the downloaded file;
//   - Laserfiche round trip (Cloud, and self-hosted): import it as a document, export it, answer with it;
//   - Error routing: download a missing Files.com file and export a missing Laserfiche entry, both nodes
//     set to "Continue (using error output)"; the error documents go down the Error branches.
const { PACKAGE_NAME } = require('../n8n/config');

const FILES_COM = `${PACKAGE_NAME}.filesCom`;
const LASERFICHE = `${PACKAGE_NAME}.laserfiche`;

/** Files.com folder and Laserfiche folder (seeded, empty, in both repositories) the files go to. */
const FILESCOM_FOLDER = '/scale';
const LASERFICHE_FOLDER = '\\Archive';

let counter = 0;
function uuid(tag) {
	counter += 1;
	return `5ca1e000-0000-4000-8000-${String(tag).padStart(4, '0')}${String(counter).padStart(8, '0')}`;
}

function webhook(path, responseData, extra = {}) {
	return {
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData,
			...(responseData === 'firstEntryBinary' ? { responseBinaryPropertyName: 'data' } : {}),
			options: { binaryPropertyName: 'data' },
			...extra,
		},
		id: uuid(1),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: uuid(2),
	};
}

function node(name, type, parameters, credentials, position, extra = {}) {
	return { parameters, id: uuid(3), name, type, typeVersion: 1, position, credentials, ...extra };
}

function noOp(name, position) {
	return {
		parameters: {},
		id: uuid(4),
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position,
	};
}

const link = (to, index = 0) => ({ node: to, type: 'main', index });

/** Upload the posted file to /scale/<name>, download it again; the answer is the downloaded file. */
function filesComRoundTrip(cred) {
	const c = { filesComApi: { id: cred.id, name: cred.name } };
	return {
		name: 'scale: Files.com upload then download',
		nodes: [
			webhook('scale-filescom', 'firstEntryBinary'),
			node(
				'Upload',
				FILES_COM,
				{
					resource: 'file',
					operation: 'upload',
					path: { __rl: true, mode: 'path', value: FILESCOM_FOLDER },
					binaryPropertyName: 'data',
					options: { fileName: '={{ $json.query.name }}' },
				},
				c,
				[240, 0],
			),
			node(
				'Download',
				FILES_COM,
				{
					resource: 'file',
					operation: 'download',
					path: `={{ "${FILESCOM_FOLDER}/" + $('Webhook').item.json.query.name }}`,
					binaryPropertyName: 'data',
				},
				c,
				[480, 0],
			),
		],
		connections: {
			Webhook: { main: [[link('Upload')]] },
			Upload: { main: [[link('Download')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function laserficheDeploymentParams(deployment, repositoryId) {
	return deployment === 'cloud'
		? { authentication: 'cloud', repositoryId: { __rl: true, mode: 'id', value: repositoryId } }
		: { authentication: 'selfHosted' };
}

function laserficheCredentials(deployment, cred) {
	const type = deployment === 'cloud' ? 'laserficheCloudApi' : 'laserficheSelfHostedApi';
	return { [type]: { id: cred.id, name: cred.name } };
}

/** Import the posted file into \Archive as <name>, export it again; the answer is the exported file. */
function laserficheRoundTrip(deployment, cred, repositoryId) {
	const c = laserficheCredentials(deployment, cred);
	const base = laserficheDeploymentParams(deployment, repositoryId);
	return {
		name: `scale: Laserfiche ${deployment} import then export`,
		nodes: [
			webhook(`scale-laserfiche-${deployment.toLowerCase()}`, 'firstEntryBinary'),
			node(
				'Import',
				LASERFICHE,
				{
					...base,
					resource: 'document',
					operation: 'import',
					parentFolder: { __rl: true, mode: 'path', value: LASERFICHE_FOLDER },
					binaryPropertyName: 'data',
					name: '={{ $json.query.name }}',
					options: {},
				},
				c,
				[240, 0],
			),
			node(
				'Export',
				LASERFICHE,
				{
					...base,
					resource: 'document',
					operation: 'export',
					entry: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					binaryPropertyName: 'data',
					options: {},
				},
				c,
				[480, 0],
			),
		],
		connections: {
			Webhook: { main: [[link('Import')]] },
			Import: { main: [[link('Export')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Two failing calls, each on its own branch: a Files.com download of a missing file and a Laserfiche
 * (self-hosted) export of a missing entry, both "Continue (using error output)". The answer comes once
 * the execution has finished (no data); the suite reads the branches from the execution.
 */
function errorRouting(filesCred, lfDeployment, lfCred, repositoryId) {
	return {
		name: 'scale: failing items on the Error branch',
		nodes: [
			webhook('scale-errors', 'noData'),
			node(
				'Files.com download (missing)',
				FILES_COM,
				{
					resource: 'file',
					operation: 'download',
					path: `={{ "${FILESCOM_FOLDER}/missing-" + $json.query.name }}`,
					binaryPropertyName: 'data',
				},
				{ filesComApi: { id: filesCred.id, name: filesCred.name } },
				[240, -120],
				{ onError: 'continueErrorOutput' },
			),
			noOp('Files.com success (unexpected)', [480, -200]),
			noOp('Files.com error documents', [480, -60]),
			node(
				'Laserfiche export (missing)',
				LASERFICHE,
				{
					...laserficheDeploymentParams(lfDeployment, repositoryId),
					resource: 'document',
					operation: 'export',
					entry: {
						__rl: true,
						mode: 'path',
						value: `={{ "${LASERFICHE_FOLDER.replace(/\\/g, '\\\\')}\\\\missing-" + $json.query.name }}`,
					},
					binaryPropertyName: 'data',
					options: {},
				},
				laserficheCredentials(lfDeployment, lfCred),
				[240, 120],
				{ onError: 'continueErrorOutput' },
			),
			noOp('Laserfiche success (unexpected)', [480, 60]),
			noOp('Laserfiche error documents', [480, 200]),
		],
		connections: {
			Webhook: {
				main: [[link('Files.com download (missing)'), link('Laserfiche export (missing)')]],
			},
			'Files.com download (missing)': {
				main: [[link('Files.com success (unexpected)')], [link('Files.com error documents')]],
			},
			'Laserfiche export (missing)': {
				main: [[link('Laserfiche success (unexpected)')], [link('Laserfiche error documents')]],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

module.exports = {
	filesComRoundTrip,
	laserficheRoundTrip,
	errorRouting,
	FILESCOM_FOLDER,
	LASERFICHE_FOLDER,
};
