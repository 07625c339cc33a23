/**
 * The trigger's Files.com webhook behavior over the workflow's life (n8n's webhook lifecycle): one behavior
 * on the folder delivering to n8n's webhook URL with a random secret header, kept in the workflow's static
 * data; found again rather than added twice; removed on deactivation.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { toNodeError } from '../shared/errors';
import { normalizePath } from '../FilesCom/helpers/paths';
import type { WebhookBehavior, WebhookSubscription } from '../FilesCom/transport';
import {
	createBehavior,
	deleteBehavior,
	findBehaviors,
	filesComErrors,
	getBehavior,
	secretOf,
} from '../FilesCom/transport';
import { EVENTS } from './delivery';

interface SubscriptionState extends IDataObject {
	behaviorId?: number;
	secret?: string;
}

const patterns = (raw: unknown): string[] =>
	String(raw ?? '')
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean);

/** What the node's parameters ask Files.com for (the secret filled in on creation). */
function wanted(context: IHookFunctions, secret = ''): WebhookSubscription {
	const raw = context.getNodeParameter('path', '') as unknown;
	const value =
		raw && typeof raw === 'object' && 'value' in (raw as IDataObject)
			? (raw as IDataObject).value
			: raw;
	const folder = normalizePath(context.getNode(), 0, value, 'Folder', { allowRoot: true });
	const events = context.getNodeParameter('events', []) as string[];
	if (!EVENTS.some((e) => events.includes(e.value)))
		throw new NodeOperationError(context.getNode(), 'Events: choose at least one event', {
			description:
				'Pick the file actions that should start the workflow (for example File Created), then activate it again.',
		});
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		folder,
		url: context.getNodeWebhookUrl('default') ?? '',
		secret,
		triggers: EVENTS.filter((e) => events.includes(e.value)).map((e) => e.action),
		recursive: context.getNodeParameter('includeSubfolders', true) as boolean,
		include: patterns(options.fileNames),
		exclude: patterns(options.excludeFileNames),
	};
}

const sameList = (a: unknown, b: string[]) =>
	JSON.stringify(Array.isArray(a) ? [...a].map(String).sort() : []) ===
	JSON.stringify([...b].sort());

/** Whether an existing behavior already does what the parameters ask (else it is replaced). */
function matches(behavior: WebhookBehavior, want: WebhookSubscription): boolean {
	const v = behavior.value;
	return (
		behavior.path.replace(/^\/+|\/+$/g, '') === want.folder &&
		(behavior.recursive === undefined || behavior.recursive === want.recursive) &&
		sameList(v.triggers, want.triggers) &&
		sameList(v.triggering_filenames, want.include) &&
		sameList(v.exclude_filenames, want.exclude) &&
		String(v.method ?? 'GET').toUpperCase() === 'POST' &&
		secretOf(behavior) !== undefined
	);
}

/** checkExists: the stored behavior, or one on the folder that delivers to this URL, with the same settings. */
export async function verifySubscription(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as SubscriptionState;
	const want = wanted(this);
	const candidates: WebhookBehavior[] = [];
	if (typeof state.behaviorId === 'number') {
		const stored = await getBehavior.call(this, state.behaviorId);
		if (stored) candidates.push(stored);
	}
	candidates.push(...(await findBehaviors.call(this, want.folder, want.url)));
	for (const behavior of candidates) {
		if (!matches(behavior, want)) continue;
		state.behaviorId = behavior.id;
		state.secret = secretOf(behavior);
		return true;
	}
	// Ours but outdated (other events, patterns or folder): removed, then created anew.
	for (const behavior of candidates) await deleteBehavior.call(this, behavior.id);
	delete state.behaviorId;
	delete state.secret;
	return false;
}

/** Why a webhook URL cannot be reached from Files.com, when that shows from the URL alone. */
export function localUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `"${url}" is not a URL`;
	}
	const host = parsed.hostname.replace(/^\[|\]$/g, '');
	const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
	if (
		/^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|::1|0\.0\.0\.0)$/i.test(
			host,
		) ||
		!host.includes('.')
	)
		return `n8n's webhook URL ${url} is a local address, which Files.com cannot call`;
	if (![80, 443, 8080, 8443].includes(port))
		return `n8n's webhook URL ${url} uses port ${port}; Files.com calls only ports 80, 443, 8080 and 8443`;
	return undefined;
}

/** create: adds the behavior with a new secret. A refusal keeps Files.com's error document. */
export async function subscribe(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as SubscriptionState;
	const want = wanted(this, randomBytes(24).toString('hex'));
	try {
		const behavior = await createBehavior.call(this, want);
		state.behaviorId = behavior.id;
		state.secret = want.secret;
		return true;
	} catch (error) {
		const failure = await toNodeError(this.getNode(), error, filesComErrors, 0);
		if (failure instanceof NodeApiError) {
			const local = localUrlProblem(want.url);
			failure.description = [
				failure.description,
				local
					? `${local}. Set n8n's WEBHOOK_URL to a public address (https on port 443 with a valid certificate) and activate the workflow again.`
					: `If Files.com refused the webhook URL ${want.url}: it calls only public addresses on ports 80, 443, 8080 or 8443 (443 with a valid certificate). Set n8n's WEBHOOK_URL accordingly.`,
			]
				.filter(Boolean)
				.join(' ');
		}
		throw failure;
	}
}

/** delete: removes the behavior (one already gone counts as removed). */
export async function unsubscribe(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as SubscriptionState;
	if (typeof state.behaviorId === 'number') await deleteBehavior.call(this, state.behaviorId);
	delete state.behaviorId;
	delete state.secret;
	return true;
}
