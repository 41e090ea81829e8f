/** Folders every tool agrees on. */
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
/** Node 24 and n8n installs; outside the repo when N8N_LAUNCHER_CACHE says so (shared by checkouts). */
export const CACHE_DIR = process.env.N8N_LAUNCHER_CACHE ?? path.join(REPO_ROOT, '.cache');
/** Logs, figures and screenshots of test and benchmark runs (git-ignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
