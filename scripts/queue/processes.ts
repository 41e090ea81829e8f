/**
 * n8n in queue mode on top of scripts/n8n/launcher.ts: the main process is the launcher's startN8n
 * with the queue settings; `n8n worker` has no counterpart there, so it is started here the same way
 * (own process group, Node 24 first on PATH, the launcher's n8nEnv, a broker port of its own).
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

import { cleanEnv, ensureN8n, freePort, n8nEnv, N8N_VERSION, startN8n, stopGroup, type N8nHandle } from '../n8n/launcher';

// ---------------------------------------------------------------------------------------------
// process groups started by scripts/queue: killed at exit whatever happened
// ---------------------------------------------------------------------------------------------

const groups = new Set<number>();
let hooked = false;

export function trackProcessGroup(pid: number): void {
	groups.add(pid);
	if (hooked) return;
	hooked = true;
	process.on('exit', () => {
		for (const group of groups) {
			try {
				process.kill(-group, 'SIGKILL');
			} catch {
				// gone already
			}
		}
	});
}

export function untrackProcessGroup(pid: number): void {
	groups.delete(pid);
}

export interface LoggedProcess {
	pid: number;
	/** Everything it printed so far, stdout and stderr. */
	output: () => string;
	/** Its exit code once it has exited (128 for a signal), undefined while it runs. */
	exitCode: () => number | null | undefined;
	exited: Promise<number | null>;
}

/** Starts a command in its own, tracked process group, its output copied to `logFile` and kept. */
export function spawnLogged(command: string, args: string[], logFile: string, options: SpawnOptions): LoggedProcess {
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const pid = child.pid!;
	trackProcessGroup(pid);
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
	return { pid, output: () => output, exitCode: () => exitCode, exited };
}

// ---------------------------------------------------------------------------------------------
// queue mode
// ---------------------------------------------------------------------------------------------

export interface QueueSettings {
	redisHost: string;
	redisPort: number;
	/** Bull's key prefix; one per run keeps runs apart on a shared Redis. */
	prefix: string;
}

/** What the main process and every worker need to share the queue (the user folder and key come from n8nEnv). */
export function queueEnv(queue: QueueSettings, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: queue.redisHost,
		QUEUE_BULL_REDIS_PORT: String(queue.redisPort),
		QUEUE_BULL_PREFIX: queue.prefix,
		// Every production execution is saved, so the REST API can list what each run did.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		// No pruning in the middle of a run.
		EXECUTIONS_DATA_PRUNE: 'false',
		...extra,
	};
}

/** `n8n start` in queue mode: takes the webhooks and puts executions on the queue. */
export async function startQueueMain(options: {
	userFolder: string;
	queue: QueueSettings;
	logFile: string;
	env?: Record<string, string | undefined>;
	timeoutMs?: number;
}): Promise<N8nHandle> {
	const handle = await startN8n({
		userFolder: options.userFolder,
		logFile: options.logFile,
		env: queueEnv(options.queue, options.env),
		timeoutMs: options.timeoutMs ?? 240_000,
	});
	trackProcessGroup(handle.pid);
	return handle;
}

export interface WorkerHandle {
	name: string;
	pid: number;
	logFile: string;
	/** Port of the worker's /healthz server. */
	healthPort: number;
	output(): string;
	/** SIGTERM to the worker's process group, SIGKILL after graceMs (default 20 s); safe to call twice. */
	stop(graceMs?: number): Promise<void>;
	exited: Promise<number | null>;
}

const READY_LINE = 'n8n worker is now ready';

/** `n8n worker --concurrency=N` on the same user folder, DB and encryption key as the main process. */
export async function startQueueWorker(options: {
	name: string;
	userFolder: string;
	queue: QueueSettings;
	logFile: string;
	concurrency: number;
	env?: Record<string, string | undefined>;
	timeoutMs?: number;
	log?: (line: string) => void;
}): Promise<WorkerHandle> {
	const install = await ensureN8n(N8N_VERSION);
	const brokerPort = await freePort();
	const healthPort = await freePort();
	mkdirSync(path.dirname(options.logFile), { recursive: true });
	const started = Date.now();
	options.log?.(`starting ${options.name}: n8n worker --concurrency=${options.concurrency} ...`);
	const { pid, output, exitCode, exited } = spawnLogged(
		install.node.bin,
		[install.n8nBin, 'worker', `--concurrency=${options.concurrency}`],
		options.logFile,
		{
			cwd: options.userFolder,
			env: cleanEnv({
				PATH: [install.node.binDir, process.env.PATH ?? ''].join(path.delimiter),
				...n8nEnv(options.userFolder, {
					N8N_RUNNERS_BROKER_PORT: String(brokerPort),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					...queueEnv(options.queue, options.env),
				}),
			}),
		},
	);
	let stopped = false;
	const handle: WorkerHandle = {
		name: options.name,
		pid,
		logFile: options.logFile,
		healthPort,
		output,
		exited,
		async stop(graceMs = 20_000) {
			if (stopped) return;
			stopped = true;
			await stopGroup(pid, graceMs);
			untrackProcessGroup(pid);
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
		},
	};
	const timeoutMs = options.timeoutMs ?? 240_000;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exitCode() !== undefined) {
			throw new Error(`${options.name} exited with ${exitCode()} before it was ready; see ${options.logFile}\n${tail(output(), 40)}`);
		}
		if (output().includes(READY_LINE) && (await healthy(healthPort))) break;
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(`${options.name} was not ready after ${timeoutMs} ms; see ${options.logFile}\n${tail(output(), 40)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	options.log?.(`${options.name} ready (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
	return handle;
}

async function healthy(port: number): Promise<boolean> {
	try {
		const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) });
		await response.arrayBuffer();
		return response.status === 200;
	} catch {
		return false;
	}
}

function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}
