/**
 * n8n in queue mode: the main process is startN8n with the queue settings, and each worker is
 * `n8n worker` started the same way (own process group, Node 24 first on PATH, n8nEnv, a broker port
 * of its own), ready when its health server answers. Logs: <logDir>/main.log, <logDir>/worker-<i>.log.
 */
import path from 'node:path';

import { startN8n, type N8nHandle } from '../n8n/server';
import { REPO_ROOT } from '../paths';
import type { Logger } from '../process/log';

export interface QueueSettings {
	redisPort: number;
	/** Bull's key prefix; one per run keeps runs apart on a shared Redis. */
	prefix: string;
}

/** What the main process and every worker need to share the queue (the user folder and key come from n8nEnv). */
function queueEnv(queue: QueueSettings, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(queue.redisPort),
		QUEUE_BULL_PREFIX: queue.prefix,
		// Every production execution is saved, so the REST API can list what each run did.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		// No pruning in the middle of a run.
		EXECUTIONS_DATA_PRUNE: 'false',
		// The processes share one sqlite file, which n8n opens without a busy timeout.
		NODE_OPTIONS: `--require=${path.join(REPO_ROOT, 'tools/queue/sqliteBusyTimeout.cjs')}`,
		...extra,
	};
}

interface QueueProcess {
	userFolder: string;
	queue: QueueSettings;
	logDir: string;
	env?: Record<string, string | undefined>;
}

/** `n8n start` in queue mode: takes the webhooks and puts executions on the queue. */
export async function startQueueMain({ userFolder, queue, logDir, env }: QueueProcess): Promise<N8nHandle> {
	return await startN8n({ userFolder, logFile: path.join(logDir, 'main.log'), env: queueEnv(queue, env), timeoutMs: 240_000 });
}

export interface WorkerHandle extends N8nHandle {
	name: string;
}

/**
 * `count` × `n8n worker --concurrency=N` on the same user folder, DB and encryption key as the main
 * process, one after the other (two n8n processes booting at once on 2 cores mostly wait for each
 * other), each added to `into` once ready, so that the caller stops those already up if a later one fails.
 */
export async function startQueueWorkers(
	count: number,
	options: QueueProcess & { concurrency: number; log: Logger },
	into: WorkerHandle[],
): Promise<void> {
	for (let i = 1; i <= count; i++) {
		const name = `worker-${i}`;
		options.log(`starting ${name}: n8n worker --concurrency=${options.concurrency} ...`);
		// The worker's health server stands on the port startN8n waits on.
		const handle = await startN8n({
			userFolder: options.userFolder,
			logFile: path.join(options.logDir, `${name}.log`),
			command: ['worker', `--concurrency=${options.concurrency}`],
			env: {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				...queueEnv(options.queue, options.env),
			},
			healthPortVariable: 'QUEUE_HEALTH_CHECK_PORT',
			timeoutMs: 240_000,
		});
		options.log(`${name} ready (pid ${handle.pid})`);
		into.push({ ...handle, name });
	}
}
