/**
 * What the trigger harnesses (run-poll.ts, run-webhook.ts) set up alike: the package's node types, the
 * credential store filled with the test's credentials, the trigger as a workflow node, and a secret
 * scanner that knows those credentials.
 */
import type { INode, INodeType } from 'n8n-workflow';

import { CredentialStore } from './credentials-helper';
import { PACKAGE_NAME, loadTypes } from './node-types';
import type { HarnessCredentials, HarnessNode } from './run-workflow';
import { initBinaryData } from './run-workflow';
import { SecretScanner, secretsOf } from './secret-scan';

export interface TriggerSetup {
	types: Awaited<ReturnType<typeof loadTypes>>;
	store: CredentialStore;
	nodeType: INodeType;
	node: INode;
	/** A scanner for the test's credentials, the store's, and `extra`. */
	scanner(extra?: string[]): SecretScanner;
}

export async function triggerSetup(options: {
	node: HarnessNode & { webhookId?: string };
	credentials?: HarnessCredentials;
	store?: CredentialStore;
}): Promise<TriggerSetup> {
	const types = await loadTypes();
	await initBinaryData();
	const store = options.store ?? new CredentialStore();
	for (const [id, credential] of Object.entries(options.credentials ?? {}))
		store.setIfMissing(id, credential.data);
	const type = options.node.type.includes('.')
		? options.node.type
		: `${PACKAGE_NAME}.${options.node.type}`;
	const nodeType = types.nodeTypes.getByNameAndVersion(type, options.node.typeVersion) as INodeType;
	const node: INode = {
		id: 'trigger',
		name: options.node.name ?? options.node.type.split('.').pop()!,
		type,
		typeVersion: options.node.typeVersion ?? [nodeType.description.version].flat().slice(-1)[0],
		position: [0, 0],
		parameters: options.node.parameters ?? {},
		...(options.node.webhookId !== undefined ? { webhookId: options.node.webhookId } : {}),
		credentials: Object.fromEntries(
			Object.entries(options.node.credentials ?? {}).map(([credType, id]) => [
				credType,
				{ id, name: id },
			]),
		),
	};
	const scanner = (extra: string[] = []) => {
		const s = new SecretScanner();
		s.add(extra);
		for (const credential of Object.values(options.credentials ?? {}))
			s.add(secretsOf(types.getCredentialType(credential.type), credential.data));
		s.addFromStore(store, (name) => types.getCredentialType(name));
		return s;
	};
	return { types, store, nodeType, node, scanner };
}
