/** What the global setup started, for the test files (a JSON file: jest runs tests in their own module registry). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { N8nSession } from '../../../tools/n8n/rest';
import { sandboxAdmin as callSandboxAdmin } from '../../../tools/n8n/sandboxProcess';
import type { Enrolment } from '../../../tools/sandbox/types';
import { ARTIFACTS_DIR } from '../../../tools/paths';
import { sleep } from '../../../tools/process/time';

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
	writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function readState(): E2eState {
	return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}

/** The global setup's sandbox's admin routes (/__sandbox/...). */
export const sandboxAdmin = <T = unknown>(method: string, route: string, body?: unknown) => callSandboxAdmin<T>(readState().sandboxUrl, method, route, body);

/** The contacts the sandbox has enrolled since its last reset, in the order the requests arrived. */
export const sandboxEnrolments = async () => (await sandboxAdmin<{ enrolments: Enrolment[] }>('GET', 'state')).enrolments;

/** A session on the global setup's n8n, signed in as the owner before the file's tests. */
export function ownerSession(): N8nSession {
	const session = new N8nSession(readState().n8nUrl);
	beforeAll(async () => {
		await session.login();
	});
	return session;
}

/** Reads until `done` holds for what it read or `timeoutMs` have passed, `everyMs` apart; returns the last read. */
export async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!done(value) && Date.now() < deadline) {
		await sleep(everyMs);
		value = await read();
	}
	return value;
}
