import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { networkCodeOf, networkProblem } from '../../../shared/errors';
import { storeDownload } from '../../../shared/presigned';
import { invalidInput } from '../../../shared/validation';
import { entryAt, exportFileName } from '../../helpers/entries';
import { taskOptions, waitForTask } from '../../helpers/tasks';
import { optionalId, readLocator } from '../../helpers/input';
import type { Entry } from '../../transport';
import { openRepository } from '../../transport';
import {
	auditReasonOptions,
	binaryPropertyField,
	entryLocator,
	taskTimeoutOption,
	timeoutOption,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	entryLocator({ description: 'The document to export' }),
	binaryPropertyField('Name of the output binary property to put the file in'),
	optionsCollection([
		...auditReasonOptions,
		{
			...taskTimeoutOption,
			description:
				'Seconds to wait for the export task (repository API v2 exports through a task) before the item fails with its task ID',
		},
		timeoutOption,
	]),
];

const displayOptions = { show: { resource: ['document'], operation: ['export'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** How many times a document is exported when its download is cut or arrives short. */
const EXPORT_ATTEMPTS = 3;

/** Codes of a download stream that broke off while n8n stored it. */
const CUT_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The network code of a download that broke off while n8n stored it, or undefined for any other failure. */
function cutCode(error: unknown): string | undefined {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return undefined;
	const code = networkCodeOf(error);
	if (code !== undefined && CUT_CODES.has(code)) return code;
	return /aborted|premature close/i.test(String((error as Error)?.message ?? ''))
		? 'ECONNRESET'
		: undefined;
}

/** The bytes an export must give: the electronic document's size, when Laserfiche states it. */
function expectedSize(entry: Entry): number | undefined {
	const size = entry.electronicDocumentSize;
	return typeof size === 'number' &&
		Number.isInteger(size) &&
		size >= 0 &&
		entry.isElectronicDocument !== false
		? size
		: undefined;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const locator = readLocator(this, itemIndex, 'entry', 'Entry');
	const propertyName = String(
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '',
	).trim();
	if (propertyName === '') {
		throw invalidInput(
			node,
			itemIndex,
			'Binary Property',
			'is empty',
			'Enter the name of the binary property to put the file in, such as "data".',
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const auditReasonId = optionalId(node, itemIndex, options.auditReasonId, 'Audit Reason ID');
	const auditReasonComment = (options.auditReasonComment as string) || undefined;
	const { timeoutSeconds } = taskOptions(this, itemIndex);
	const { api, timeout } = await openRepository(this, itemIndex);
	const entry = await entryAt(api, locator);
	if (entry.entryType !== 'Document') {
		throw new NodeOperationError(
			node,
			`Entry: "${entry.fullPath ?? entry.name}" is a ${entry.entryType}, not a document`,
			{
				itemIndex,
				description:
					'Only documents can be exported. Choose a document (a shortcut\'s target ID is in its "targetId").',
			},
		);
	}
	// A download cut in the middle, or one that arrives short of the document's size, is exported again (a
	// new link each time); after EXPORT_ATTEMPTS the item fails rather than give a short file.
	const expected = expectedSize(entry);
	let problem = '';
	let code: string | undefined;
	let binary: IBinaryData | undefined;
	for (let attempt = 1; attempt <= EXPORT_ATTEMPTS && !binary; attempt++) {
		const file = await api.exportDocument(
			entry,
			{ auditReasonId, auditReasonComment },
			async (taskId) => await waitForTask(this, itemIndex, api, taskId, timeoutSeconds),
		);
		const mimeType =
			(typeof entry.mimeType === 'string' && entry.mimeType) ||
			file.mimeType?.split(';')[0] ||
			'application/octet-stream';
		const stored = await storeDownload(this, file.body, exportFileName(entry), mimeType, expected);
		if (stored.ok) {
			binary = stored.binary;
		} else if ('error' in stored) {
			code = cutCode(stored.error);
			if (code === undefined) throw stored.error;
			problem = `${api.version === 'v2' ? "Laserfiche's storage" : 'Laserfiche'} ${networkProblem(code, timeout)}`;
		} else {
			code = undefined;
			problem = `${stored.received} of its ${stored.expected} bytes arrived`;
		}
	}
	if (!binary) {
		throw new NodeOperationError(
			node,
			`Exporting "${entry.fullPath ?? entry.name}" failed: ${problem}`,
			{
				itemIndex,
				description: `The document was downloaded ${EXPORT_ATTEMPTS} times and never arrived whole${
					code ? ` (network error ${code})` : ''
				}. Nothing was output: run the node again later.`,
			},
		);
	}
	const input = this.getInputData()[itemIndex];
	return [
		{
			json: entry,
			binary: { ...(input?.binary ?? {}), [propertyName]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
