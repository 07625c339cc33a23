/**
 * Laserfiche sign-in, used by the two credentials' `preAuthentication` (and by the node to find the
 * Cloud API host):
 * - Cloud: the base-64 access key from the Developer Console decodes to `{customerId, clientId, domain,
 *   jwk}`; we sign an ES256 JWT with its P-256 private key (node:crypto, no JWT library) carrying the
 *   service principal key, and exchange it at `https://signin.{domain}/oauth/Token` (client-credentials
 *   grant, the JWT as the Bearer credential) for an access token.
 * - Self-hosted: `POST {base}/v1/Repositories/{id}/Token` with the password grant.
 *
 * Every failure becomes a `UserError` carrying our own message (never the HTTP error, which would show
 * its status text instead and would carry the request and its secrets): the Test button shows it as is.
 * When the token endpoint answered with an error document (ProblemDetails, OAuth error JSON), the error
 * carries that document alone as `serviceDocument`, for the Error output's `details`.
 *
 * Token requests create nothing, so transient failures (429, 500/502/503/504, a cut connection or a
 * time-out) are retried a bounded number of times.
 */
import { createHash, createPrivateKey, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type {
  ICredentialDataDecryptedObject,
  IDataObject,
  IHttpRequestHelper,
  IHttpRequestOptions,
} from "n8n-workflow";
import { UserError } from "n8n-workflow";

import type { RetryOptions } from "../../shared/retry";
import {
  RETRY_POLICY,
  isTransientNetworkCode,
  requestedWaitMs,
  settle,
  withRetry,
} from "../../shared/retry";

/** The decoded access key. */
export interface AccessKey {
  customerId?: string;
  clientId: string;
  domain: string;
  jwk: {
    kty: string;
    crv: string;
    kid: string;
    x: string;
    y: string;
    d: string;
  };
}

export interface CloudEndpoints {
  tokenUrl: string;
  apiBaseUrl: string;
}

/** Seconds the client-credentials JWT is valid: it is used at once, so a short life is enough. */
export const CLIENT_JWT_LIFETIME_SECONDS = 300;

/** Laserfiche checks this audience whatever the regional domain (.com, .ca, .eu). */
const CLIENT_JWT_AUDIENCE = "laserfiche.com";

const ACCESS_KEY_HELP =
  'In the Laserfiche Developer Console open the service app, tab Authentication, "Create key" next to Access Keys, and copy the key downloaded as a base-64 string.';

/** A sign-in problem: our message and description, and the token endpoint's error document if any. */
export class SignInError extends UserError {
  /** The token endpoint's answer (its error document, as parsed), never the request. */
  readonly serviceDocument?: IDataObject;

  constructor(
    message: string,
    description?: string,
    serviceDocument?: IDataObject,
  ) {
    super(message, { description });
    if (serviceDocument && Object.keys(serviceDocument).length > 0)
      this.serviceDocument = serviceDocument;
  }
}

function problem(
  message: string,
  description?: string,
  serviceDocument?: IDataObject,
): UserError {
  return new SignInError(message, description, serviceDocument);
}

function base64Url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/**
 * Decodes and checks the access key, naming precisely what is wrong with a malformed one (empty,
 * not base-64, not JSON, no `jwk`, not an EC P-256 private key, no `kid`, no `clientId`).
 * @param needDomain whether the key must name its domain (it must unless both URLs are overridden)
 */
export function parseAccessKey(value: unknown, needDomain = true): AccessKey {
  const text = typeof value === "string" ? value.replace(/\s+/g, "") : "";
  if (text === "") {
    throw problem("The Base-64 Encoded Access Key is empty", ACCESS_KEY_HELP);
  }
  if (
    !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ||
    text.replace(/=+$/, "").length % 4 === 1
  ) {
    throw problem(
      "The Base-64 Encoded Access Key is not base-64 text",
      `It contains characters base-64 does not use, or it is cut short. ${ACCESS_KEY_HELP}`,
    );
  }
  const decoded = Buffer.from(
    text.replace(/-/g, "+").replace(/_/g, "/"),
    "base64",
  )
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw problem(
      "The Base-64 Encoded Access Key does not decode to JSON",
      `A Laserfiche access key decodes to a JSON object with customerId, clientId, domain and jwk. ${ACCESS_KEY_HELP}`,
    );
  }
  const key = parsed as IDataObject;
  const jwk = key.jwk as IDataObject | undefined;
  if (
    jwk === undefined ||
    jwk === null ||
    typeof jwk !== "object" ||
    Array.isArray(jwk)
  ) {
    throw problem(
      'The Base-64 Encoded Access Key has no "jwk" (its private key)',
      `The decoded key must contain a "jwk" object. ${ACCESS_KEY_HELP}`,
    );
  }
  if (jwk.kty !== "EC" || jwk.crv !== "P-256") {
    throw problem(
      `The access key's "jwk" is not an EC P-256 key (kty "${String(jwk.kty)}", crv "${String(jwk.crv)}")`,
      `Laserfiche signs with ES256, which needs an EC key on the P-256 curve. ${ACCESS_KEY_HELP}`,
    );
  }
  for (const member of ["x", "y", "d"]) {
    if (typeof jwk[member] !== "string" || jwk[member] === "") {
      throw problem(
        `The access key's "jwk" has no "${member}"${member === "d" ? " (it is not a private key)" : ""}`,
        ACCESS_KEY_HELP,
      );
    }
  }
  if (typeof jwk.kid !== "string" || jwk.kid === "") {
    throw problem(
      'The access key\'s "jwk" has no "kid" (key ID)',
      ACCESS_KEY_HELP,
    );
  }
  if (typeof key.clientId !== "string" || key.clientId === "") {
    throw problem(
      'The Base-64 Encoded Access Key has no "clientId"',
      ACCESS_KEY_HELP,
    );
  }
  const domain =
    typeof key.domain === "string" ? key.domain.trim().toLowerCase() : "";
  if (
    needDomain &&
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(
      domain,
    )
  ) {
    throw problem(
      'The Base-64 Encoded Access Key has no valid "domain" (such as laserfiche.com)',
      `The domain decides the sign-in and API hosts. ${ACCESS_KEY_HELP} Or turn on "Custom Endpoints" and enter both URLs.`,
    );
  }
  return {
    customerId: typeof key.customerId === "string" ? key.customerId : undefined,
    clientId: key.clientId,
    domain,
    jwk: {
      kty: "EC",
      crv: "P-256",
      kid: jwk.kid,
      x: jwk.x as string,
      y: jwk.y as string,
      d: jwk.d as string,
    },
  };
}

function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

function checkUrl(value: string, field: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw problem(
      `${field} "${value}" is not an http(s) URL`,
      `Enter a full URL such as https://signin.laserfiche.com/oauth/Token, or turn off "Custom Endpoints".`,
    );
  }
  return trimSlash(value);
}

/** Token URL and API base URL: the overrides when set, else derived from the access key's domain. */
export function cloudEndpoints(
  credentials: ICredentialDataDecryptedObject,
): CloudEndpoints {
  const custom = credentials.customEndpoints === true;
  const tokenOverride =
    custom && typeof credentials.tokenUrl === "string"
      ? credentials.tokenUrl.trim()
      : "";
  const apiOverride =
    custom && typeof credentials.apiBaseUrl === "string"
      ? credentials.apiBaseUrl.trim()
      : "";
  const needDomain = tokenOverride === "" || apiOverride === "";
  const key = needDomain
    ? parseAccessKey(credentials.accessKeySecret, true)
    : undefined;
  return {
    tokenUrl: tokenOverride
      ? checkUrl(tokenOverride, "Token URL")
      : `https://signin.${key!.domain}/oauth/Token`,
    apiBaseUrl: apiOverride
      ? checkUrl(apiOverride, "API Base URL")
      : `https://api.${key!.domain}/repository`,
  };
}

/** The ES256-signed client-credentials JWT (header kid; claims client_id, client_secret, aud, iat, nbf, exp). */
export function createClientJwt(
  accessKey: AccessKey,
  servicePrincipalKey: string,
  nowSeconds = Math.ceil(Date.now() / 1000 - 1),
  lifetimeSeconds = CLIENT_JWT_LIFETIME_SECONDS,
): string {
  let privateKey: KeyObject | undefined;
  try {
    privateKey = createPrivateKey({ key: { ...accessKey.jwk }, format: "jwk" });
  } catch {
    privateKey = undefined;
  }
  if (!privateKey) {
    throw problem(
      'The access key\'s "jwk" is not a valid P-256 private key',
      `Its x, y and d values do not form a key on the P-256 curve. ${ACCESS_KEY_HELP}`,
    );
  }
  const header = base64Url(
    JSON.stringify({ alg: "ES256", typ: "JWT", kid: accessKey.jwk.kid }),
  );
  const payload = base64Url(
    JSON.stringify({
      client_id: accessKey.clientId,
      client_secret: servicePrincipalKey,
      aud: CLIENT_JWT_AUDIENCE,
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + lifetimeSeconds,
    }),
  );
  const signingInput = `${header}.${payload}`;
  // JOSE wants the raw R||S signature (IEEE P1363), not node's default DER.
  const signature = sign("sha256", Buffer.from(signingInput), {
    key: privateKey,
    dsaEncoding: "ieee-p1363",
  });
  return `${signingInput}.${base64Url(signature)}`;
}

interface TokenAnswer {
  statusCode?: number;
  headers?: IDataObject;
  body?: unknown;
  failure?: { code?: string; message?: string };
  /** Retries made before this answer. */
  retries: number;
  /** For a 429 not retried because it asked to wait too long: the wait it asked for. */
  retryAfterMs?: number;
}

type Attempt = Omit<TokenAnswer, "retries" | "retryAfterMs">;

/**
 * Token requests create nothing, so they are retried like any idempotent call, but not when the
 * connection is refused (a wrong URL or port, most likely: see RetryOptions.retryRefused).
 */
const TOKEN_RETRY: RetryOptions = { idempotent: true, retryRefused: false };

/**
 * An attempt without a 2xx answer, as the shared retry reads a failure: the answer's status and
 * headers, or the network code alone (which decides, and which the sign-in message names, whatever
 * status a cut answer had).
 */
class UnsuccessfulAttempt extends Error {
  readonly response?: { status: number; headers: IDataObject };

  readonly code?: string;

  constructor(readonly attempt: Attempt) {
    super("The token request did not succeed");
    if (attempt.failure) this.code = attempt.failure.code;
    else
      this.response = {
        status: attempt.statusCode ?? 0,
        headers: attempt.headers ?? {},
      };
  }
}

/** One token request, answering with the status, headers and body whatever the status, or the network failure. */
async function sendTokenRequestOnce(
  helper: IHttpRequestHelper,
  options: IHttpRequestOptions,
): Promise<Attempt> {
  let answer: Attempt;
  try {
    const response = (await helper.helpers.httpRequest({
      ...options,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      json: true,
      timeout: 30_000,
    })) as { statusCode: number; headers?: IDataObject; body: unknown };
    answer = {
      statusCode: response.statusCode,
      headers: response.headers ?? {},
      body: response.body,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    answer = {
      failure: {
        code: (error as { code?: string }).code ?? cause?.code,
        message: (error as Error).message,
      },
    };
  }
  return answer;
}

/**
 * Sends a token request, retrying transient failures as the shared policy says (TOKEN_RETRY): 429
 * after its Retry-After (bounded) or a backoff, 500/502/503/504 and cut or timed-out connections
 * after a backoff. Answers with the last status and body whatever the status, or the last network
 * failure.
 */
async function sendTokenRequest(
  helper: IHttpRequestHelper,
  options: IHttpRequestOptions,
): Promise<TokenAnswer> {
  let attempts = 0;
  const attempt = async (): Promise<Attempt> => {
    attempts++;
    const answer = await sendTokenRequestOnce(helper, options);
    const status = answer.statusCode ?? 0;
    return !answer.failure && status >= 200 && status <= 299
      ? answer
      : await Promise.reject(new UnsuccessfulAttempt(answer));
  };
  const outcome = await settle(withRetry(attempt, TOKEN_RETRY));
  if (outcome.ok) return { ...outcome.value, retries: attempts - 1 };
  const last = outcome.error as UnsuccessfulAttempt;
  const requested =
    last.response?.status === RETRY_POLICY.rateLimitedStatus
      ? requestedWaitMs(last)
      : undefined;
  return {
    ...last.attempt,
    retries: attempts - 1,
    retryAfterMs:
      requested !== undefined && requested > RETRY_POLICY.maxRetryAfterMs
        ? requested
        : undefined,
  };
}

function bodyObject(body: unknown): IDataObject {
  if (body && typeof body === "object" && !Buffer.isBuffer(body))
    return body as IDataObject;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    try {
      const parsed = JSON.parse(body.toString()) as unknown;
      if (parsed && typeof parsed === "object") return parsed as IDataObject;
    } catch {
      return {};
    }
  }
  return {};
}

const NETWORK_PROBLEMS: Array<[RegExp, string]> = [
  [/^ECONNREFUSED$/, "the connection was refused"],
  [/^(ENOTFOUND|EAI_AGAIN)$/, "the host name was not found"],
  [
    /^(ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|ERR_SOCKET_CONNECTION_TIMEOUT)$/,
    "it did not answer in time",
  ],
  [/^(ECONNRESET|EPIPE|ERR_BAD_RESPONSE)$/, "the connection was cut"],
  [/^(EHOSTUNREACH|ENETUNREACH)$/, "the host is unreachable"],
  [
    /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i,
    "its TLS certificate is not trusted",
  ],
];

/**
 * The network failure in words. n8n replaces any error message that contains a code such as
 * ECONNREFUSED by a generic text, so the code only goes into the description.
 */
function unreachable(
  what: string,
  url: string,
  answer: TokenAnswer,
  sslHint: boolean,
): UserError {
  const code = answer.failure?.code ?? "";
  const words =
    NETWORK_PROBLEMS.find(([pattern]) => pattern.test(code))?.[1] ??
    "it did not answer";
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code);
  const hint =
    tls && sslHint
      ? 'Install a certificate n8n trusts on the server, or turn on "Ignore SSL Issues (Insecure)".'
      : isTransientNetworkCode(code, TOKEN_RETRY)
        ? "It may be overloaded, or a proxy cut the connection: try again later, and check that n8n can reach it (firewall, proxy)."
        : "Check the URL, that the server is running and that n8n can reach it (DNS, firewall, proxy).";
  return problem(
    `Could not reach ${what} at ${url}: ${words}`,
    `${hint}${code ? ` Network error code: ${code}.` : ""}${tried(answer)}`,
  );
}

/** " Tried N times." when the request was retried. */
function tried(answer: TokenAnswer): string {
  return answer.retries > 0 ? ` Tried ${answer.retries + 1} times.` : "";
}

/**
 * The token endpoint's error document (ProblemDetails or OAuth error JSON), if it sent one. It goes with
 * the failures our message cannot explain on its own (429, 5xx, an unexpected status, the API Server's
 * 403), for the Error output's `details`; the problems we recognise (wrong key or password, unknown
 * repository, app not allowed, scope refused) are explained by their own message and advice.
 */
function errorDocument(body: IDataObject): IDataObject | undefined {
  return Object.keys(body).length > 0 ? body : undefined;
}

/** A sign-in still answered 429 after the bounded retries, or asked to wait longer than we do. */
function rateLimited(
  what: string,
  answer: TokenAnswer,
  body: IDataObject,
): UserError {
  const wait =
    answer.retryAfterMs !== undefined
      ? `It asked to wait ${Math.ceil(answer.retryAfterMs / 1000)} s (Retry-After), longer than the ${RETRY_POLICY.maxRetryAfterMs / 1000} s a sign-in waits.`
      : `It still answered 429 after ${answer.retries} retries.`;
  return problem(
    `${what} is limiting token requests (HTTP 429, too many requests)`,
    `${wait} Wait a little and run the workflow again, or run fewer executions at the same time.`,
    errorDocument(body),
  );
}

/** A 5xx of the token endpoint, after the bounded retries. */
function serverFailed(
  what: string,
  status: number,
  answer: TokenAnswer,
  body: IDataObject,
  check: string,
): UserError {
  const title = titleOf(body);
  return problem(
    `${what} could not issue a token (HTTP ${status})`,
    `${title ? `It answered "${title}".` : "It failed on its side."}${tried(answer)} Try again later. ${check}`,
    errorDocument(body),
  );
}

function tokenOf(body: IDataObject): string | undefined {
  return typeof body.access_token === "string" && body.access_token !== ""
    ? body.access_token
    : undefined;
}

function titleOf(body: IDataObject): string {
  for (const key of [
    "error_description",
    "title",
    "detail",
    "error",
    "message",
  ]) {
    if (typeof body[key] === "string" && body[key] !== "")
      return body[key] as string;
  }
  return "";
}

/** Scopes in a space-delimited list. */
function scopeList(scope: unknown): string[] {
  return typeof scope === "string"
    ? scope.split(/\s+/).filter((s) => s !== "")
    : [];
}

/**
 * Token requests of this process, by credential and by the token they replace: concurrent executions
 * that find the same token missing or expired share one request, and the answer is reused for a few
 * seconds (by executions that read the credential before n8n stored the new token). Nothing else is
 * kept; the token itself lives in the credential, as n8n stores it.
 */
const TOKEN_REUSE_MS = 10_000;
const tokenRequests = new Map<
  string,
  { at: number; answer: Promise<{ accessToken: string }> }
>();

export async function sharedTokenRequest(
  parts: unknown[],
  request: () => Promise<{ accessToken: string }>,
): Promise<{ accessToken: string }> {
  const key = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  const now = Date.now();
  for (const [k, v] of tokenRequests)
    if (now - v.at > TOKEN_REUSE_MS) tokenRequests.delete(k);
  const known = tokenRequests.get(key);
  if (known) return await known.answer;
  const answer = request();
  tokenRequests.set(key, { at: now, answer });
  answer.catch(() => tokenRequests.delete(key));
  return await answer;
}

/** preAuthentication of laserficheCloudApi: signs the JWT and exchanges it for an access token. */
export async function requestCloudToken(
  helper: IHttpRequestHelper,
  credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string }> {
  const servicePrincipalKey =
    typeof credentials.servicePrincipalSecretKey === "string"
      ? credentials.servicePrincipalSecretKey.trim()
      : "";
  if (servicePrincipalKey === "") {
    throw problem(
      "The Service Principal Key is empty",
      'In Laserfiche Account Administration open the service principal and click "Create Service Principal Keys"; paste the key here.',
    );
  }
  const accessKey = parseAccessKey(credentials.accessKeySecret, false);
  const { tokenUrl } = cloudEndpoints(credentials);
  const jwt = createClientJwt(accessKey, servicePrincipalKey);
  const requested = scopeList(credentials.scope);
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (requested.length) form.set("scope", requested.join(" "));

  const answer = await sendTokenRequest(helper, {
    method: "POST",
    url: tokenUrl,
    headers: { Authorization: `Bearer ${jwt}` },
    body: form,
  });
  if (answer.failure)
    throw unreachable(
      "the Laserfiche Cloud sign-in service",
      tokenUrl,
      answer,
      false,
    );
  const status = answer.statusCode ?? 0;
  const body = bodyObject(answer.body);
  const failed = status < 200 || status > 299;
  const document = failed ? errorDocument(body) : undefined;
  const error =
    typeof body.error === "string"
      ? body.error
      : typeof body.type === "string"
        ? body.type
        : "";
  // An OAuth error code names the problem; a ProblemDetails type is a URL, which says nothing more.
  const code = /^[a-z][a-z0-9+.-]*:/i.test(error) ? "" : error;
  if (status === 429) {
    throw rateLimited("The Laserfiche Cloud sign-in service", answer, body);
  }
  if (status === 401 || error === "invalid_client") {
    throw problem(
      "Laserfiche Cloud rejected the Service Principal Key (invalid_client)",
      "The key is wrong, expired (keys expire after 90 days by default) or rotated, or it belongs to another service principal than the one this access key's app runs as. Create a new key in Account Administration and paste it here.",
      document,
    );
  }
  if (error === "unauthorized_client" || status === 403) {
    throw problem(
      `Laserfiche Cloud does not let this app use a service principal (${code || `HTTP ${status}`})`,
      "In the Developer Console the app must be a Service app with a Service Account (the service principal) selected.",
      document,
    );
  }
  if (error === "invalid_scope") {
    throw problem(
      `Laserfiche Cloud refused the requested scope "${requested.join(" ")}"`,
      "Use repository.ReadWrite (or repository.Read / repository.Write) and approve it for the app in the Developer Console.",
      document,
    );
  }
  if (status >= 500) {
    throw serverFailed(
      "The Laserfiche Cloud sign-in service",
      status,
      answer,
      body,
      `If it keeps failing, check the Token URL (${tokenUrl}).`,
    );
  }
  if (failed) {
    throw problem(
      `Laserfiche Cloud refused the token request (HTTP ${status}${code ? `, ${code}` : ""})`,
      titleOf(body) || `Check the Token URL (${tokenUrl}).`,
      document,
    );
  }
  const accessToken = tokenOf(body);
  if (!accessToken) {
    throw problem(
      `The Laserfiche Cloud sign-in service at ${tokenUrl} answered without an access token`,
      "Check the Token URL.",
    );
  }
  if (requested.length) {
    const granted = scopeList(body.scope);
    if (
      !granted.some((scope) => scope.toLowerCase().startsWith("repository"))
    ) {
      throw problem(
        `Laserfiche Cloud granted none of the requested scopes (${requested.join(" ")})`,
        "The repository API v2 needs repository.Read and repository.Write: set Scope to repository.ReadWrite and check that the app may use it in the Developer Console.",
      );
    }
  }
  return { accessToken };
}

/** The self-hosted API server's base URL without a trailing slash, checked. */
export function selfHostedBaseUrl(
  credentials: ICredentialDataDecryptedObject,
): string {
  const value =
    typeof credentials.baseUrl === "string" ? credentials.baseUrl.trim() : "";
  if (value === "") {
    throw problem(
      "The Base URL is empty",
      "Enter the address of the Laserfiche API Server, such as https://ServerName/LFRepositoryAPI.",
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw problem(
      `The Base URL "${value}" is not an http(s) URL`,
      "Enter a full URL such as https://ServerName/LFRepositoryAPI.",
    );
  }
  return trimSlash(value);
}

const REPOSITORY_HELP =
  "Enter the name of the Laserfiche repository, as the API Server knows it (such as LFRepo).";

/**
 * The self-hosted credential's repository ID, checked: it becomes a path segment of every URL, so
 * "." or ".." (which would climb out of /Repositories/) and slashes or backslashes are refused.
 */
export function selfHostedRepositoryId(
  credentials: ICredentialDataDecryptedObject,
): string {
  const value =
    typeof credentials.repositoryId === "string"
      ? credentials.repositoryId.trim()
      : typeof credentials.repositoryId === "number"
        ? String(credentials.repositoryId)
        : "";
  if (value === "") {
    throw problem("The Repository ID is empty", REPOSITORY_HELP);
  }
  if (/^\.+$/.test(value)) {
    throw problem(
      `The Repository ID "${value}" is not a repository name`,
      `"." and ".." are not repository names. ${REPOSITORY_HELP}`,
    );
  }
  const bad = /[\\/]/.exec(value);
  if (bad) {
    throw problem(
      `The Repository ID "${value}" contains "${bad[0]}"`,
      `A repository name has no slashes or backslashes: enter the name alone, not a path or URL. ${REPOSITORY_HELP}`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw problem(
      "The Repository ID contains control characters (line breaks, tabs...)",
      `Remove them. ${REPOSITORY_HELP}`,
    );
  }
  return value;
}

/** preAuthentication of laserficheSelfHostedApi: the password grant. */
export async function requestSelfHostedToken(
  helper: IHttpRequestHelper,
  credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string }> {
  const baseUrl = selfHostedBaseUrl(credentials);
  const repositoryId = selfHostedRepositoryId(credentials);
  const username =
    typeof credentials.username === "string" ? credentials.username.trim() : "";
  if (username === "") {
    throw problem(
      "The Username is empty",
      "Enter a repository, LFDS or Windows user (DOMAIN\\user or user@domain).",
    );
  }
  const password =
    typeof credentials.password === "string" ? credentials.password : "";
  const url = `${baseUrl}/v1/Repositories/${encodeURIComponent(repositoryId)}/Token`;
  const answer = await sendTokenRequest(helper, {
    method: "POST",
    url,
    body: new URLSearchParams({ grant_type: "password", username, password }),
    skipSslCertificateValidation: credentials.ignoreSSLIssues === true,
  });
  if (answer.failure)
    throw unreachable("the Laserfiche API Server", baseUrl, answer, true);
  const status = answer.statusCode ?? 0;
  const body = bodyObject(answer.body);
  const document =
    status < 200 || status > 299 ? errorDocument(body) : undefined;
  if (status === 429) {
    throw rateLimited("The Laserfiche API Server", answer, body);
  }
  if (status === 401) {
    throw problem(
      `The Laserfiche API Server rejected the username or password for repository "${repositoryId}"`,
      "Check Username and Password. Windows users are written DOMAIN\\user or user@domain.",
      document,
    );
  }
  if (status === 404) {
    const aboutRepository =
      /repositor/i.test(String(body.title ?? "")) ||
      body.errorCode === 9015 ||
      /repository\b.*\b(not found|does not exist)/i.test(
        String(body.detail ?? ""),
      );
    throw problem(
      aboutRepository
        ? `The Laserfiche API Server has no repository "${repositoryId}"`
        : `No Laserfiche API Server answers at ${baseUrl} (HTTP 404)`,
      aboutRepository
        ? "Check Repository ID: it is the repository's name as the API Server knows it."
        : "Check Base URL: it usually ends with /LFRepositoryAPI.",
      document,
    );
  }
  if (status === 403) {
    throw problem(
      `The Laserfiche API Server refused to sign in "${username}" to repository "${repositoryId}" (HTTP 403)`,
      titleOf(body) || "The user may not use the repository through the API.",
      document,
    );
  }
  if (status >= 500) {
    throw serverFailed(
      "The Laserfiche API Server",
      status,
      answer,
      body,
      "If it keeps failing, check Base URL and that the API Server can reach the repository.",
    );
  }
  if (status < 200 || status > 299) {
    throw problem(
      `The Laserfiche API Server refused the sign-in (HTTP ${status})`,
      titleOf(body) || "Check Base URL, Repository ID, Username and Password.",
      document,
    );
  }
  const accessToken = tokenOf(body);
  if (!accessToken) {
    throw problem(
      `The server at ${baseUrl} answered without an access token`,
      "Check Base URL: it usually ends with /LFRepositoryAPI.",
    );
  }
  return { accessToken };
}
