/**
 * Schema validation with Ajv: a spec's named schemas are converted once (contract-json-schema.ts) and registered
 * under one `$id`; each schema the plumbing asks about is compiled once, on first use, and cached.
 */
import Ajv, { type ValidateFunction } from 'ajv';

import { type CompileOptions, JsonSchemaConverter } from './contract-json-schema';
import { translateErrors } from './contract-errors';
import { SpecSchemas } from './contract-schema';
import type { Schema, SpecDocument } from './contract-types';
import { isPlainObject, MAX_ERRORS } from './contract-util';

export type { CompileOptions as ValidatorOptions } from './contract-json-schema';

export class SchemaValidator extends SpecSchemas {
	private readonly ajv: Ajv;

	private readonly converter: JsonSchemaConverter;

	private readonly compiled = new WeakMap<Schema, ValidateFunction>();

	constructor(doc: SpecDocument, options: CompileOptions) {
		super(doc);
		this.converter = new JsonSchemaConverter(this, options);
		this.ajv = createAjv();
		this.ajv.addSchema(this.converter.container());
	}

	/** Appends one message per violation of `schema` by `value`, each located under `at`. */
	validate(schema: Schema, value: unknown, at: string, errors: string[]): void {
		if (errors.length >= MAX_ERRORS) return;
		const data = withoutUndefined(value);
		const validateFn = this.compile(schema);
		if (validateFn(data)) return;
		errors.push(...translateErrors(validateFn.errors ?? [], data, at));
	}

	private compile(schema: Schema): ValidateFunction {
		let validateFn = this.compiled.get(schema);
		if (!validateFn) {
			validateFn = this.ajv.compile(this.converter.convert(schema));
			this.compiled.set(schema, validateFn);
		}
		return validateFn;
	}
}

function createAjv(): Ajv {
	// The converted specs are not meta-validated (they keep OpenAPI annotations such as `description`).
	const ajv = new Ajv({
		allErrors: true,
		strict: false,
		validateSchema: false,
		verbose: true,
		logger: false,
	});
	// Dates and date-times are checked loosely, not as strict RFC 3339: a date-time may use a space for `T`, omit
	// seconds and zone; a date need only start with YYYY-MM-DD.
	ajv.addFormat('date-time', { type: 'string', validate: isLooseDateTime });
	ajv.addFormat('date', {
		type: 'string',
		validate: (value: string) => /^\d{4}-\d{2}-\d{2}/.test(value),
	});
	// Laserfiche requests (see CompileOptions.caseInsensitiveProperties): `required`, ignoring the case of names.
	ajv.addKeyword({
		keyword: 'requiredIgnoringCase',
		type: 'object',
		schemaType: 'array',
		errors: true,
		validate: function requiredIgnoringCase(names: string[], data: Record<string, unknown>) {
			const present = new Set(Object.keys(data).map((key) => key.toLowerCase()));
			const missing = names.filter((name) => !present.has(name.toLowerCase()));
			(requiredIgnoringCase as { errors?: unknown[] }).errors = missing.map((name) => ({
				keyword: 'requiredIgnoringCase',
				message: `must have required property '${name}'`,
				params: { missingProperty: name },
			}));
			return missing.length === 0;
		},
	});
	return ajv;
}

function isLooseDateTime(value: string): boolean {
	const shape = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
	return shape.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

/** A captured value as JSON would carry it: object entries whose value is undefined are absent. */
function withoutUndefined(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutUndefined);
	if (!isPlainObject(value)) return value;
	const copy: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value))
		if (child !== undefined) copy[key] = withoutUndefined(child);
	return copy;
}
