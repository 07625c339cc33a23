/**
 * Turns a spec's schemas (Swagger 2 / OpenAPI 3.0 flavour) into the JSON Schema that Ajv compiles. What the two
 * dialects and the two services need beyond plain JSON Schema is done here, each rule commented:
 * OpenAPI `nullable`, Files.com's nulls and non-standard types, NSwag allOf inheritance, the OpenAPI
 * discriminator, OData annotations and ASP.NET's case-insensitive binding of request properties.
 */
import type { Schema } from './contract-types';
import { type SpecSchemas, VALIDATION_KEYWORDS } from './contract-schema';

export type JsonSchema = Record<string, unknown>;

/** The `$id` under which a spec's named schemas are registered with Ajv; every `$ref` points into it. */
export const SPEC_ID = 'contract-spec';

export interface CompileOptions {
	/** Files.com: null accepted for any value (Swagger 2 has no `nullable`, the API sends nulls). */
	nullAlwaysAllowed: boolean;
	/** Laserfiche: OData annotations (`@odata.type`, `@odata.context`, ...) are allowed on any object. */
	odataAnnotations: boolean;
	/** Laserfiche requests: ASP.NET binds JSON property names case-insensitively. */
	caseInsensitiveProperties: boolean;
}

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object', 'null']);

/**
 * Only these formats are checked (loosely, see contract-validator.ts); the others (int32, int64, double, email,
 * byte, binary, ...) are not: Files.com marks values such as a file's `size` int32 that exceed its range.
 */
const CHECKED_FORMATS = new Set(['date-time', 'date']);

/** The non-object constraints that JSON Schema states as the spec does (the others are converted). */
const COPIED_KEYWORDS = VALIDATION_KEYWORDS.filter(
	(keyword) => !['oneOf', 'anyOf', 'items', 'format'].includes(keyword),
);

export class JsonSchemaConverter {
	constructor(
		private readonly schemas: SpecSchemas,
		private readonly options: CompileOptions,
	) {}

	/** The named schemas, converted, at the same JSON pointers as in the spec (for `$ref`). */
	container(): JsonSchema {
		const named = Object.fromEntries(
			Object.entries(this.schemas.named).map(([name, schema]) => [name, this.convert(schema)]),
		);
		const schemas = this.schemas.doc.swagger
			? { definitions: named }
			: { components: { schemas: named } };
		return { $id: SPEC_ID, ...schemas };
	}

	convert(input: Schema): JsonSchema {
		// A $ref stands for its target alone (siblings such as `description` say nothing to check).
		if (input.$ref !== undefined) return { $ref: `${SPEC_ID}${input.$ref}` };
		const { merged, residual } = input.allOf
			? this.schemas.mergeAllOf(input)
			: { merged: input, residual: [] };
		const out = this.convertKeywords(merged);
		// The allOf branches' non-object constraints, and a one-alternative oneOf/anyOf (NSwag wraps every
		// referenced enum or object so: `oneOf: [{$ref}]`), which is its alternative.
		const all = [...residual.map((r) => this.convert(r))];
		for (const keyword of ['oneOf', 'anyOf'] as const) {
			const branches = merged[keyword];
			if (!branches) continue;
			if (branches.length === 1) all.push(this.convert(branches[0]));
			else out[keyword] = branches.map((b) => this.convert(b));
		}
		if (all.length > 0) out.allOf = all;
		const typed = input.discriminator ? this.discriminate(input, out) : out;
		// `nullable` (OpenAPI 3.0) and Files.com's nulls: null is accepted before any other keyword is looked at.
		const nullable = this.options.nullAlwaysAllowed || merged.nullable === true;
		return nullable && !admitsNull(typed) ? { if: { type: 'null' }, else: typed } : typed;
	}

	private convertKeywords(schema: Schema): JsonSchema {
		const out: JsonSchema = {};
		const types = jsonTypes(schema.type);
		if (types.length > 0) out.type = types.length === 1 ? types[0] : types;
		for (const keyword of COPIED_KEYWORDS)
			if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
		if (schema.format !== undefined && CHECKED_FORMATS.has(schema.format))
			out.format = schema.format;
		if (schema.items) out.items = this.convert(schema.items);
		if (schema.properties) this.addProperties(out, schema.properties);
		if (schema.required) {
			// Laserfiche requests: a required property may be given in any case (see addProperties).
			out[this.options.caseInsensitiveProperties ? 'requiredIgnoringCase' : 'required'] =
				schema.required;
		}
		const additional = schema.additionalProperties;
		if (additional !== undefined) {
			out.additionalProperties =
				typeof additional === 'boolean' ? additional : this.convert(additional);
			// Laserfiche: OData annotations are allowed on every object, even under additionalProperties: false.
			if (this.options.odataAnnotations) {
				out.patternProperties = { ...(out.patternProperties as object), '^@odata\\.': true };
			}
		}
		return out;
	}

	private addProperties(out: JsonSchema, properties: Record<string, Schema>): void {
		const entries = Object.entries(properties).map(([name, s]) => [name, this.convert(s)] as const);
		if (!this.options.caseInsensitiveProperties) {
			out.properties = Object.fromEntries(entries);
			return;
		}
		// ASP.NET binds JSON property names ignoring case: `jpegCompressionLevel` is `jPEGCompressionLevel`.
		out.patternProperties = {
			...(out.patternProperties as object),
			...Object.fromEntries(entries.map(([name, s]) => [caseInsensitivePattern(name), s])),
		};
	}

	/**
	 * OpenAPI discriminator: a value whose tag names a subtype (by `mapping`, or a schema deriving from this one
	 * by allOf) is validated against that subtype only; any other value against the schema itself.
	 */
	private discriminate(schema: Schema, base: JsonSchema): JsonSchema {
		const discriminator = schema.discriminator as NonNullable<Schema['discriminator']>;
		const property = discriminator.propertyName;
		const targets = new Map(Object.entries(discriminator.mapping ?? {}));
		for (const [name, candidate] of Object.entries(this.schemas.named)) {
			const derives = candidate.allOf?.some(
				(b) => b.$ref && this.schemas.tryResolveRef(b.$ref) === schema,
			);
			if (derives && !targets.has(name)) targets.set(name, `${this.schemas.schemaPrefix}${name}`);
		}
		let chain = base;
		for (const [tag, ref] of [...targets].reverse()) {
			const target = this.schemas.tryResolveRef(ref);
			if (!target || target === schema) continue;
			chain = {
				if: { type: 'object', required: [property], properties: { [property]: { const: tag } } },
				then: { $ref: `${SPEC_ID}${ref}` },
				else: chain,
			};
		}
		return chain;
	}
}

/** Files.com's "hash" is an object; its other non-standard types ("file", "image", "String", ...) check nothing. */
function jsonTypes(type: Schema['type']): string[] {
	if (type === undefined) return [];
	const types = (Array.isArray(type) ? type : [type]).map((t) => (t === 'hash' ? 'object' : t));
	return types.every((t) => JSON_TYPES.has(t)) ? types : [];
}

function admitsNull(schema: JsonSchema): boolean {
	const type = schema.type;
	if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
	if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
	const constraining = ['type', 'enum', 'allOf', 'oneOf', 'anyOf', 'if', '$ref'];
	return !constraining.some((keyword) => schema[keyword] !== undefined);
}

/** `entryType` -> `^[eE][nN][tT][rR][yY][tT][yY][pP][eE]$` (Ajv compiles patterns with the `u` flag only). */
function caseInsensitivePattern(name: string): string {
	const body = [...name]
		.map((c) => {
			const lower = c.toLowerCase();
			const upper = c.toUpperCase();
			if (lower !== upper) return `[${lower}${upper}]`;
			return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
		})
		.join('');
	return `^${body}$`;
}
