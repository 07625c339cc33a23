/** The test harness: real n8n-core execution of the built package. See test/README.md. */
import './environment';

export { CredentialStore, HarnessCredentialsHelper } from './credentials-helper';
export { testCredential } from './credential-test';
export {
	executeContext,
	harnessExecution,
	loadOptionsContext,
	pollContext,
} from './execution-context';
export type { HarnessExecution, HarnessExecutionOptions } from './execution-context';
export type { BinarySpec, HarnessInputItem } from './fixtures/harness-types';
export { loadPackage, loadTypes, PACKAGE_NAME, PACKAGE_ROOT } from './node-types';
export { runPoll } from './run-poll';
export { startWebhookTrigger } from './run-webhook';
export type { WebhookRun, WebhookTrigger } from './run-webhook';
export type { PollRun, PollRunOptions } from './run-poll';
export { binaryStream, initBinaryData, readBinary, runNode, runWorkflow } from './run-workflow';
export { withBinaryDataMode } from './binary-modes';
export type {
	HarnessCredentials,
	HarnessNode,
	NodeRun,
	OnError,
	WorkflowRun,
	WorkflowRunOptions,
} from './run-workflow';
export { sendJson, startTestServer } from './test-server';
export type { TestServer } from './test-server';
export {
	assertRequestInContract,
	assertResponseInContract,
	checkRequest,
	checkResponse,
	contractForUrl,
} from './contract';
export type { CapturedRequest, CapturedResponse, ContractName, ContractResult } from './contract';
export { capturedLogs } from './log-capture';
export type { CapturedLog } from './log-capture';
export { SecretScanner, scanMark, secretsOf, stringsIn, textsIn } from './secret-scan';
export type { ScanMark } from './secret-scan';
export { capturedConsole } from './console-capture';
export type { CapturedConsoleOutput } from './console-capture';
export { watchPresignedUrls } from './presigned-urls';
export type { PresignedUrl } from './presigned-urls';
export { runListSearch } from './list-search';
export type { ListSearchOptions } from './list-search';
