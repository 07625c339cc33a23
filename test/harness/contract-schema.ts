/**
 * Reading a spec's schemas as published (before they are turned into JSON Schema for Ajv): $ref lookup, the JSON
 * types a schema admits, and the merge of NSwag-style allOf inheritance. The request/response plumbing uses these
 * to coerce query and form strings and to list properties and multipart parts.
 */
import type { Schema, SpecDocument } from './contract-types';
import { isPlainObject } from './contract-util';

/** Non-object constraints an allOf branch may carry; they are validated beside the merged object schema. */
export const VALIDATION_KEYWORDS = [
	'oneOf',
	'anyOf',
	'enum',
	'items',
	'format',
	'minLength',
	'maxLength',
	'pattern',
	'minimum',
	'maximum',
	'minItems',
	'maxItems',
] as const;

export interface MergedAllOf {
	merged: Schema;
	/** Non-object constraints of the branches, validated separately. */
	residual: Schema[];
}

export class SpecSchemas {
	private readonly refCache = new Map<string, Schema | undefined>();

	private readonly mergedCache = new WeakMap<Schema, MergedAllOf>();

	/** `#/definitions/` (Swagger 2) or `#/components/schemas/` (OpenAPI 3). */
	readonly schemaPrefix: string;

	constructor(readonly doc: SpecDocument) {
		this.schemaPrefix = doc.swagger ? '#/definitions/' : '#/components/schemas/';
	}

	/** The named schemas: `definitions` (Swagger 2) or `components.schemas` (OpenAPI 3). */
	get named(): Record<string, Schema> {
		return (this.doc.swagger ? this.doc.definitions : this.doc.components?.schemas) ?? {};
	}

	resolve(schema: Schema): Schema {
		let current = schema;
		for (let depth = 0; current.$ref !== undefined && depth < 32; depth++) {
			const target = this.tryResolveRef(current.$ref);
			if (!target) throw new Error(`Contract spec has an unresolvable $ref ${current.$ref}`);
			current = target;
		}
		return current;
	}

	tryResolveRef(ref: string): Schema | undefined {
		if (this.refCache.has(ref)) return this.refCache.get(ref);
		let node: unknown = this.doc;
		if (!ref.startsWith('#/')) node = undefined;
		for (const part of ref.slice(2).split('/')) {
			if (!isPlainObject(node)) break;
			node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		}
		const schema = isPlainObject(node) ? (node as Schema) : undefined;
		this.refCache.set(ref, schema);
		return schema;
	}

	/** JSON types a schema admits, following $ref, single-branch oneOf and allOf (Files.com "hash" = object). */
	typesOf(input: Schema): string[] {
		const schema = this.resolve(input);
		if (schema.type !== undefined) {
			return (Array.isArray(schema.type) ? schema.type : [schema.type]).map((t) =>
				t === 'hash' ? 'object' : t,
			);
		}
		const branches = schema.allOf ?? schema.oneOf ?? schema.anyOf;
		if (branches) return [...new Set(branches.flatMap((b) => this.typesOf(b)))];
		if (schema.properties) return ['object'];
		return [];
	}

	/** Properties of an object schema, allOf branches merged. */
	objectProperties(input: Schema): Record<string, Schema> {
		const schema = this.resolve(input);
		return (schema.allOf ? this.mergeAllOf(schema).merged : schema).properties ?? {};
	}

	requiredProperties(input: Schema): string[] {
		const schema = this.resolve(input);
		return (schema.allOf ? this.mergeAllOf(schema).merged : schema).required ?? [];
	}

	/**
	 * Laserfiche quirk: NSwag models inheritance as allOf branches that each say `additionalProperties: false`;
	 * validated branch by branch every derived object would fail. The object keywords of all branches are merged
	 * instead (the base's discriminator dropped: a derived schema is already the subtype); the branches' other
	 * constraints stay beside the merged schema as `residual`.
	 */
	mergeAllOf(schema: Schema): MergedAllOf {
		const cached = this.mergedCache.get(schema);
		if (cached) return cached;
		const merged: Schema = {};
		const residual: Schema[] = [];
		const visit = (input: Schema, isOwner: boolean): void => {
			const branch = this.resolve(input);
			for (const child of branch.allOf ?? []) visit(child, false);
			if (branch.properties) merged.properties = { ...merged.properties, ...branch.properties };
			if (branch.required) merged.required = [...(merged.required ?? []), ...branch.required];
			mergeAdditionalProperties(merged, branch.additionalProperties);
			if (branch.type !== undefined && merged.type === undefined) merged.type = branch.type;
			if (isOwner && branch.nullable) merged.nullable = true;
			const constraints = pickKeywords(branch, VALIDATION_KEYWORDS);
			if (Object.keys(constraints).length > 0) residual.push(constraints);
		};
		visit(schema, true);
		const result = { merged, residual };
		this.mergedCache.set(schema, result);
		return result;
	}
}

function mergeAdditionalProperties(
	merged: Schema,
	additional: Schema['additionalProperties'],
): void {
	if (additional === undefined || merged.additionalProperties === false) return;
	if (additional === false || merged.additionalProperties === undefined)
		merged.additionalProperties = additional;
}

function pickKeywords(schema: Schema, keywords: readonly (keyof Schema)[]): Schema {
	const picked: Record<string, unknown> = {};
	for (const keyword of keywords)
		if (schema[keyword] !== undefined) picked[keyword] = schema[keyword];
	return picked as Schema;
}
