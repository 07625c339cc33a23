/**
 * Loads the built package exactly as n8n does (n8n-core's PackageDirectoryLoader reading package.json's
 * "n8n" section and dist/), plus the harness's own fixture types, and exposes them as n8n's INodeTypes.
 */
import './environment';

import { resolve } from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { harnessCredentialTypes, harnessNodeTypes } from './fixtures/harness-types';

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-filescom-laserfiche';
/** Prefix of the harness's own fixture node types (never shipped). */
export const HARNESS_PREFIX = 'harness';

let loaded: Promise<PackageDirectoryLoader> | undefined;

/** The package as n8n's loader sees it (loaded once per test file). */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return await loaded;
}

export interface LoadedTypes {
	nodeTypes: INodeTypes;
	getCredentialType(name: string): ICredentialType;
	packageNodeNames: string[];
	packageCredentialNames: string[];
}

/** Splits `n8n-nodes-filescom-laserfiche.filesCom` into package and short name. */
function shortName(fullType: string): { pkg: string; name: string } {
	const dot = fullType.lastIndexOf('.');
	return { pkg: fullType.slice(0, dot), name: fullType.slice(dot + 1) };
}

export async function loadTypes(): Promise<LoadedTypes> {
	const loader = await loadPackage();
	const byName = (fullType: string): INodeType | IVersionedNodeType => {
		const { pkg, name } = shortName(fullType);
		if (pkg === HARNESS_PREFIX && harnessNodeTypes[name]) return harnessNodeTypes[name];
		if (pkg === PACKAGE_NAME && loader.nodeTypes[name]) return loader.nodeTypes[name].type;
		throw new Error(
			`Unknown node type "${fullType}" (package nodes: ${Object.keys(loader.nodeTypes).join(', ')})`,
		);
	};
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (fullType, version) =>
			NodeHelpers.getVersionedNodeType(byName(fullType), version),
		getKnownTypes: () => ({}),
	};
	return {
		nodeTypes,
		getCredentialType(name) {
			const type = loader.credentialTypes[name]?.type ?? harnessCredentialTypes[name];
			if (!type) throw new Error(`Unknown credential type "${name}"`);
			return type;
		},
		packageNodeNames: Object.keys(loader.nodeTypes),
		packageCredentialNames: Object.keys(loader.credentialTypes),
	};
}
