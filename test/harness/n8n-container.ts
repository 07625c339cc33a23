/**
 * n8n-core's own dependency-injection container and logger class. The tree holds several copies of
 * @n8n/di and @n8n/backend-common; n8n-core only sees the ones it resolves itself.
 */
import { createRequire } from 'node:module';

const requireFromCore = createRequire(require.resolve('n8n-core'));

export const { Container } = requireFromCore('@n8n/di') as typeof import('@n8n/di');
export const { Logger } = requireFromCore('@n8n/backend-common') as {
	Logger: abstract new (...args: never[]) => unknown;
};
