import { metadataReader } from './read';

export const { description, execute } = metadataReader('getTags', async (api, entryId) => ({
	entryId,
	tags: await api.getTags(entryId),
}));
