import { metadataReader } from './read';
import { fieldValues } from './shared';

export const { description, execute } = metadataReader('getFields', async (api, entryId) => {
	const fields = await api.getFields(entryId);
	return { entryId, fields, fieldValues: fieldValues(fields) };
});
