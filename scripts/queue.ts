/**
 * `npm run test:queue`: this package in n8n's queue mode, several workers spending one HighLevel
 * token's rate limit.
 *
 *   npx tsx scripts/queue.ts [--rounds 1] [--contacts 600] [--calls 30] [--workers 2]
 *        [--worker-concurrency 5] [--max 25] [--interval-ms 1000] [--max-concurrency N] [--max-wait S]
 *        [--max-429 N] [--window fixed|sliding] [--credential pit|oauth2] [--access-token-seconds 20]
 *        [--latency-ms 0] [--https] [--delay-ms 0] [--retry-check] [--package-dir DIR] [--skip-build] [--keep]
 *        [--timeout-minutes 20]
 *
 * --https: the sandbox over HTTPS, its CA trusted by every n8n process (NODE_EXTRA_CA_CERTS). --delay-ms N:
 * HighLevel N ms away each way, every round trip included (tools/net/delayProxy.ts); --latency-ms
 * delays the sandbox's answers only.
 *
 * Starts Redis (Debian's redis-server, installed with apt-get when missing), the HighLevel sandbox at
 * 25 requests per second, `n8n start` and two `n8n worker` processes on one user folder (sqlite) and
 * one encryption key, with the package installed as a community package and a published workflow
 * Webhook → Split Out → Add to Workflow. Then fires many webhook calls at once and checks, from the
 * sandbox's record, the webhook answers, n8n's executions and the workers' logs, that every contact
 * was enrolled exactly once, no item failed and every worker ran executions. Prints the figures and
 * "queue: N passed, N failed"; exits 1 when a check failed. Everything it started is stopped at the
 * end, on failure, on Ctrl-C / SIGTERM, and at the latest by an exit hook.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { type Check, checksInto } from '../tools/queue/analysis';
import { QUEUE_WORKFLOW_ID, queueCredential, queueWorkflow } from '../tools/queue/workload';
import { ensureN8n, N8N_VERSION } from '../tools/n8n/install';
import { importCredentials, importWorkflows, n8nCli } from '../tools/n8n/cli';
import { buildPackage, installPackage } from '../tools/n8n/package';
import { makeUserFolder } from '../tools/n8n/server';
import { REPO_ROOT } from '../tools/paths';
import { runMain } from '../tools/process/script';
import { writeJson } from '../tools/process/files';
import { setLogger } from '../tools/n8n/log';
import { stopOnAbort } from '../tools/process/abort';
import { prefixedLogger } from '../tools/process/log';
import { secondsSince } from '../tools/process/time';
import { atDistance } from '../tools/net/delayProxy';
import { N8nSession } from '../tools/n8n/rest';
import { startSandboxProcess } from '../tools/n8n/sandboxProcess';
import { startQueueMain, startQueueWorkers, type QueueSettings } from '../tools/queue/processes';
import { readOptions } from '../tools/queue/options';
import { printFigures, QUEUE_ARTIFACTS, type RoundFigures, runRound, type Started, stopAll } from '../tools/queue/round';
import { ensureRedisServer, startRedis } from '../tools/queue/redis';
import { runRetryRound } from '../tools/queue/retryRound';

const log = prefixedLogger('queue');

async function main(): Promise<number> {
	const options = readOptions(__filename);
	const commandStarted = Date.now();
	setLogger((line) => log(line));
	rmSync(QUEUE_ARTIFACTS, { recursive: true, force: true });
	mkdirSync(QUEUE_ARTIFACTS, { recursive: true });
	const started: Started = { workers: [] };
	const checks: Check[] = [];
	const judge = checksInto(checks);
	const allFigures: RoundFigures[] = [];

	let stopping: Promise<void> | undefined;
	const stop = (graceMs: number) => (stopping ??= stopAll(started, options.keep, graceMs));
	const cancelTimeout = stopOnAbort({ log, stop, timeoutMinutes: options.timeoutMinutes });

	try {
		if (!options.skipBuild && !options.packageDir) await buildPackage();
		const [redisBinary] = await Promise.all([ensureRedisServer(log), ensureN8n()]);

		const userFolder = makeUserFolder('n8n-queue-');
		started.userFolder = userFolder;
		log(`user folder ${userFolder} (sqlite, shared by the main process and the workers)`);
		// Packed into the user folder, so the tarball goes with it at the end.
		await installPackage(userFolder, { packageDir: options.packageDir });

		started.redis = await startRedis({ binary: redisBinary, logFile: path.join(QUEUE_ARTIFACTS, 'redis.log') });
		log(`redis-server on 127.0.0.1:${started.redis.port} (no persistence)`);
		started.sandbox = await startSandboxProcess({
			config: {
				rateLimit: { max: options.max, intervalMs: options.intervalMs, mode: options.window },
				accessTokenLifetimeMs: options.accessTokenSeconds * 1000,
				latencyMs: options.latencyMs,
				https: options.https,
			},
		});
		const { proxy, baseUrl } = await atDistance(started.sandbox.url, options.delayMs);
		started.proxy = proxy;
		log(`HighLevel sandbox on ${started.sandbox.url}, ${options.max} requests per ${options.intervalMs} ms (${options.window} window)${proxy ? `; the node reaches it ${options.delayMs} ms away each way at ${baseUrl}` : ''}`);

		log('importing the credential and the workflow, publishing it ...');
		const credential = queueCredential(baseUrl, options.oauth2 ? await started.sandbox.issueOAuthTokens() : undefined);
		if (options.oauth2) log(`OAuth2 credential: access tokens last ${options.accessTokenSeconds} s, refresh tokens rotate on use`);
		await importCredentials(userFolder, [credential]);
		await importWorkflows(userFolder, [queueWorkflow(options)]);
		await n8nCli(['publish:workflow', `--id=${QUEUE_WORKFLOW_ID}`], { userFolder });

		const queue: QueueSettings = { redisPort: started.redis.port, prefix: `hlq${process.pid}` };
		const logEnv = { N8N_LOG_FORMAT: 'json', NODE_EXTRA_CA_CERTS: started.sandbox.caFile };
		const processes = { userFolder, queue, logDir: QUEUE_ARTIFACTS, env: logEnv };
		started.main = await startQueueMain(processes);
		const session = new N8nSession(started.main.url);
		await session.setupOwner();
		const workflow = await session.request<{ active?: boolean; activeVersionId?: string | null }>('GET', `/rest/workflows/${QUEUE_WORKFLOW_ID}`);
		judge(
			'the workflow is published and active on the main process',
			workflow.active === true || Boolean(workflow.activeVersionId),
			`active ${String(workflow.active)}, activeVersionId ${String(workflow.activeVersionId)}`,
		);

		await startQueueWorkers(options.workers, { ...processes, concurrency: options.workerConcurrency, log }, started.workers);
		log(`n8n ${N8N_VERSION}: main + ${options.workers} workers (--concurrency=${options.workerConcurrency}) ready after ${secondsSince(commandStarted)}`);

		for (let round = 1; round <= options.rounds; round++) {
			const figures = await runRound(round, options, { ...started, sandbox: started.sandbox, main: started.main }, session, checks);
			allFigures.push(figures);
			printFigures(figures, options);
		}
		if (options.retryCheck) await runRetryRound({ sandbox: started.sandbox, main: started.main }, session, checks);
	} catch (error) {
		judge('the run completed', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
	} finally {
		log('stopping the workers, the main process, the sandbox and Redis ...');
		await stop(10_000);
		cancelTimeout();
	}

	writeJson(path.join(QUEUE_ARTIFACTS, 'figures.json'), { options, figures: allFigures, checks });
	for (const result of checks) log(`${result.ok ? 'PASS' : 'FAIL'} ${result.name}: ${result.detail}`);
	const passed = checks.filter((result) => result.ok).length;
	const failed = checks.length - passed;
	log(`total ${secondsSince(commandStarted)}; logs and figures in ${path.relative(REPO_ROOT, QUEUE_ARTIFACTS)}/`);
	process.stdout.write(`queue: ${passed} passed, ${failed} failed\n`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

runMain(main);
