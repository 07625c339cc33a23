import { searchApiKeys, searchFolders, searchUsers } from './listSearch';

/** The node's list searches (resource locators' "From List" mode), by the name the properties use. */
export const listSearch = { searchFolders, searchApiKeys, searchUsers };
