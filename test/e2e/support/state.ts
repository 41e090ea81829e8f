/** What the global setup started, for the test files (a JSON file: jest runs tests in their own module registry). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../../../tools/paths';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
const STATE_FILE = path.join(ARTIFACTS_DIR, 'e2e-state.json');

export interface E2eState {
	n8nUrl: string;
	n8nLogFile: string;
	userFolder: string;
	sandboxUrl: string;
	packageName: string;
	packageVersion: string;
	/** Workflow ids imported by the setup. */
	workflows: Record<string, string>;
	/** Set when the browser cannot run: why. */
	chromiumProblem?: string;
	chromiumPath: string;
}

export function writeState(state: E2eState): void {
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function readState(): E2eState {
	return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}
