/** What the global setup started, for the test files (a JSON file: jest runs tests in their own module registry). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ARTIFACTS_DIR } from '../../../tools/paths';

export { ARTIFACTS_DIR };
const STATE_FILE = path.join(ARTIFACTS_DIR, 'e2e-state.json');

interface E2eState {
	n8nUrl: string;
	n8nLogFile: string;
	userFolder: string;
	sandboxUrl: string;
	/** Set when the browser cannot run: why. */
	chromiumProblem?: string;
}

export function writeState(state: E2eState): void {
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function readState(): E2eState {
	return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}

/** The sandbox's admin routes (/__sandbox/...) as the tests call them. */
export async function sandboxAdmin<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${readState().sandboxUrl}/__sandbox/${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`sandbox ${route}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}
