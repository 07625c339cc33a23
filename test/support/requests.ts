/** A logged request's path (or its URL without the query), percent-decoded when it can be. */
export function decodedPath(request: { path?: string; url: string }): string {
	const raw = request.path ?? request.url.split('?')[0];
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}
