import { transferOperation } from './common';

export const { description, execute } = transferOperation(
	'move',
	'The path of the file or folder to move or rename, e.g. /Inbox/report.pdf',
	'The new full path, including the name (a new name in the same folder renames it)',
);
