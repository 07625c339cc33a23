'use strict';
/**
 * The answer for an unknown repository. Documented: status 404 with a ProblemDetails body (reference
 * laserfiche-api.md, "Status codes used": "404 not found (also unknown repository)"; swagger
 * selfhosted-token 404 "Not found."; the official client's 404 text "Requested repository was not
 * found.", @laserfiche/lf-repository-api-client-v2 dist/index.js). Nothing shows its title or an error
 * code, so option `unknownRepositoryAnswer` offers the plausible ones:
 *   'titled' (default): title "Repository not found.", a detail naming it, the generic 404 code;
 *   'code': the same with errorCode 9015 (the emulator's earlier guess);
 *   'bare': title "Not Found.", nothing naming the repository.
 */
const { HttpError } = require('./http-util');

function unknownRepository(emu, id) {
	const answer = emu.options.unknownRepositoryAnswer || 'titled';
	if (answer === 'bare') return new HttpError(404, 'Not Found.', {});
	const detail = `The repository '${id}' was not found.`;
	return new HttpError(
		404,
		'Repository not found.',
		answer === 'code' ? { detail, errorCode: 9015 } : { detail },
	);
}

module.exports = { unknownRepository };
