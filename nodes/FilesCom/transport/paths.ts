/**
 * Files.com paths in requests and messages. The transport takes paths in normal form (`Reports/2024/file.txt`,
 * `` for the root), as helpers/paths.ts checks them from what users type.
 */

/** A normal-form path as a URL path: each segment percent-encoded on its own, `/` kept between them (as the Go SDK does). */
export function encodePath(normalized: string): string {
	return normalized
		.split('/')
		.filter((segment) => segment !== '')
		.map((segment) => encodeURIComponent(segment))
		.join('/');
}

/** How a path is shown to users in messages and outputs: with a leading slash. */
export function displayPath(normalized: string): string {
	return `/${normalized}`;
}
