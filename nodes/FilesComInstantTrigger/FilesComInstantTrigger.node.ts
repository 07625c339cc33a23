import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { toNodeError } from '../shared/errors';
import { listSearch } from '../FilesCom/methods';
import { CHECK_HEADER, downloadFile, filesComErrors } from '../FilesCom/transport';
import { deliveryKey, eventOf, fieldsOf, isAuthentic, remember, seenBefore } from './delivery';
import { properties } from './description';
import { subscribe, unsubscribe, verifySubscription } from './subscription';

/** Runs a lifecycle step; a failure becomes a node error carrying Files.com's error document. */
async function withFilesComErrors(
	context: IHookFunctions,
	step: (this: IHookFunctions) => Promise<boolean>,
): Promise<boolean> {
	try {
		return await step.call(context);
	} catch (error) {
		throw await toNodeError(context.getNode(), error, filesComErrors, 0);
	}
}

export class FilesComInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Files.com Instant Trigger',
		name: 'filesComInstantTrigger',
		icon: { light: 'file:../../icons/filescom.svg', dark: 'file:../../icons/filescom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow the moment files change in a Files.com folder (a Files.com webhook, no polling)',
		defaults: { name: 'Files.com Instant Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'filesComApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};

	methods = { listSearch };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await withFilesComErrors(this, verifySubscription);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await subscribe.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await withFilesComErrors(this, unsubscribe);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const staticData = this.getWorkflowStaticData('node');
		const headers = this.getHeaderData() as IDataObject;
		if (!isAuthentic(staticData.secret, headers[CHECK_HEADER.toLowerCase()])) {
			this.getResponseObject().status(401).send('Unauthorized');
			return { noWebhookResponse: true };
		}
		const fields = fieldsOf(this.getBodyData(), this.getQueryData());
		const event = eventOf(fields);
		const wanted = this.getNodeParameter('events', []) as string[];
		const key = deliveryKey(fields);
		if (!event || !wanted.includes(event.event) || seenBefore(staticData, key)) return {};
		const otherHeaders = Object.fromEntries(
			Object.entries(headers).filter(([name]) => name.toLowerCase() !== CHECK_HEADER.toLowerCase()),
		);
		const json: IDataObject = {
			...event,
			request: { query: this.getQueryData(), body: this.getBodyData(), headers: otherHeaders },
		};
		const download =
			(this.getNodeParameter('options.downloadFile', false) as boolean) &&
			(event.event === 'created' || event.event === 'updated') &&
			event.type === 'file';
		let binary;
		if (download) {
			const property =
				String(this.getNodeParameter('options.binaryPropertyName', 'data')).trim() || 'data';
			try {
				const fetched = await downloadFile.call(this, event.path, 0);
				binary = { [property]: fetched.binary };
				if (json.size === null && typeof fetched.file.size === 'number')
					json.size = fetched.file.size;
			} catch (error) {
				// Answered with an error: Files.com delivers the event again later.
				throw await toNodeError(this.getNode(), error, filesComErrors, 0);
			}
		}
		remember(staticData, key);
		return { workflowData: [[binary ? { json, binary } : { json }]] };
	}
}
