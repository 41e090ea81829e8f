/**
 * n8n in queue mode: the main process is startN8n with the queue settings, and each worker is
 * `n8n worker` started the same way (own process group, Node 24 first on PATH, n8nEnv, a broker port
 * of its own), ready when its health server answers.
 */
import { startN8n, type N8nHandle } from '../n8n/server';

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
		...extra,
	};
}

interface QueueProcess {
	userFolder: string;
	queue: QueueSettings;
	logFile: string;
	env?: Record<string, string | undefined>;
}

/** `n8n start` in queue mode: takes the webhooks and puts executions on the queue. */
export async function startQueueMain({ userFolder, queue, logFile, env }: QueueProcess): Promise<N8nHandle> {
	return await startN8n({ userFolder, logFile, env: queueEnv(queue, env), timeoutMs: 240_000 });
}

export interface WorkerHandle extends N8nHandle {
	name: string;
}

/** `n8n worker --concurrency=N` on the same user folder, DB and encryption key as the main process. */
export async function startQueueWorker(
	options: QueueProcess & { name: string; concurrency: number; log?: (line: string) => void },
): Promise<WorkerHandle> {
	options.log?.(`starting ${options.name}: n8n worker --concurrency=${options.concurrency} ...`);
	// The worker's health server stands on the port startN8n waits on.
	const handle = await startN8n({
		userFolder: options.userFolder,
		logFile: options.logFile,
		command: ['worker', `--concurrency=${options.concurrency}`],
		env: {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...queueEnv(options.queue, options.env),
		},
		healthPortVariable: 'QUEUE_HEALTH_CHECK_PORT',
		timeoutMs: 240_000,
	});
	options.log?.(`${options.name} ready (pid ${handle.pid})`);
	return { ...handle, name: options.name };
}
