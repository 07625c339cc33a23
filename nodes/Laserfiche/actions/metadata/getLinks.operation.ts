import { metadataReader } from './read';

export const { description, execute } = metadataReader('getLinks', async (api, entryId) => ({
	entryId,
	links: await api.getLinks(entryId),
}));
