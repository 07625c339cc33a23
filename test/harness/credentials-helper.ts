/**
 * A credentials helper that behaves as n8n's own (packages/cli/src/credentials-helper.ts) where our
 * credentials can observe it:
 * - getDecrypted applies the credential type's defaults to the stored data (hidden expirable token = '');
 * - authenticate: generic (expressions resolved against `$credentials`) and function forms;
 * - preAuthentication: runs when the hidden `expirable` property is empty, when the engine says the
 *   credential expired (after a 401, then the engine retries once), and on every credential Test; its
 *   output is persisted into the store, as n8n persists it into the database.
 */
import './environment';

import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, isExpression } from 'n8n-workflow';

import type { LoadedTypes } from './node-types';

/** What a test observes of the credentials' life: stored data, preAuthentication calls and writes. */
export class CredentialStore {
	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	/** Every preAuthentication call, in order (type and whether the engine asked for a refresh). */
	readonly preAuthenticationCalls: Array<{ type: string; expired: boolean; testing: boolean }> = [];

	/** Every write n8n would have made to the credentials table. */
	readonly updates: Array<{ id: string; type: string; data: ICredentialDataDecryptedObject }> = [];

	set(id: string, data: ICredentialDataDecryptedObject): void {
		this.data.set(id, { ...data });
	}

	/**
	 * Stores a credential unless one with that id is stored already: like a saved n8n credential, a
	 * store reused across runs keeps what preAuthentication wrote back (the token) between them.
	 */
	setIfMissing(id: string, data: ICredentialDataDecryptedObject): void {
		if (!this.data.has(id)) this.set(id, data);
	}

	get(id: string): ICredentialDataDecryptedObject {
		const stored = this.data.get(id);
		if (!stored) throw new Error(`No credential stored with id "${id}"`);
		return { ...stored };
	}

	update(id: string, type: string, data: ICredentialDataDecryptedObject): void {
		this.data.set(id, { ...data });
		this.updates.push({ id, type, data: { ...data } });
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: LoadedTypes,
		readonly store: CredentialStore,
	) {
		super();
	}

	private credentialType(typeName: string): ICredentialType {
		return this.types.getCredentialType(typeName);
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.credentialType(typeName).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.credentialType(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node)
			throw new Error('Workflow and node are required for generic authentication');
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
					target[outerKey] ??= {};
					const resolvedKey = this.resolveValue(key, credentials, workflow, node);
					target[outerKey][resolvedKey] = this.resolveValue(
						value as string,
						credentials,
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function')
			return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;

		this.store.preAuthenticationCalls.push({
			type: typeName,
			expired: credentialsExpired,
			testing,
		});
		const output = await credentialType.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials?.[typeName];
		if (nodeCredentials?.id) {
			const stored = this.store.get(nodeCredentials.id);
			const toPersist: ICredentialDataDecryptedObject = { ...stored };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirable.name || !isExpression(stored[key]))
					toPersist[key] = value as ICredentialDataDecryptedObject[string];
			}
			this.store.update(nodeCredentials.id, typeName, toPersist);
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const data = this.store.get(this.idOf(nodeCredentials, type));
		return {
			id: nodeCredentials.id ?? undefined,
			name: nodeCredentials.name,
			type,
			data: undefined,
			getData: () => ({ ...data }),
			getDataKey: (key: string) => data[key],
			getDataToSave: () => ({
				id: nodeCredentials.id ?? undefined,
				name: nodeCredentials.name,
				type,
				data: '',
			}),
			hasNodeAccess: () => true,
			setData: () => undefined,
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return this.withDefaults(type, this.store.get(this.idOf(nodeCredentials, type)));
	}

	/** The stored data with the type's defaults filled in, as n8n's applyDefaultsAndOverwrites does. */
	withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		return { ...data, ...withDefaults };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.update(this.idOf(nodeCredentials, type), type, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.update(this.idOf(nodeCredentials, type), type, data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialType(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	private idOf(nodeCredentials: INodeCredentialsDetails, type: string): string {
		return nodeCredentials.id ?? type;
	}
}
