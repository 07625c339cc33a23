/** Types of filescom-client.js (a Files.com REST client for suites acting as a Files.com user). */
export interface FilesComSite {
	baseUrl: string;
	apiKey: string;
}
export function filesComCall(
	site: FilesComSite,
	method: string,
	path: string,
	body?: unknown,
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }>;
export function uploadText(
	site: FilesComSite,
	path: string,
	content: string,
	options?: { mkdirParents?: boolean; beforeEnd?: () => void },
): Promise<void>;
export function until<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	options?: { timeoutMs?: number; everyMs?: number },
): Promise<T>;
