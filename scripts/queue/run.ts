/**
 * `npm run test:queue`: this package in n8n's queue mode, several workers spending one HighLevel
 * token's rate limit.
 *
 *   npx tsx scripts/queue/run.ts [--rounds 1] [--contacts 600] [--calls 30] [--workers 2]
 *        [--worker-concurrency 5] [--max 25] [--interval-ms 1000] [--max-concurrency N] [--max-wait S]
 *        [--max-429 N] [--window fixed|sliding] [--package-dir DIR] [--skip-build] [--keep] [--timeout-minutes 20]
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
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import {
	type Check,
	check,
	enrolmentReport,
	readLogEvents,
	requestReport,
	webhookReport,
	type WebhookAnswer,
} from '../../test/queue/analysis';
import {
	HIGHLEVEL_WORKFLOW_ID,
	planCalls,
	QUEUE_WORKFLOW_ID,
	queueCredential,
	queueWorkflow,
	WEBHOOK_PATH,
} from '../../test/queue/workload';
import {
	ensureN8n,
	importCredentials,
	importWorkflows,
	installPackage,
	makeUserFolder,
	n8nCli,
	N8N_VERSION,
	packPackage,
	REPO_ROOT,
	run,
	setLogger,
	stopGroup,
	type N8nHandle,
	stopOnAbort,
} from '../n8n/launcher';
import { N8nSession } from '../n8n/rest';
import { startSandboxProcess, type SandboxProcess } from '../n8n/sandbox';
import { startQueueMain, startQueueWorker, type QueueSettings, type WorkerHandle } from './processes';
import { ensureRedisServer, startRedis, type RedisHandle } from './redis';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'queue');
const log = (line: string) => process.stdout.write(`[queue] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secondsSince = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

interface Options {
	rounds: number;
	contacts: number;
	calls: number;
	workers: number;
	workerConcurrency: number;
	max: number;
	intervalMs: number;
	maxConcurrency?: number;
	maxWaitSeconds?: number;
	max429?: number;
	window: 'fixed' | 'sliding';
	/** Install the package from this folder (built) instead of this repository, e.g. to try a patched build. */
	packageDir?: string;
	skipBuild: boolean;
	keep: boolean;
	timeoutMinutes: number;
}

function readOptions(): Options {
	const { values } = parseArgs({
		options: {
			rounds: { type: 'string', default: '1' },
			contacts: { type: 'string', default: '600' },
			calls: { type: 'string', default: '30' },
			workers: { type: 'string', default: '2' },
			'worker-concurrency': { type: 'string', default: '5' },
			max: { type: 'string', default: '25' },
			'interval-ms': { type: 'string', default: '1000' },
			'max-concurrency': { type: 'string' },
			'max-wait': { type: 'string' },
			'max-429': { type: 'string' },
			window: { type: 'string', default: 'fixed' },
			'package-dir': { type: 'string' },
			'skip-build': { type: 'boolean', default: process.env.QUEUE_SKIP_BUILD === '1' },
			keep: { type: 'boolean', default: false },
			'timeout-minutes': { type: 'string', default: '20' },
		},
		strict: true,
	});
	const int = (value: string | undefined, name: string, min = 1): number | undefined => {
		if (value === undefined) return undefined;
		const parsed = Number(value);
		if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} needs an integer ≥ ${min}, got "${value}"`);
		return parsed;
	};
	return {
		rounds: int(values.rounds, 'rounds')!,
		contacts: int(values.contacts, 'contacts')!,
		calls: int(values.calls, 'calls')!,
		workers: int(values.workers, 'workers')!,
		workerConcurrency: int(values['worker-concurrency'], 'worker-concurrency')!,
		max: int(values.max, 'max')!,
		intervalMs: int(values['interval-ms'], 'interval-ms')!,
		maxConcurrency: int(values['max-concurrency'], 'max-concurrency'),
		maxWaitSeconds: int(values['max-wait'], 'max-wait', 0),
		max429: int(values['max-429'], 'max-429', 0),
		packageDir: values['package-dir'] ? path.resolve(values['package-dir']) : undefined,
		window: values.window === 'sliding' ? 'sliding' : values.window === 'fixed' ? 'fixed' : badWindow(values.window),
		skipBuild: values['skip-build'],
		keep: values.keep,
		timeoutMinutes: int(values['timeout-minutes'], 'timeout-minutes')!,
	};
}

function badWindow(value: string | undefined): never {
	throw new Error(`--window must be fixed or sliding, got "${value}"`);
}

interface Started {
	redis?: RedisHandle;
	sandbox?: SandboxProcess;
	main?: N8nHandle;
	workers: WorkerHandle[];
	userFolder?: string;
}

/**
 * Ends every process group this run started: the n8n processes together (SIGTERM, then SIGKILL after
 * graceMs, short when interrupted), then the sandbox and Redis, which the workers need while they shut down.
 */
async function stopAll(started: Started, keep: boolean, graceMs: number): Promise<void> {
	const since = Date.now();
	await Promise.allSettled([
		...started.workers.map((worker) => worker.stop(graceMs)),
		started.main ? stopGroup(started.main.pid, graceMs).then(() => started.main?.stop()) : undefined,
	]);
	await Promise.allSettled([started.sandbox?.stop(), started.redis?.stop()]);
	if (started.userFolder && !keep) rmSync(started.userFolder, { recursive: true, force: true });
	log(`stopped (${secondsSince(since)})`);
}

interface ExecutionSummary {
	id: string;
	status: string;
	mode?: string;
	startedAt?: string;
	stoppedAt?: string;
}

async function listExecutions(session: N8nSession): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: QUEUE_WORKFLOW_ID }));
	const answer = await session.request<{ results?: ExecutionSummary[] } | ExecutionSummary[]>(
		'GET',
		`/rest/executions?filter=${filter}&limit=500`,
	);
	const results = Array.isArray(answer) ? answer : (answer.results ?? []);
	return results.map((execution) => ({ ...execution, id: String(execution.id) }));
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

interface RoundFigures {
	round: number;
	contacts: number;
	calls: number;
	wallSeconds: number;
	answersSeconds: number;
	floorSeconds: number;
	ratio: number;
	throughput: number;
	tooManyRequests: number;
	contactsWith429: number;
	max429PerContact: number;
	peakPerInterval: number;
	requests: number;
	byStatus: Record<string, number>;
	executionsPerWorker: Record<string, number>;
	executionStatuses: Record<string, number>;
}

async function runRound(
	round: number,
	options: Options,
	started: Required<Pick<Started, 'sandbox' | 'main'>> & Started,
	session: N8nSession,
	checks: Check[],
): Promise<RoundFigures> {
	const { sandbox, main, workers } = started;
	const tag = `r${round}`;
	const name = (text: string) => (options.rounds > 1 ? `round ${round}: ${text}` : text);
	await sandbox.reset();
	const before = new Set((await listExecutions(session)).map((execution) => execution.id));
	const logOffsets = workers.map((worker) => worker.output().length);
	const mainOffset = main.output().length;
	const calls = planCalls({ contacts: options.contacts, calls: options.calls, tag });
	const contactIds = calls.flatMap((call) => call.contactIds);
	log(
		`round ${round}: ${calls.length} webhook calls at once, ${contactIds.length} contacts (sizes ${calls.map((call) => call.contactIds.length).join(' ')})`,
	);

	const webhookUrl = `${main.url}/webhook/${WEBHOOK_PATH}`;
	const firstCallAt = Date.now();
	const answers: WebhookAnswer[] = await Promise.all(
		calls.map(async (call): Promise<WebhookAnswer> => {
			try {
				const response = await fetch(webhookUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ contactIds: call.contactIds }),
					signal: AbortSignal.timeout(10 * 60_000),
				});
				const text = await response.text();
				let body: unknown = text;
				try {
					body = JSON.parse(text);
				} catch {
					// not JSON
				}
				return { index: call.index, status: response.status, body, sentContactIds: call.contactIds };
			} catch (error) {
				return { index: call.index, status: 0, body: String(error), sentContactIds: call.contactIds };
			}
		}),
	);
	const answeredAt = Date.now();
	log(`round ${round}: all ${answers.length} webhook calls answered after ${secondsSince(firstCallAt)}`);

	// Every execution finished (the answers come when the last node did, but a failed call may not wait).
	const deadline = Date.now() + 5 * 60_000;
	let executions: ExecutionSummary[] = [];
	for (;;) {
		executions = (await listExecutions(session)).filter((execution) => !before.has(execution.id));
		const summary = await sandbox.state<{ distinctEnrolments: number }>(true);
		const done = executions.length >= calls.length && executions.every((execution) => !UNFINISHED.has(execution.status));
		if ((done && summary.distinctEnrolments >= contactIds.length) || Date.now() > deadline) break;
		if (done && Date.now() - answeredAt > 30_000) break;
		await sleep(500);
	}

	const state = await sandbox.state<{ requests: any[]; enrolments: any[] }>(false);
	const summary = await sandbox.state<Record<string, unknown>>(true);
	const enrolled = enrolmentReport(state.enrolments, contactIds, HIGHLEVEL_WORKFLOW_ID);
	const requests = requestReport(state.requests, options.intervalMs);
	const webhooks = webhookReport(answers, HIGHLEVEL_WORKFLOW_ID);
	const perWorker = workers.map((worker, i) => ({ worker, events: readLogEvents(worker.output().slice(logOffsets[i])) }));
	const mainEvents = readLogEvents(main.output().slice(mainOffset));
	const executionStatuses: Record<string, number> = {};
	for (const execution of executions) executionStatuses[execution.status] = (executionStatuses[execution.status] ?? 0) + 1;
	const executionIds = new Set(executions.map((execution) => execution.id));

	// --- checks -------------------------------------------------------------------------------
	checks.push(
		check(
			name('every webhook call answered 200 with one successful item per contact'),
			webhooks.failed.length === 0 && webhooks.successfulItems === contactIds.length,
			`${webhooks.ok}/${webhooks.calls} calls ok, ${webhooks.successfulItems}/${contactIds.length} items success` +
				(webhooks.failed.length ? `; failed: ${JSON.stringify(webhooks.failed.slice(0, 5))}` : ''),
		),
	);
	checks.push(
		check(
			name('every contact enrolled exactly once'),
			enrolled.distinct === contactIds.length &&
				enrolled.duplicates.length === 0 &&
				enrolled.missing.length === 0 &&
				enrolled.unexpected.length === 0 &&
				summary.duplicatePairs === 0,
			`${enrolled.distinct} distinct of ${contactIds.length}, ${enrolled.enrolments} enrolments, ${enrolled.duplicates.length} duplicated` +
				`, ${enrolled.missing.length} missing, ${enrolled.unexpected.length} unexpected; sandbox duplicatePairs ${String(summary.duplicatePairs)}` +
				(enrolled.duplicates.length ? ` e.g. ${JSON.stringify(enrolled.duplicates.slice(0, 5))}` : '') +
				(enrolled.missing.length ? ` missing e.g. ${enrolled.missing.slice(0, 5).join(', ')}` : ''),
		),
	);
	checks.push(
		check(
			name('every execution finished with status success'),
			executions.length === calls.length && (executionStatuses.success ?? 0) === calls.length,
			`${executions.length} executions for ${calls.length} calls: ${JSON.stringify(executionStatuses)}`,
		),
	);
	const requestsOk = requests.byStatus['200'] === requests.total - requests.tooManyRequests && requests.enrolRequests === requests.total;
	checks.push(
		check(
			name('HighLevel answered every request 200 or 429 (429s retried, nothing else failed)'),
			requestsOk,
			`${requests.total} requests: ${JSON.stringify(requests.byStatus)}; ${requests.enrolRequests} were enrolments`,
		),
	);
	// A guard against retry storms, not a target: workers that pace themselves apart still collide now
	// and then (measured: 339–364 for 600 contacts with two workers); a retry storm would send thousands.
	const max429 = options.max429 ?? Math.round((contactIds.length * 5) / 3);
	checks.push(
		check(
			name(`at most ${max429} requests answered 429 (--max-429)`),
			requests.tooManyRequests <= max429,
			`${requests.tooManyRequests} answered 429 (${requests.contactsWith429} contacts hit one, at most ${requests.max429PerContact} for one contact)`,
		),
	);
	const executionsPerWorker: Record<string, number> = {};
	for (const { worker, events } of perWorker) executionsPerWorker[worker.name] = events.started.length;
	const startedIds = perWorker.flatMap(({ events }) => events.started);
	const finishedIds = perWorker.flatMap(({ events }) => events.finished);
	const sameIds = (ids: string[]) => ids.length === executionIds.size && ids.every((id) => executionIds.has(id));
	const workerIdsSeen = new Set(Object.values(mainEvents.finishedBy));
	checks.push(
		check(
			name(`all ${workers.length} workers ran executions, the main process none`),
			perWorker.every(({ events }) => events.started.length > 0) &&
				sameIds(startedIds) &&
				sameIds(finishedIds) &&
				mainEvents.started.length === 0,
			// The log files are per process. The workerId the main process logs is no proof: in a container
			// n8n names every worker worker-<hostname>, so two workers on one machine share it.
			`started per worker ${JSON.stringify(executionsPerWorker)} (${startedIds.length} started, ${finishedIds.length} finished, ` +
				`of ${executionIds.size} executions, from each worker's own log); main ran ${mainEvents.started.length}; ` +
				`main logged ${Object.keys(mainEvents.finishedBy).length} finished, by worker ids ${[...workerIdsSeen].join(', ')}`,
		),
	);

	const lastEnrolmentAt = enrolled.lastAt ?? answeredAt;
	const wallSeconds = (lastEnrolmentAt - firstCallAt) / 1000;
	const floorSeconds = (contactIds.length / options.max) * (options.intervalMs / 1000);
	const figures: RoundFigures = {
		round,
		contacts: contactIds.length,
		calls: calls.length,
		wallSeconds,
		answersSeconds: (answeredAt - firstCallAt) / 1000,
		floorSeconds,
		ratio: wallSeconds / floorSeconds,
		throughput: contactIds.length / wallSeconds,
		tooManyRequests: requests.tooManyRequests,
		contactsWith429: requests.contactsWith429,
		max429PerContact: requests.max429PerContact,
		peakPerInterval: requests.peakCountedPerInterval,
		requests: requests.total,
		byStatus: requests.byStatus,
		executionsPerWorker,
		executionStatuses,
	};
	writeFileSync(
		path.join(ARTIFACTS, `round-${round}.json`),
		JSON.stringify({ figures, summary, enrolled: { ...enrolled, missing: enrolled.missing.slice(0, 50) }, requests, webhooks, executions }, null, 2),
	);
	const timeline = state.requests.map((request) => ({ at: request.at - firstCallAt, status: request.status, path: request.path }));
	writeFileSync(path.join(ARTIFACTS, `round-${round}-requests.json`), JSON.stringify(timeline));
	return figures;
}

function printFigures(figures: RoundFigures, options: Options): void {
	const lines = [
		`round ${figures.round}`,
		`  contacts                        ${figures.contacts} in ${figures.calls} webhook calls`,
		`  wall time (first call → last enrolment)  ${figures.wallSeconds.toFixed(1)} s  (all answers after ${figures.answersSeconds.toFixed(1)} s)`,
		`  floor at the limit              ${figures.floorSeconds.toFixed(1)} s  (${figures.contacts} / ${options.max} per ${options.intervalMs} ms)`,
		`  ratio to the floor              ${figures.ratio.toFixed(2)}  (${figures.throughput.toFixed(1)} enrolments per second)`,
		`  429s seen                       ${figures.tooManyRequests}  (${figures.contactsWith429} contacts hit one, at most ${figures.max429PerContact} for one contact)`,
		`  requests                        ${figures.requests}  ${JSON.stringify(figures.byStatus)}`,
		`  executions per worker           ${Object.entries(figures.executionsPerWorker).map(([worker, count]) => `${worker} ${count}`).join(', ')}`,
	];
	for (const line of lines) log(line);
}

async function main(): Promise<number> {
	const options = readOptions();
	const commandStarted = Date.now();
	setLogger((line) => log(line));
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	const started: Started = { workers: [] };
	const checks: Check[] = [];
	const allFigures: RoundFigures[] = [];

	let stopping: Promise<void> | undefined;
	const stop = (graceMs: number) => (stopping ??= stopAll(started, options.keep, graceMs));
	const cancelTimeout = stopOnAbort({ log, stop, timeoutMinutes: options.timeoutMinutes });

	try {
		if (!options.skipBuild && !options.packageDir) {
			log('npm run build ...');
			await run('npm', ['run', 'build'], { cwd: REPO_ROOT, timeoutMs: 10 * 60_000 });
		}
		const [redisBinary] = await Promise.all([ensureRedisServer(log), ensureN8n()]);

		const userFolder = makeUserFolder('n8n-queue-');
		started.userFolder = userFolder;
		log(`user folder ${userFolder} (sqlite, shared by the main process and the workers)`);
		// Packed into the user folder, so the tarball goes with it at the end.
		const tarball = await packPackage(options.packageDir ?? REPO_ROOT, path.join(userFolder, 'pack'));
		await installPackage(userFolder, { tarball });

		started.redis = await startRedis({ binary: redisBinary, logFile: path.join(ARTIFACTS, 'redis.log') });
		log(`redis-server on 127.0.0.1:${started.redis.port} (no persistence)`);
		started.sandbox = await startSandboxProcess({ args: ['--max', String(options.max), '--interval-ms', String(options.intervalMs), '--window', options.window] });
		log(`HighLevel sandbox on ${started.sandbox.url}, ${options.max} requests per ${options.intervalMs} ms (${options.window} window)`);

		log('importing the credential and the workflow, publishing it ...');
		await importCredentials(userFolder, [queueCredential(started.sandbox.url)]);
		await importWorkflows(userFolder, [queueWorkflow({ maxConcurrency: options.maxConcurrency, maxWaitSeconds: options.maxWaitSeconds })]);
		await n8nCli(['publish:workflow', `--id=${QUEUE_WORKFLOW_ID}`], { userFolder });

		const queue: QueueSettings = { redisHost: '127.0.0.1', redisPort: started.redis.port, prefix: `hlq${process.pid}` };
		const logEnv = { N8N_LOG_FORMAT: 'json' };
		started.main = await startQueueMain({ userFolder, queue, logFile: path.join(ARTIFACTS, 'main.log'), env: logEnv });
		const session = new N8nSession(started.main.url);
		await session.setupOwner();
		const workflow = await session.request<{ active?: boolean; activeVersionId?: string | null }>('GET', `/rest/workflows/${QUEUE_WORKFLOW_ID}`);
		checks.push(
			check(
				'the workflow is published and active on the main process',
				workflow.active === true || Boolean(workflow.activeVersionId),
				`active ${String(workflow.active)}, activeVersionId ${String(workflow.activeVersionId)}`,
			),
		);

		// One after the other: two n8n processes booting at once on 2 cores mostly wait for each other.
		for (let i = 1; i <= options.workers; i++) {
			started.workers.push(
				await startQueueWorker({
					name: `worker-${i}`,
					userFolder,
					queue,
					concurrency: options.workerConcurrency,
					logFile: path.join(ARTIFACTS, `worker-${i}.log`),
					env: logEnv,
					log,
				}),
			);
		}
		log(`n8n ${N8N_VERSION}: main + ${options.workers} workers (--concurrency=${options.workerConcurrency}) ready after ${secondsSince(commandStarted)}`);

		for (let round = 1; round <= options.rounds; round++) {
			const figures = await runRound(round, options, { ...started, sandbox: started.sandbox, main: started.main }, session, checks);
			allFigures.push(figures);
			printFigures(figures, options);
		}
	} catch (error) {
		checks.push(check('the run completed', false, error instanceof Error ? error.stack ?? error.message : String(error)));
	} finally {
		log('stopping the workers, the main process, the sandbox and Redis ...');
		await stop(10_000);
		cancelTimeout();
	}

	writeFileSync(path.join(ARTIFACTS, 'figures.json'), JSON.stringify({ options, figures: allFigures, checks }, null, 2));
	for (const result of checks) log(`${result.ok ? 'PASS' : 'FAIL'} ${result.name}: ${result.detail}`);
	const passed = checks.filter((result) => result.ok).length;
	const failed = checks.length - passed;
	log(`total ${secondsSince(commandStarted)}; logs and figures in ${path.relative(REPO_ROOT, ARTIFACTS)}/`);
	process.stdout.write(`queue: ${passed} passed, ${failed} failed\n`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
