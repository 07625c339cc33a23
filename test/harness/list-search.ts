/**
 * Runs a node's listSearch method (the lists behind a resource locator's "From List") the way the editor
 * does: n8n's dynamic-parameters service calls it on a LoadOptionsContext of a node holding the current
 * parameters, with the node's saved credentials. The answer (or the error), the logs and the console
 * output go through the secret scan, as every other harness run.
 *
 *   const result = await runListSearch({
 *     node: { type: 'filesCom', parameters: {}, credentials: { filesComApi: 'c1' } },
 *     credentials: { c1: { type: 'filesComApi', data: { apiKey, siteUrl } } },
 *     method: 'searchFolders', filter: 'Rep', path: 'parameters.path',
 *   });
 */
import './environment';

import type { INode, INodeListSearchResult, INodeType } from 'n8n-workflow';

import { CredentialStore, HarnessCredentialsHelper } from './credentials-helper';
import { loadOptionsContext } from './execution-context';
import { PACKAGE_NAME, loadTypes } from './node-types';
import type { HarnessCredentials, HarnessNode } from './run-workflow';
import { initBinaryData } from './run-workflow';
import { SecretScanner, scanMark, secretsOf } from './secret-scan';

export interface ListSearchOptions {
	node: HarnessNode;
	credentials?: HarnessCredentials;
	/** The listSearch method's name, e.g. 'searchFolders'. */
	method: string;
	filter?: string;
	paginationToken?: string;
	/** The parameter the list is for, e.g. 'parameters.path'. */
	path?: string;
	/** Reuse a store to keep tokens between calls (credentials already in it are not overwritten). */
	store?: CredentialStore;
	/** More values that must not appear in the answer, the error or the logs. */
	secrets?: string[];
}

export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const types = await loadTypes();
	await initBinaryData();
	const store = options.store ?? new CredentialStore();
	for (const [id, credential] of Object.entries(options.credentials ?? {}))
		store.setIfMissing(id, credential.data);
	const type = options.node.type.includes('.')
		? options.node.type
		: `${PACKAGE_NAME}.${options.node.type}`;
	const nodeType = types.nodeTypes.getByNameAndVersion(type, options.node.typeVersion) as INodeType;
	const parameters = options.node.parameters ?? {};
	const node: INode = {
		id: 'list-search',
		name: options.node.name ?? options.node.type.split('.').pop()!,
		type,
		typeVersion: options.node.typeVersion ?? [nodeType.description.version].flat().slice(-1)[0],
		position: [0, 0],
		parameters,
		credentials: Object.fromEntries(
			Object.entries(options.node.credentials ?? {}).map(([credType, id]) => [
				credType,
				{ id, name: id },
			]),
		),
	};
	const search = nodeType.methods?.listSearch?.[options.method];
	if (!search) throw new Error(`${type} has no listSearch method ${options.method}`);
	const context = loadOptionsContext({
		nodes: [node],
		nodeTypes: types.nodeTypes,
		credentialsHelper: new HarnessCredentialsHelper(types, store),
		workflow: { id: 'list-search' },
		additionalData: { currentNodeParameters: parameters },
		path: options.path ?? 'parameters.path',
	});
	const scan = (produced: unknown) => {
		const scanner = new SecretScanner();
		scanner.add(options.secrets ?? []);
		for (const credential of Object.values(options.credentials ?? {})) {
			scanner.add(secretsOf(types.getCredentialType(credential.type), credential.data));
		}
		scanner.addFromStore(store, (name) => types.getCredentialType(name));
		scanner.assertClean('the list-search answer or error', produced);
		scanner.assertLogsClean(mark);
	};
	const mark = scanMark();
	let result: INodeListSearchResult;
	try {
		result = await search.call(context, options.filter, options.paginationToken);
	} catch (error) {
		scan(error);
		throw error;
	}
	scan(result);
	return result;
}
