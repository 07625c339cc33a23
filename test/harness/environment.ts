/**
 * Process-wide settings n8n-core reads at import time. Imported first by every harness module, so that
 * n8n-core never touches ~/.n8n and binary data is stored on disk (filesystem mode), as in a default n8n.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const harnessRoot = mkdtempSync(join(tmpdir(), 'n8n-harness-'));

process.env.N8N_USER_FOLDER = harnessRoot;
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
process.env.N8N_BINARY_DATA_STORAGE_PATH = join(harnessRoot, 'binaryData');
process.env.N8N_BINARY_DATA_SIGNING_SECRET = 'harness-signing-secret';
process.env.N8N_ENCRYPTION_KEY = 'harness-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';

process.once('exit', () => rmSync(harnessRoot, { recursive: true, force: true }));

export const HARNESS_ROOT = harnessRoot;
