'use strict';
/**
 * Seed data: a site-wide key, a non-admin user (alice) whose user key only reaches `users/alice`,
 * a second user (bob) whose folder alice must not see, and a few folders and files, including names
 * with spaces, unicode, `#`, `%` and `?`.
 */

const SEED = {
	site: { id: 1, name: 'Files.com Emulator', subdomain: 'emulator' },
	users: [
		{ id: 1, username: 'admin', name: 'Site Admin', email: 'admin@example.com', site_admin: true },
		{
			id: 2,
			username: 'alice',
			name: 'Alice Example',
			email: 'alice@example.com',
			site_admin: false,
			permissions: ['users/alice'],
		},
		{
			id: 3,
			username: 'bob',
			name: 'Bob Example',
			email: 'bob@example.com',
			site_admin: false,
			permissions: ['users/bob'],
		},
	],
	/** The non-admin user whose key is `userApiKey`. */
	userId: 2,
	keys: [
		{ id: 1, name: 'Emulator site-wide key', user_id: null, role: 'site' },
		{ id: 2, name: 'Alice user key', user_id: 2, role: 'user' },
	],
	folders: [
		'Documents',
		'Documents/Archive',
		'Shared',
		'Empty Folder',
		'users',
		'users/alice',
		'users/alice/inbox',
		'users/bob',
	],
	files: [
		['Documents/notes.txt', 'Hello from the Files.com emulator.\n'],
		['Documents/report 2024.csv', 'quarter,revenue\nQ1,100\nQ2,120\nQ3,90\nQ4,150\n'],
		['Documents/Résumé café.txt', 'Unicode name: é, ü, ß.\n'],
		['Documents/100% done #1?.txt', 'A name with percent, hash and question mark.\n'],
		['Documents/Archive/old.csv', 'id,name\n1,first\n2,second\n'],
		['Shared/team plan.md', '# Team plan\n\n- ship the emulator\n'],
		['users/alice/welcome.txt', 'Welcome, Alice. Only your key and site keys can see this.\n'],
		['users/alice/inbox/todo list.txt', '1. review\n2. upload\n'],
		['users/bob/private.txt', "Bob's file: alice's key must get 404 here.\n"],
	],
};

/**
 * Applies the seed to an emptied state.
 * @param {import('./emulator').FilesComState} state
 * @param {{apiKey?: string, userApiKey?: string}} keyValues
 * @param {{withFiles?: boolean}} [options] without files, only the users and keys are created
 */
function applySeed(state, keyValues, { withFiles = true } = {}) {
	for (const user of SEED.users) state.accounts.addUser(user);
	for (const key of SEED.keys) {
		state.accounts.addKey({
			id: key.id,
			name: key.name,
			user_id: key.user_id,
			value: key.role === 'site' ? keyValues.apiKey : keyValues.userApiKey,
		});
	}
	if (!withFiles) return;
	const actor = { apiKeyId: 1, userId: null };
	for (const folder of SEED.folders) state.tree.mkdirp(folder, actor);
	for (const [filePath, text] of SEED.files)
		state.writeFile(filePath, Buffer.from(text, 'utf8'), actor);
}

module.exports = { SEED, applySeed };
