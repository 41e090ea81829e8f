import { spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

import { stopGroup, trackGroup } from './groups';
import { sleep } from './time';

export interface LoggedProcess {
	pid: number;
	logFile: string;
	/** Everything it printed so far, stdout and stderr. */
	output: () => string;
	/** Its exit code once it has exited (128 for a signal), undefined while it runs. */
	exitCode: () => number | null | undefined;
	exited: Promise<number | null>;
	/** SIGTERM to its process group, SIGKILL after graceMs; safe to call twice. */
	stop: (graceMs?: number) => Promise<void>;
}

/** Starts a long-running command in its own, tracked process group, its output copied to `logFile` and kept. */
export function spawnLogged(
	command: string,
	args: string[],
	logFile: string,
	options: SpawnOptions,
): LoggedProcess {
	mkdirSync(path.dirname(logFile), { recursive: true });
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const pid = child.pid!;
	trackGroup(pid);
	const file = createWriteStream(logFile);
	let output = '';
	const onData = (chunk: Buffer) => {
		output += chunk;
		file.write(chunk);
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code ?? (signal ? 128 : null);
			file.end();
			resolve(exitCode);
		});
	});
	let stopped = false;
	const stop = async (graceMs = 15_000) => {
		if (stopped) return;
		stopped = true;
		await stopGroup(pid, graceMs);
		await Promise.race([exited, sleep(2_000, true)]);
	};
	return { pid, logFile, output: () => output, exitCode: () => exitCode, exited, stop };
}
