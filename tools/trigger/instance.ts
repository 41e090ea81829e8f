/**
 * A real n8n with this package installed as a community package and the trigger workflows
 * published before it starts (so publishing runs the trigger's `create`, as at a user's restart):
 * one process, or queue mode (Redis, the main process taking the webhooks, `workers` workers
 * running the executions). Stopped whole by `stop()`.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

import { importCredentials, importWorkflows, n8nCli, type CredentialImport, type WorkflowJson } from '../n8n/cli';
import { N8N_VERSION } from '../n8n/install';
import { installPackage } from '../n8n/package';
import { N8nSession } from '../n8n/rest';
import { makeUserFolder, startN8n, type N8nHandle } from '../n8n/server';
import type { Logger } from '../process/log';
import { sleep } from '../process/time';
import { startQueueMain, startQueueWorkers, type WorkerHandle } from '../queue/processes';
import { ensureRedisServer, startRedis, type RedisHandle } from '../queue/redis';

export interface TriggerInstanceOptions {
	/** Built package's tarball (packPackage), installed as Settings → Community Nodes does. */
	tarball: string;
	credentials: CredentialImport[];
	/** Published before n8n starts. */
	workflows: WorkflowJson[];
	logDir: string;
	/** 0: one n8n process (regular mode); N: queue mode with N workers. */
	workers?: number;
	workerConcurrency?: number;
	/**
	 * Trigger URLs to wait for: n8n 2.40 registers published webhooks in the background after it
	 * reports ready. Probed with an unsigned POST, which a registered trigger refuses (401) and
	 * n8n answers 404 until then.
	 */
	triggerUrls?: (n8nUrl: string) => string[];
	/** Extra environment for every n8n process, e.g. N8N_LOG_LEVEL=debug. */
	env?: Record<string, string>;
	log: Logger;
}

export interface TriggerInstance {
	url: string;
	main: N8nHandle;
	workers: WorkerHandle[];
	session: N8nSession;
	userFolder: string;
	stop(): Promise<void>;
}

/** `n8n publish:workflow` on 2.x; n8n 1.x activates with `update:workflow --active=true`. */
export async function publishWorkflow(userFolder: string, workflowId: string, version = N8N_VERSION): Promise<void> {
	const args = version.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
	await n8nCli(args, { userFolder, version });
}

export async function startTriggerInstance(options: TriggerInstanceOptions): Promise<TriggerInstance> {
	const userFolder = makeUserFolder('n8n-trigger-');
	const workers: WorkerHandle[] = [];
	let redis: RedisHandle | undefined;
	let main: N8nHandle | undefined;
	const stop = async () => {
		await Promise.allSettled([...workers.map((worker) => worker.stop(10_000)), main?.stop(10_000)]);
		await redis?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		await installPackage(userFolder, { tarball: options.tarball });
		await importCredentials(userFolder, options.credentials);
		await importWorkflows(userFolder, options.workflows);
		for (const workflow of options.workflows) await publishWorkflow(userFolder, String(workflow.id));
		// Every production execution saved, so the REST API lists each one (queue mode's settings say the same).
		const saveAll = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', EXECUTIONS_DATA_SAVE_ON_ERROR: 'all', EXECUTIONS_DATA_PRUNE: 'false', ...options.env };
		if (!options.workers) {
			main = await startN8n({ userFolder, logFile: path.join(options.logDir, 'n8n.log'), env: saveAll });
		} else {
			redis = await startRedis({ binary: await ensureRedisServer(options.log), logFile: path.join(options.logDir, 'redis.log') });
			const queue = { redisPort: redis.port, prefix: `hlt${process.pid}` };
			const processes = { userFolder, queue, logDir: options.logDir, env: options.env };
			main = await startQueueMain(processes);
			await startQueueWorkers(options.workers, { ...processes, concurrency: options.workerConcurrency ?? 10, log: options.log }, workers);
		}
		const session = new N8nSession(main.url);
		await session.setupOwner();
		for (const url of options.triggerUrls?.(main.url) ?? []) await waitForTrigger(url);
		return { url: main.url, main, workers, session, userFolder, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function waitForTrigger(url: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status;
		if (status !== 404) return;
		if (Date.now() > deadline) throw new Error(`${url} was not registered within ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

export interface ExecutionsSummary {
	count: number;
	/** Of the latest 100 (n8n 2.41 lists no more at once). */
	statuses: Record<string, number>;
}

/** The executions n8n stored for a workflow (REST, as the Executions list reads them). */
export async function executionsOf(session: N8nSession, workflowId: string): Promise<ExecutionsSummary> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await session.request<{ count: number; results: Array<{ status: string }> }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	const statuses: Record<string, number> = {};
	for (const { status } of page.results) statuses[status] = (statuses[status] ?? 0) + 1;
	return { count: page.count, statuses };
}
