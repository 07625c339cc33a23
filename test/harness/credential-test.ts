/**
 * The credential "Test" button, as n8n runs it (packages/cli/src/services/credentials-tester.service.ts):
 * the credential type's `test` request goes through n8n-core's RoutingNode on a temporary
 * `n8n-nodes-base.noOp` node (so `authenticate` and `preAuthentication` apply, preAuthentication always
 * runs), and the outcome is turned into the same `{ status, message }` n8n shows in the editor.
 */
import './environment';

import { RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { CredentialStore, HarnessCredentialsHelper } from './credentials-helper';
import { executeContext } from './execution-context';
import { loadTypes } from './node-types';
import { initBinaryData } from './run-workflow';
import { SecretScanner, scanMark, secretsOf } from './secret-scan';

const TESTER_NODE_TYPE = 'n8n-nodes-base.noOp';

function get(data: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

export interface CredentialTestOptions {
	/** The saved credential's id; the editor saves before it tests. '' tests unsaved data. */
	id?: string;
	store?: CredentialStore;
}

export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	const types = await loadTypes();
	const store = options.store ?? new CredentialStore();
	const mark = scanMark();
	const result = await runCredentialTest(type, data, options.id ?? 'credential-under-test', store);
	const scanner = new SecretScanner();
	scanner.add(secretsOf(types.getCredentialType(type), data));
	scanner.addFromStore(store, (name) => types.getCredentialType(name));
	scanner.assertClean('the credential test result', result);
	scanner.assertLogsClean(mark);
	return result;
}

async function runCredentialTest(
	type: string,
	data: ICredentialDataDecryptedObject,
	id: string,
	store: CredentialStore,
): Promise<INodeCredentialTestResult> {
	const types = await loadTypes();
	await initBinaryData();
	const credentialType = types.getCredentialType(type);
	if (!credentialType.test)
		return { status: 'Error', message: 'No testing function found for this credential.' };
	const testRequest = credentialType.test;

	const helper = new HarnessCredentialsHelper(types, store);
	if (id !== '') store.set(id, data);
	const credentialsDecrypted = {
		id,
		name: 'Credential under test',
		type,
		data: helper.withDefaults(type, data),
	};

	const nodeTypeCopy: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: TESTER_NODE_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeTypeCopy),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: TESTER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id, name: credentialsDecrypted.name } },
	};
	const context = executeContext({
		nodes: [node],
		nodeTypes,
		credentialsHelper: helper,
		mode: 'internal',
	});
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		if (error.cause?.response) {
			const statusCode = error.cause.response.status as number;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message as string };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code as string };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (get(body, rule.properties.key as string) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message as string };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
