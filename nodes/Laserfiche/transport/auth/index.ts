/**
 * Laserfiche sign-in, used by the two credentials' `preAuthentication` (and by the node to find where its
 * requests go):
 * - Cloud (cloud-token.ts): the base-64 access key from the Developer Console (access-key.ts) signs an ES256
 *   JWT carrying the service principal key (client-jwt.ts), exchanged at `https://signin.{domain}/oauth/Token`
 *   (endpoints.ts) for an access token.
 * - Self-hosted (self-hosted-token.ts): `POST {base}/v1/Repositories/{id}/Token` with the password grant.
 *
 * Token requests create nothing, so transient failures are retried a bounded number of times
 * (token-request.ts, by the shared policy); concurrent executions share one (token-cache.ts); every failure
 * is a message of our own (sign-in-errors.ts).
 */
export { signInCloud } from './cloud-token';
export { signInSelfHosted } from './self-hosted-token';
export { cloudEndpoints, selfHostedBaseUrl, selfHostedRepositoryId } from './endpoints';
