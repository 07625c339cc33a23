/** Types for the Files.com emulator (index.js): the one typed interface every test uses. */

export interface FilesComEmulatorOptions {
	/** 0 = any free port. */
	port?: number;
	/** Always a loopback address in tests. Default 127.0.0.1. */
	host?: string;
	/** Key values to seed (random 64-hex otherwise). */
	apiKey?: string;
	userApiKey?: string;
	/** Where blobs are stored; a temp dir (removed at stop) by default. */
	dataDir?: string;
	/** Seed folders and files (users and keys are always seeded). Default true. */
	seed?: boolean;
	/** Also create every path the recorded real traffic expects to exist. Default false. */
	seedRecordingPaths?: boolean;
	/** Upload part size announced by begin_upload. Default 5 MiB. */
	partSize?: number;
	/** Lifetime of a download_uri. Default 60. */
	downloadUriTtlSeconds?: number;
	/** Copies/moves at or above these sizes run as file migrations. Defaults 64 MiB, 1000. */
	asyncCopyThresholdBytes?: number;
	asyncCopyThresholdEntries?: number;
	/** Time a migration spends in "pending" and in "processing". Default 50 ms. */
	migrationStepMs?: number;
	/** HTTP status for bad-request/* (recordings: 400; catalogue: 422). Default 400. */
	badRequestStatus?: number;
	/**
	 * Which headers carry a list's next cursor: 'recorded' (default) `X-Files-Cursor` only, as every recording and
	 * official SDK; 'documented' `X-Files-Cursor-Next` only, as the docs say; 'both'. See paging.js.
	 */
	cursorHeaders?: 'recorded' | 'documented' | 'both';
	/** A refused key's message: 'recorded' (default, the Go SDK's recording) or 'with-code' (Boomi's guide adds " Internal Error Code: API1"). */
	invalidKeyMessage?: 'recorded' | 'with-code';
	/**
	 * The answer to `action=end` with a ref that already completed (a repeat after a lost answer), documented
	 * nowhere: 'not-found' (default, 404 file-upload-not-found), 'completes-again' (the same answer again),
	 * 'already-completed' (422 processing-failure/already-completed), 'stores-copy' (stored again). See completions.js.
	 */
	reusedRef?: 'not-found' | 'completes-again' | 'already-completed' | 'stores-copy';
	/**
	 * When an uploaded file's checksums (md5, crc32, sha1, sha256) appear: 'after-completion' (default; null in
	 * the answer to `action=end`, filled afterwards, as recorded) or 'never' (null in every answer, as some
	 * recorded files). See emulator.js.
	 */
	checksums?: 'after-completion' | 'never';
	/** begin_upload's `parallel_parts` / `retry_parts` (recorded: true). See part-options.js. */
	parallelParts?: boolean;
	retryParts?: boolean;
	/** begin_upload's `headers` for each part; a part PUT without them gets 403 SignatureDoesNotMatch. */
	partHeaders?: Record<string, string>;
	/** begin_upload's `parameters` for each part (announced only). */
	partParameters?: Record<string, string>;
	/** Lifetime of a part upload_uri. Default 900 (15 minutes, as recorded). */
	partUrlTtlSeconds?: number;
	/** Longest upload path. Default 5000. */
	maxPathLength?: number;
	/** Webhook behaviors may point at local addresses and any port (Files.com: public, ports 80/443/8080/8443). */
	allowLocalWebhooks?: boolean;
	/** The answer to a webhook URL against Files.com's rules (documented nowhere): 422 model-save-error or saved. */
	refusedWebhookUrl?: 'model-save-error' | 'accepted';
	/** Whether a behavior created without `recursive` covers subfolders. Default true. */
	behaviorRecursiveDefault?: boolean;
	/** A delivery's `path` / `destination`: '/a/b.txt' (default) or 'a/b.txt'. */
	webhookPathStyle?: 'leading-slash' | 'relative';
	/** Sends of a delivery without a 2xx answer (default 3), their spacing (200 ms), the wait after the action (0). */
	webhookAttempts?: number;
	webhookRetryMs?: number;
	webhookDelayMs?: number;
	/** POST /behaviors/webhook/test's answer: the spec's StatusEntity (default) or no body (Files.com's mock). */
	webhookTestAnswer?: 'status-entity' | 'empty';
	/** How many requests `requests` keeps (the oldest are dropped). Default 2000. */
	requestLogLimit?: number;
	/**
	 * true: upload/download URLs over HTTPS on a second port; 'all': the API and those URLs over HTTPS. The
	 * certificate is self-signed, generated at start; trust `tlsCa`. Default false.
	 */
	tls?: boolean | 'all';
	/** Unexpected internal errors. */
	log?: (message: string) => void;
}

/** One request as the emulator logged it (`requests`, a live array). */
export interface RecordedRequest {
	id: number;
	time: string;
	startedAt: number;
	method: string;
	/** Path and query as sent. */
	url: string;
	path: string;
	query: Record<string, unknown>;
	/** As sent, secrets redacted. */
	headers: Record<string, string | string[] | undefined>;
	apiKeyPresent: boolean;
	/** Parsed JSON or form body. */
	body?: unknown;
	/** null while in flight, 0 when the connection closed before an answer. */
	status: number | null;
	durationMs?: number;
	responseHeaders?: Record<string, unknown>;
	responseBody?: unknown;
	responseTruncated?: boolean;
	errorType?: string;
	error?: string;
	/** The kind of fault that answered, if one did. */
	fault?: string;
}

export interface Faults {
	/** Registers a fault (kinds: status, reset, delay, failPart, expireDownloads) and returns its id. */
	add(spec: Record<string, unknown>): number;
	list(): Array<Record<string, unknown>>;
	remove(id: number): void;
	clear(): void;
	/** Ends every delay now (a delayed request whose client gave up is dropped). */
	releaseDelays(): void;
}

export interface FilesComEmulator {
	baseUrl: string;
	apiKey: string;
	userApiKey: string;
	userId: number;
	/** Where upload/download URLs point (the HTTPS port with `tls`). */
	filesBaseUrl: string;
	/** The self-signed certificate (PEM) to trust with `tls`, generated at start. */
	tlsCa?: Buffer;
	faults: Faults;
	/** The emulator's model (white-box). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	state: any;
	requests: RecordedRequest[];
	reset(options?: { seed?: boolean }): Promise<void>;
	seedFolder(
		path: string,
		count: number,
		options?: Record<string, unknown>,
	): { path: string; count: number };
	writeFile(path: string, content: string | Buffer): unknown;
	makeFolder(path: string): unknown;
	createApiKey(spec?: Record<string, unknown>): { id: number; key: string; [key: string]: unknown };
	advanceTime(ms: number): void;
	stop(): Promise<void>;
}

export function startFilesComEmulator(options?: FilesComEmulatorOptions): Promise<FilesComEmulator>;
