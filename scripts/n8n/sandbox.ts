/**
 * The HighLevel sandbox (test/sandbox/cli.ts) as a child process, for `npm run dev` and the e2e tests.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { cleanEnv, REPO_ROOT, stopGroup } from './launcher';

/** test/sandbox/fixtures.ts */
export const SANDBOX_TOKEN = 'pit-00000000-0000-4000-8000-000000000001';
export const SANDBOX_LOCATION_ID = 'sandboxLocation0001';

export interface SandboxProcess {
	url: string;
	pid: number;
	output(): string;
	stop(): Promise<void>;
	state<T = any>(summary?: boolean): Promise<T>;
	reset(): Promise<void>;
	configure(config: Record<string, unknown>): Promise<unknown>;
}

export async function startSandboxProcess(options: { port?: number; args?: string[]; timeoutMs?: number } = {}): Promise<SandboxProcess> {
	const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
	const child = spawn(
		tsx,
		[path.join(REPO_ROOT, 'test', 'sandbox', 'cli.ts'), '--port', String(options.port ?? 0), ...(options.args ?? [])],
		{ cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	const pid = child.pid!;
	process.on('exit', () => {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone
		}
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${output}`)), options.timeoutMs ?? 60_000);
		const onData = (chunk: Buffer) => {
			output += chunk;
			const match = /HighLevel sandbox listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sandbox exited with ${code}:\n${output}`));
		});
	});
	const admin = async (method: string, route: string, body?: unknown) => {
		const response = await fetch(`${url}/__sandbox/${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const parsed = await response.json();
		if (!response.ok) throw new Error(`sandbox ${method} ${route} → ${response.status}: ${JSON.stringify(parsed)}`);
		return parsed;
	};
	let stopped = false;
	return {
		url,
		pid,
		output: () => output,
		async stop() {
			if (stopped) return;
			stopped = true;
			await stopGroup(pid, 5_000);
		},
		state: async <T>(summary = false) => (await admin('GET', summary ? 'state?summary=1' : 'state')) as T,
		reset: async () => {
			await admin('POST', 'reset');
		},
		configure: (config) => admin('POST', 'config', config),
	};
}
