/** Runs commands to their end, in process groups of their own, with an environment fit for npm and n8n. */
import { spawn } from 'node:child_process';

import { killGroup, trackGroup, untrackGroup } from './groups';
import { tail } from './time';

/** Set by jest (NODE_ENV=test makes n8n refuse to start), tsx or npm; not for n8n or npm children. */
const DROPPED_VARIABLES = new Set(['INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_ENV', 'JEST_WORKER_ID', 'TS_JEST']);

/**
 * The environment for npm and n8n children: without the npm_* variables that `npm run` exports
 * (npm_config_ignore_scripts from the project's .npmrc would turn the sqlite3 rebuild into a no-op,
 * npm_config_nodedir would build it against the wrong headers) nor the test runner's.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || DROPPED_VARIABLES.has(key)) continue;
		env[key] = value;
	}
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

export interface RunResult {
	code: number | null;
	/** The signal that ended the process, when one did (code is null then). */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Runs a command to its end in its own process group; rejects on a non-zero exit unless allowFailure. */
export function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean } = {},
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		if (child.pid) trackGroup(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					if (child.pid) killGroup(child.pid, 'SIGKILL');
				}, options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (child.pid) {
				killGroup(child.pid, 'SIGKILL'); // grandchildren left behind, if any
				untrackGroup(child.pid);
			}
			const result = { code, signal, stdout, stderr };
			if (timedOut) {
				reject(Object.assign(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms`), result));
			} else if (code !== 0 && !options.allowFailure) {
				reject(Object.assign(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail(stderr || stdout, 30)}`), result));
			} else {
				resolve(result);
			}
		});
	});
}

export function npmCommand(): string {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}
