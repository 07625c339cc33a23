/**
 * Documented corrections of the published specs, applied to the parsed spec before anything is built or compiled
 * from it. Each patch is where the real service differs from its spec (or the spec is broken), backed by the
 * vendor's own material. Keep this list short: everything else is checked as published.
 *
 * What the two services need beyond their specs' JSON Schema dialect (Files.com's nulls and "hash" type, NSwag's
 * allOf inheritance, OData annotations, ASP.NET's case-insensitive binding) is not a patch of the documents but a
 * compile option: see contract-json-schema.ts.
 */
import type { ContractName, RawOperation, Schema, SpecDocument } from './contract-types';

export function applySpecPatches(name: ContractName, doc: SpecDocument): void {
	if (name === 'laserfiche-selfhosted-token') acceptExpiresIn(doc);
	if (name === 'laserfiche-v1' || name === 'laserfiche-v2') {
		renameSpacedDiscriminators(doc);
		declareODataSkipToken(doc);
	}
}

/**
 * Self-hosted token: SessionKeyInfo documents `expire_in` (additionalProperties: false), but the API Server
 * documentation (developer.laserfiche.com/docs/api/server) and the official JS client read `expires_in`.
 */
function acceptExpiresIn(doc: SpecDocument): void {
	const sessionKeyInfo = doc.components?.schemas?.SessionKeyInfo;
	if (sessionKeyInfo?.properties && !sessionKeyInfo.properties.expires_in) {
		sessionKeyInfo.properties.expires_in = { type: 'integer', format: 'int32' };
	}
}

/**
 * Laserfiche (NSwag output): the Entry discriminator, and its `required` entry, are named "entry Type" (with a
 * space) while the payload property, declared beside it, is `entryType`.
 */
function renameSpacedDiscriminators(doc: SpecDocument): void {
	for (const schema of Object.values(doc.components?.schemas ?? {})) {
		const discriminator = schema.discriminator;
		if (discriminator && /\s/.test(discriminator.propertyName)) {
			discriminator.propertyName = propertyAlias(discriminator.propertyName);
		}
		schema.required = schema.required?.map((name) =>
			schema.properties && !(name in schema.properties) && /\s/.test(name)
				? propertyAlias(name)
				: name,
		);
		if (schema.required === undefined) delete schema.required;
	}
}

/** "entry Type" -> "entryType". */
function propertyAlias(name: string): string {
	return name.replace(/\s+(\w)/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Laserfiche collection operations say "Allowed OData query options: Select | Count | OrderBy | Skip | Top |
 * SkipToken | Prefer" and their `@odata.nextLink` carries `$skiptoken`, but `$skiptoken` is not declared.
 */
function declareODataSkipToken(doc: SpecDocument): void {
	for (const pathItem of Object.values(doc.paths)) {
		for (const operation of Object.values(pathItem) as RawOperation[]) {
			if (!isPlainOperation(operation)) continue;
			const text = `${operation.summary ?? ''}\n${operation.description ?? ''}`;
			if (!/Allowed OData query options:[^\n]*SkipToken/i.test(text)) continue;
			const parameters = operation.parameters ?? [];
			if (parameters.some((p) => p.in === 'query' && p.name === '$skiptoken')) continue;
			const schema: Schema = { type: 'string' };
			operation.parameters = [...parameters, { name: '$skiptoken', in: 'query', schema }];
		}
	}
}

function isPlainOperation(value: unknown): value is RawOperation {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
