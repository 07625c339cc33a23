/**
 * Contract checks: is a captured HTTP exchange a documented operation of the official API description?
 *
 * Emulator-backed tests feed every request our nodes send (and every response an emulator gives) through
 * `checkRequest` / `checkResponse`. The specs are the copies in test/contracts/ (see its README):
 * Files.com (Swagger 2.0) and Laserfiche (OpenAPI 3.0). Schemas are validated by Ajv.
 *
 * Modules (test/harness/contract-*.ts): spec (loading, operation index), patches (documented corrections of the
 * specs), json-schema (the specs' schemas as JSON Schema for Ajv), validator (Ajv), errors (Ajv's errors as
 * located messages), schema (reading the published schemas), locate (URL -> operation), params (query, headers),
 * coerce (string values), media (body parsing), body-swagger / body-openapi (request bodies), response.
 *
 * Spec quirks handled (each is explained where it is handled):
 * - Files.com documents POST/PATCH parameters as `formData` while clients send JSON; a JSON body's keys are
 *   treated as those formData parameters (typed strictly), a form body's fields are coerced from strings
 *   (contract-body-swagger.ts).
 * - Files.com's `{path}` parameter spans several segments (and may be `%2F`-encoded as a whole); folder listings
 *   accept the empty path (root: `GET /folders/`) (contract-locate.ts).
 * - Files.com bracketed formData names (`etags[etag]`, `etags[part]`) map onto a JSON array of objects
 *   (`etags: [{etag, part}]`) or onto form fields (`etags[][etag]`) (contract-body-swagger.ts).
 * - Files.com's Swagger 2 has no `nullable`, yet the real API returns null for unset fields: null is accepted for
 *   any Files.com value. Integers marked int32 (e.g. file `size`) are not range-checked (contract-json-schema.ts).
 * - Files.com documents its error statuses without a schema: error bodies are checked against the documented
 *   error document `{error, http-code, instance, title, type}` instead (contract-response.ts).
 * - Laserfiche (NSwag output) models inheritance as `allOf: [Base, {additionalProperties: false, ...}]` with
 *   `additionalProperties: false` on the base too; allOf branches are therefore merged before compiling
 *   (contract-schema.ts, contract-json-schema.ts).
 * - Laserfiche's Entry discriminator is named "entry Type" (with a space) while the payload property is
 *   `entryType`; the discriminator and its `required` entry are patched to `entryType` (contract-patches.ts).
 * - Laserfiche list operations allow OData `$skiptoken` (it is in their summaries and in `@odata.nextLink`)
 *   without declaring it as a parameter; it is declared where the summary lists SkipToken (contract-patches.ts).
 * - Laserfiche payloads carry OData annotations (`@odata.context`, `@odata.type`) that no schema declares; they
 *   are accepted even under `additionalProperties: false` (contract-json-schema.ts).
 * - Laserfiche (ASP.NET) binds JSON request properties case-insensitively (the spec's `jPEGCompressionLevel` is
 *   written `jpegCompressionLevel` in Laserfiche's guides), so request bodies match property names ignoring case;
 *   responses must use the documented spelling (contract-json-schema.ts).
 * - The self-hosted token response schema names the lifetime `expire_in` (with additionalProperties: false) while
 *   Laserfiche's documentation and JS client use `expires_in`: both are accepted (contract-patches.ts).
 */
import { checkRequestBody } from './contract-body-openapi';
import { FILESCOM_BASE_PATTERN, locateOperation, splitUrl } from './contract-locate';
import { checkHeaders, checkQuery } from './contract-params';
import { checkResponseAgainstOperation } from './contract-response';
import { loadContract } from './contract-spec';
import type {
	CapturedRequest,
	CapturedResponse,
	ContractName,
	ContractResult,
	OperationSpec,
} from './contract-types';
import { MAX_ERRORS } from './contract-util';

export type {
	CapturedRequest,
	CapturedResponse,
	ContractName,
	ContractResult,
} from './contract-types';

export function checkRequest(contract: ContractName, req: CapturedRequest): ContractResult {
	const spec = loadContract(contract);
	const located = locateOperation(spec, req);
	if (!located.operation) return finish(undefined, located.errors);
	const errors = [...located.errors];
	const operation = located.operation;
	checkQuery(spec, operation, located.query, errors);
	checkHeaders(spec, operation, req.headers, errors);
	checkRequestBody(spec, operation, req, errors);
	return finish(operation, errors);
}

export function checkResponse(
	contract: ContractName,
	req: CapturedRequest,
	res: CapturedResponse,
): ContractResult {
	const spec = loadContract(contract);
	const located = locateOperation(spec, req);
	if (!located.operation) {
		return finish(undefined, [
			'response cannot be matched to a documented operation:',
			...located.errors,
		]);
	}
	const errors: string[] = [];
	checkResponseAgainstOperation(spec, located.operation, req, res, errors);
	return finish(located.operation, errors);
}

export function assertRequestInContract(contract: ContractName, req: CapturedRequest): void {
	const result = checkRequest(contract, req);
	if (!result.ok) throw new Error(violationMessage(contract, 'request', req, result));
}

export function assertResponseInContract(
	contract: ContractName,
	req: CapturedRequest,
	res: CapturedResponse,
): void {
	const result = checkResponse(contract, req, res);
	if (!result.ok)
		throw new Error(violationMessage(contract, `response ${res.status}`, req, result));
}

/**
 * Which contract a captured URL belongs to, or undefined (e.g. an emulator's pre-signed upload/download URL
 * that no spec documents). Rules, in order: a path containing `/api/rest/v1` is Files.com; `/v1/Repositories/{id}/Token`
 * is the self-hosted token endpoint; a `/v1/Repositories` or `/v2/Repositories` path is the Laserfiche
 * repository API of that version; a path ending in `/Token` is the Laserfiche Cloud OAuth endpoint.
 */
export function contractForUrl(url: string): ContractName | undefined {
	const { path } = splitUrl(url);
	if (FILESCOM_BASE_PATTERN.test(path)) return 'filescom';
	const repository = /\/(v1|v2)\/repositories(?=\/|$)/i.exec(path);
	if (repository) {
		const version = repository[1].toLowerCase();
		if (
			version === 'v1' &&
			/^\/v1\/repositories\/[^/]+\/token$/i.test(path.slice(repository.index))
		) {
			return 'laserfiche-selfhosted-token';
		}
		return version === 'v1' ? 'laserfiche-v1' : 'laserfiche-v2';
	}
	if (/\/token$/i.test(path)) return 'laserfiche-cloud-oauth';
	return undefined;
}

function finish(operation: OperationSpec | undefined, errors: string[]): ContractResult {
	const capped =
		errors.length > MAX_ERRORS
			? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`]
			: errors;
	return {
		ok: errors.length === 0,
		operationId: operation?.operationId,
		pathTemplate: operation?.pathTemplate,
		errors: capped,
	};
}

function violationMessage(
	contract: ContractName,
	what: string,
	req: CapturedRequest,
	result: ContractResult,
): string {
	const { path } = splitUrl(req.url);
	const operation = result.operationId ? ` (${result.operationId} ${result.pathTemplate})` : '';
	const reasons = result.errors.map((e) => `  - ${e}`).join('\n');
	return `${contract} contract violation in the ${what} of ${req.method.toUpperCase()} ${path}${operation}:\n${reasons}`;
}
