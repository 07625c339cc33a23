import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { UPLOAD_READ_CHUNK_BYTES, getItemBinary } from '../../../shared/binary';
import { invalidInput, timeoutParameter } from '../../../shared/validation';
import { boundedInteger, dateParameter, pathParameter } from '../../helpers/params';
import { joinPath, normalizePath } from '../../helpers/paths';
import { uploadFile } from '../../transport';
import { folderLocator, timeoutOption } from '../common.descriptions';

const MAX_PART_CONCURRENCY = 10;

const properties: INodeProperties[] = [
	folderLocator({
		description: 'The folder to upload the file into. "/" is the root of the site.',
	}),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field that holds the file',
		description: 'The binary property of the input item that holds the file to upload',
	},
	optionsCollection([
		{
			displayName: 'Create Parent Folders',
			name: 'createParentFolders',
			type: 'boolean',
			default: true,
			description:
				'Whether to create the folder (and its parents) when it does not exist. On by default.',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'report.pdf',
			description: "The name of the file in Files.com. Default: the input file's name.",
		},
		{
			displayName: 'If File Exists',
			name: 'conflictBehavior',
			type: 'options',
			default: 'overwrite',
			options: [
				{ name: 'Overwrite', value: 'overwrite', description: 'Replace the existing file' },
				{
					name: 'Rename',
					value: 'rename',
					description:
						'Keep the existing file and store the new one under a new name, e.g. "report (1).pdf"',
				},
			],
			description: 'What to do when a file with that name is already in the folder',
		},
		{
			displayName: 'Modification Time',
			name: 'providedMtime',
			type: 'dateTime',
			default: '',
			description:
				"The file's modification time to record in Files.com (provided_mtime), e.g. the original file's",
		},
		{
			displayName: 'Parallel Part Uploads',
			name: 'partConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PART_CONCURRENCY },
			default: 3,
			description:
				'How many parts of a large file to send at once when Files.com allows it. Memory use is about the part size (5 MB) times this number.',
		},
		timeoutOption,
	]),
];

const displayOptions = { show: { resource: ['file'], operation: ['upload'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const folder = pathParameter.call(this, 'path', itemIndex, 'Folder', { allowRoot: true });
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const propertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const concurrency = boundedInteger(
		this,
		options.partConcurrency,
		itemIndex,
		'Parallel Part Uploads',
		1,
		MAX_PART_CONCURRENCY,
		3,
	);
	const providedMtime = dateParameter(this, options.providedMtime, itemIndex, 'Modification Time');
	const timeout = timeoutParameter(this, itemIndex);
	// Everything is checked before the binary is opened as a stream.
	if (propertyName.trim() === '') {
		throw invalidInput(
			node,
			itemIndex,
			'Input Binary Field',
			'is empty',
			'Set "Input Binary Field" to the name of the binary field that holds the file, e.g. "data".',
		);
	}
	const described = this.helpers.assertBinaryData(itemIndex, propertyName);
	const rawName =
		typeof options.fileName === 'string' && options.fileName.trim() !== ''
			? options.fileName
			: described.fileName;
	if (rawName === undefined || String(rawName).trim() === '') {
		throw invalidInput(
			node,
			itemIndex,
			'File Name',
			'is empty and the input file has no name',
			'Add the "File Name" option with the name the file should have in Files.com.',
		);
	}
	if (/[/\\]/.test(String(rawName))) {
		throw invalidInput(
			node,
			itemIndex,
			'File Name',
			`"${String(rawName)}" contains a slash`,
			'Give the folder in "Folder" and only the name (without slashes) in "File Name".',
		);
	}
	const target = normalizePath(
		node,
		itemIndex,
		joinPath(folder, String(rawName).trim()),
		'File Name',
	);
	const binary = await getItemBinary.call(this, itemIndex, propertyName, UPLOAD_READ_CHUNK_BYTES);
	return await uploadFile.call(this, target, binary.content, binary.size, {
		mkdirParents: options.createParentFolders !== false,
		withRename: options.conflictBehavior === 'rename',
		concurrency,
		providedMtime,
		itemIndex,
		timeout,
	});
}
