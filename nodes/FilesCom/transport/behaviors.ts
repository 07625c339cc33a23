/**
 * Folder webhook behaviors (`/behaviors`, Files.com's spec): the instant trigger's subscription. Created on
 * activation with n8n's webhook URL, found again by that URL, deleted on deactivation. Facts and gaps:
 * test/emulators/filescom/WEBHOOKS.md.
 */
import type { IDataObject } from 'n8n-workflow';

import { statusOf } from '../../shared/errors';
import { settle } from '../../shared/retry';

import type { FilesComContext } from './connection';
import { encodePath } from './paths';
import { apiRequest, apiRequestFull } from './request';

/** The header carrying the trigger's random secret on every delivery (a behavior's `headers` value). */
export const CHECK_HEADER = 'X-N8n-Webhook-Check';

export interface WebhookBehavior {
	id: number;
	path: string;
	value: IDataObject;
	/** As Files.com answers it; some answers leave it out (the Terraform provider's recorded traffic). */
	recursive?: boolean;
}

export interface WebhookSubscription {
	folder: string;
	url: string;
	secret: string;
	/** Files.com action names: create, update, destroy, move, copy, read. */
	triggers: string[];
	recursive: boolean;
	include: string[];
	exclude: string[];
}

function asBehavior(raw: unknown): WebhookBehavior | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const b = raw as IDataObject;
	if (b.behavior !== undefined && b.behavior !== 'webhook') return undefined;
	let value = b.value;
	// "May be sent as nested JSON or a single JSON-encoded string" (BehaviorEntity.value): read either.
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as IDataObject;
		} catch {
			value = {};
		}
	}
	return {
		id: Number(b.id),
		path: String(b.path ?? ''),
		value: value && typeof value === 'object' ? (value as IDataObject) : {},
		recursive: typeof b.recursive === 'boolean' ? b.recursive : undefined,
	};
}

/** Whether a behavior delivers to `url` (one of its `urls`). */
export function deliversTo(behavior: WebhookBehavior, url: string): boolean {
	const urls = behavior.value.urls;
	return Array.isArray(urls) && urls.some((u) => String(u) === url);
}

/** The secret a behavior sends, from its `headers` (any case), or undefined. */
export function secretOf(behavior: WebhookBehavior): string | undefined {
	const headers = behavior.value.headers;
	if (!headers || typeof headers !== 'object') return undefined;
	for (const [name, value] of Object.entries(headers as IDataObject))
		if (name.toLowerCase() === CHECK_HEADER.toLowerCase() && typeof value === 'string')
			return value;
	return undefined;
}

/** The behavior, or undefined when Files.com no longer has it (404). */
export async function getBehavior(
	this: FilesComContext,
	id: number,
): Promise<WebhookBehavior | undefined> {
	const answer = await settle(apiRequest.call(this, 'GET', `/behaviors/${id}`));
	if (answer.ok) return asBehavior(answer.value);
	if (statusOf(answer.error) === 404) return undefined;
	throw answer.error;
}

/** The webhook behaviors on `folder` itself that deliver to `url`. */
export async function findBehaviors(
	this: FilesComContext,
	folder: string,
	url: string,
): Promise<WebhookBehavior[]> {
	const found: WebhookBehavior[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 100; page++) {
		const answer = await apiRequestFull.call(
			this,
			'GET',
			`/behaviors/folders/${encodePath(folder)}`,
			{
				qs: { per_page: 1000, 'filter[behavior]': 'webhook', ...(cursor ? { cursor } : {}) },
			},
		);
		const list = Array.isArray(answer.body) ? answer.body : [];
		for (const raw of list) {
			const behavior = asBehavior(raw);
			if (behavior && deliversTo(behavior, url)) found.push(behavior);
		}
		const next = answer.headers['x-files-cursor-next'] ?? answer.headers['x-files-cursor'];
		if (typeof next !== 'string' || next === '' || list.length === 0) break;
		cursor = next;
	}
	return found;
}

/** Creates the folder's webhook behavior: POST, form-encoded (RAW), the secret in a header. */
export async function createBehavior(
	this: FilesComContext,
	subscription: WebhookSubscription,
): Promise<WebhookBehavior> {
	const value: IDataObject = {
		urls: [subscription.url],
		method: 'POST',
		encoding: 'RAW',
		triggers: subscription.triggers,
		headers: { [CHECK_HEADER]: subscription.secret },
	};
	if (subscription.include.length) value.triggering_filenames = subscription.include;
	if (subscription.exclude.length) value.exclude_filenames = subscription.exclude;
	const created = await apiRequest.call(this, 'POST', '/behaviors', {
		body: {
			path: subscription.folder,
			behavior: 'webhook',
			recursive: subscription.recursive,
			value,
		},
	});
	const behavior = asBehavior(created);
	if (!behavior || !Number.isInteger(behavior.id))
		throw new TypeError('Files.com answered no behavior ID');
	return behavior;
}

/** Deletes a behavior; one Files.com no longer has (404) counts as deleted. */
export async function deleteBehavior(this: FilesComContext, id: number): Promise<void> {
	const answer = await settle(
		apiRequest.call(this, 'DELETE', `/behaviors/${id}`, { idempotent: true }),
	);
	if (!answer.ok && statusOf(answer.error) !== 404) throw answer.error;
}
