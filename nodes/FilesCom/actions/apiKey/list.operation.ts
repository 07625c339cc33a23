import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitParameter, timeoutParameter } from '../../../shared/validation';
import { checkId } from '../../helpers/params';
import { listAll } from '../../transport';
import { limitProperty, optionsCollection, returnAllProperty } from '../../../shared/descriptions';
import { timeoutOption } from '../common.descriptions';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	optionsCollection([
		timeoutOption,
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			placeholder: '12345',
			description: "Only this user's keys (0: the keys of this credential's user)",
		},
	]),
];

const displayOptions = { show: { resource: ['apiKey'], operation: ['list'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = limitParameter(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const rawUser =
		options.userId === undefined || options.userId === null ? '' : String(options.userId).trim();
	if (rawUser === '0') qs.user_id = 0;
	else if (rawUser !== '') qs.user_id = checkId(this, rawUser, itemIndex, 'User');
	const timeout = timeoutParameter(this, itemIndex);
	return await listAll.call(this, '/api_keys', qs, limit, timeout);
}
