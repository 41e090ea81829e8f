/**
 * `npm run bench:n8n`: in real n8n (2.40.7 on Node 24), this package's Add to Workflow node against
 * n8n's HTTP Request node enrolling the same generated contacts into a HighLevel workflow, at a
 * HighLevel-like rate limit and with none. Prints and writes the figures; asserts nothing.
 *
 *   npx tsx scripts/bench-n8n/run.ts [--quick] [--items 300,1000] [--limits 100/10000,25/1000] [--runs 3]
 *        [--unlimited-items 1000] [--unlimited-runs 3] [--variants node,http,httpBatched,httpRetry]
 *        [--skip-build] [--no-wait-idle] [--wait-idle-minutes 15] [--keep] [--timeout-minutes 45] [--timeline]
 *
 * One n8n instance (`n8n start`, sqlite, the package installed as a community package), one HighLevel
 * sandbox (test/sandbox, in this process, so that each run gets a token of its own: a fresh rate-limit
 * bucket on the sandbox's side and in the node's pacing state). Every measured run is its own imported
 * workflow, Manual Trigger → Code (N contacts, ids unique to the run) → the node under test, started
 * through n8n's REST API (POST /rest/workflows/:id/run, what the editor's "Execute workflow" does)
 * against the running instance; its wall time is the execution's startedAt → stoppedAt as n8n stored
 * them, so n8n's start-up is not in it. The sandbox is reset before every run; its counts afterwards
 * say what was enrolled, how often, and what was answered.
 *
 * --quick: 300 items at 25 per second, one run each, 300 unlimited items: a short check.
 * Writes test-artifacts/bench-n8n/{results.json,results.md}. Everything it starts is stopped at the
 * end, on failure and on Ctrl-C / SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_LOCATION_ID } from '../../test/sandbox/fixtures';
import { startSandbox, type Sandbox } from '../../test/sandbox/server';
import {
	ensureN8n,
	importCredentials,
	importWorkflows,
	installPackage,
	makeUserFolder,
	N8N_VERSION,
	NODE24_VERSION,
	packPackage,
	REPO_ROOT,
	run as runCommand,
	setLogger,
	startN8n,
	stopGroup,
	type N8nHandle,
	type N8nInstall,
	stopOnAbort,
} from '../n8n/launcher';
import { N8nSession } from '../n8n/rest';
import {
	anyShared,
	floorSeconds,
	group,
	groupHeading,
	limitedTable,
	limitLabel,
	SHARED_NOTE,
	summaryTable,
	unlimitedTable,
	type GroupFigures,
	type Limit,
	type RunFigures,
} from './report';
import {
	benchCredential,
	benchWorkflow,
	HTTP_REQUEST_TYPE_VERSION,
	NODE_UNDER_TEST,
	TRIGGER_NODE,
	VARIANTS,
	type RunPlan,
	type Variant,
} from './workflows';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'bench-n8n');
const log = (line: string) => process.stdout.write(`[bench-n8n] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secondsSince = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// options
// ---------------------------------------------------------------------------------------------

interface Options {
	items: number[];
	limits: Limit[];
	runs: number;
	unlimitedItems: number;
	unlimitedRuns: number;
	variants: Variant[];
	skipBuild: boolean;
	waitIdle: boolean;
	waitIdleMinutes: number;
	keep: boolean;
	timeoutMinutes: number;
	quick: boolean;
	/** Record every request in the sandbox and write each run's arrival times (timeline-<workflow>.json). */
	timeline: boolean;
}

function readOptions(): Options {
	const { values } = parseArgs({
		options: {
			quick: { type: 'boolean', default: false },
			items: { type: 'string' },
			limits: { type: 'string' },
			runs: { type: 'string' },
			'unlimited-items': { type: 'string' },
			'unlimited-runs': { type: 'string' },
			variants: { type: 'string' },
			'skip-build': { type: 'boolean', default: false },
			'no-wait-idle': { type: 'boolean', default: false },
			'wait-idle-minutes': { type: 'string', default: '15' },
			keep: { type: 'boolean', default: false },
			'timeout-minutes': { type: 'string', default: '45' },
			timeline: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(`${readFileSync(__filename, 'utf8').split('*/')[0]}*/\n`);
		process.exit(0);
	}
	const int = (value: string, name: string, min = 1): number => {
		const parsed = Number(value);
		if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} needs an integer ≥ ${min}, got "${value}"`);
		return parsed;
	};
	const quick = values.quick;
	const items = (values.items ?? (quick ? '300' : '300,1000')).split(',').map((value) => int(value.trim(), 'items'));
	const limits = (values.limits ?? (quick ? '25/1000' : '100/10000,25/1000')).split(',').map((value) => {
		const match = /^(\d+)\/(\d+)$/.exec(value.trim());
		if (!match) throw new Error(`--limits takes max/intervalMs pairs, e.g. 100/10000, got "${value}"`);
		return { max: int(match[1], 'limits'), intervalMs: int(match[2], 'limits') };
	});
	const runs = int(values.runs ?? (quick ? '1' : '3'), 'runs');
	const variants = (values.variants ?? VARIANTS.join(',')).split(',').map((value) => {
		const variant = value.trim() as Variant;
		if (!VARIANTS.includes(variant)) throw new Error(`--variants: unknown "${value}" (known: ${VARIANTS.join(', ')})`);
		return variant;
	});
	return {
		items,
		limits,
		runs,
		unlimitedItems: int(values['unlimited-items'] ?? (quick ? '300' : '1000'), 'unlimited-items', 0),
		unlimitedRuns: int(values['unlimited-runs'] ?? String(runs), 'unlimited-runs'),
		variants,
		skipBuild: values['skip-build'],
		waitIdle: !values['no-wait-idle'],
		waitIdleMinutes: int(values['wait-idle-minutes'], 'wait-idle-minutes', 0),
		keep: values.keep,
		timeoutMinutes: int(values['timeout-minutes'], 'timeout-minutes'),
		quick,
		timeline: values.timeline,
	};
}

// ---------------------------------------------------------------------------------------------
// the plan: one workflow per measured run
// ---------------------------------------------------------------------------------------------

interface PlannedRun extends RunPlan {
	limit: Limit | false;
	run: number;
	warmUp?: boolean;
}

/** Batching that stays under the limit: 1,000 ms between batches of what the limit allows per second. */
export function batchingFor(limit: Limit | false): { batchSize: number; batchInterval: number } | undefined {
	if (!limit) return undefined;
	if (limit.intervalMs >= 1000) return { batchSize: Math.max(1, Math.floor((limit.max * 1000) / limit.intervalMs)), batchInterval: 1000 };
	return { batchSize: limit.max, batchInterval: limit.intervalMs };
}

function planRuns(options: Options, stamp: string): PlannedRun[] {
	const plans: PlannedRun[] = [];
	let counter = 0;
	const add = (variant: Variant, items: number, limit: Limit | false, run: number, warmUp = false) => {
		counter++;
		const workflowId = `bn8n${stamp}w${String(counter).padStart(3, '0')}`;
		plans.push({
			workflowId,
			variant,
			items,
			limit,
			run,
			warmUp,
			tag: `b${stamp}r${counter}`,
			token: `pit-bench-n8n-${stamp}-${counter}`,
			batching: variant === 'httpBatched' ? batchingFor(limit) : undefined,
		});
	};
	// Warm-up (not measured): the package's module, the HTTP Request node and the Code node's task runner.
	add('node', 20, false, 0, true);
	add('http', 20, false, 0, true);
	for (const limit of options.limits) {
		for (const items of options.items) {
			// Runs interleaved (1: every variant, 2: every variant, ...), so drift touches all alike.
			for (let run = 1; run <= options.runs; run++) for (const variant of options.variants) add(variant, items, limit, run);
		}
	}
	if (options.unlimitedItems > 0) {
		const unlimitedVariants = options.variants.filter((variant) => variant === 'node' || variant === 'http');
		for (let run = 1; run <= options.unlimitedRuns; run++) {
			for (const variant of unlimitedVariants) add(variant, options.unlimitedItems, false, run);
		}
	}
	return plans;
}

// ---------------------------------------------------------------------------------------------
// other n8n instances on this machine
// ---------------------------------------------------------------------------------------------

/** n8n (start, worker, execute, its task runner), Chromium (e2e tests) and Redis (queue mode). */
const BUSY_PATTERN = /node_modules\/n8n\/bin\/n8n|@n8n\/task-runner|chromium|redis-server/;

/** Processes of the pattern not in one of our own process groups. */
function foreignProcesses(ownGroups: number[]): string[] {
	let listing = '';
	try {
		listing = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
	} catch {
		return [];
	}
	const found: string[] = [];
	for (const line of listing.split('\n')) {
		const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
		if (!match) continue;
		const [, pid, pgid, args] = match;
		if (Number(pid) === process.pid || ownGroups.includes(Number(pgid))) continue;
		if (BUSY_PATTERN.test(args)) found.push(`${pid} ${args.slice(0, 120)}`);
	}
	return found;
}

/**
 * Keeps the measured runs off a machine busy with other n8n instances: waits (polling every 15 s)
 * before the bench and before each run while others run, out of one budget for the whole bench;
 * once the budget is spent it measures anyway and the runs say what they shared the machine with.
 */
class IdleGuard {
	private spentMs = 0;
	readonly seen = new Set<string>();
	ownGroups: number[] = [];

	constructor(private readonly budgetMs: number) {}

	/** Other processes now (and remembered). */
	sample(): string[] {
		const busy = foreignProcesses(this.ownGroups);
		for (const line of busy) this.seen.add(line);
		return busy;
	}

	/** Waits while others run, as long as the budget lasts; returns the seconds waited. */
	async waitIdle(what: string): Promise<number> {
		const started = Date.now();
		let said = false;
		for (;;) {
			const busy = this.sample();
			if (busy.length === 0) break;
			if (this.spentMs + (Date.now() - started) >= this.budgetMs) {
				if (said || this.budgetMs > 0) log(`still ${busy.length} other n8n/Chromium/Redis processes; waiting budget spent, measuring anyway (figures may be skewed)`);
				break;
			}
			if (!said) {
				const left = Math.round((this.budgetMs - this.spentMs) / 60_000);
				log(`${what}: other n8n/Chromium/Redis processes are running (${busy.length}, e.g. ${busy[0]}); waiting for them to end (up to ${left} min more) ...`);
				said = true;
			}
			await sleep(15_000);
		}
		const waited = Date.now() - started;
		this.spentMs += waited;
		if (said && waited > 0) log(`waited ${(waited / 1000).toFixed(0)} s`);
		return waited / 1000;
	}

	get waitedSeconds(): number {
		return this.spentMs / 1000;
	}
}

// ---------------------------------------------------------------------------------------------
// one measured run
// ---------------------------------------------------------------------------------------------

interface ExecutionAnswer {
	id: string;
	status: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	data?: string | Record<string, any>;
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

function loadFlatted(install: N8nInstall): { parse: (text: string) => any } {
	// n8n's own serialiser of execution data (GET /rest/executions/:id answers with it).
	const require = createRequire(path.join(install.dir, 'node_modules', 'n8n', 'package.json'));
	return require('flatted') as { parse: (text: string) => any };
}

function timeoutFor(plan: PlannedRun): number {
	const floor = plan.limit ? floorSeconds(plan.items, plan.limit) : 0;
	// Generous: the node's Max Wait is 600 s; a run far beyond 3 × its floor is a finding, not a wait.
	return (120 + 3 * floor + plan.items / 20) * 1000;
}

async function measure(
	plan: PlannedRun,
	session: N8nSession,
	sandbox: Sandbox,
	flatted: { parse: (text: string) => any },
	guard: IdleGuard,
): Promise<RunFigures> {
	const others = new Set<string>();
	const sampleOthers = () => {
		for (const line of guard.sample()) others.add(line.split(' ')[0]);
	};
	sampleOthers();
	sandbox.reset();
	const requestedAt = Date.now();
	const started = await session.request<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/rest/workflows/${plan.workflowId}/run`, {
		triggerToStartFrom: { name: TRIGGER_NODE },
	});
	if (!started.executionId) throw new Error(`${plan.workflowId}: n8n did not start an execution: ${JSON.stringify(started)}`);
	const executionId = String(started.executionId);
	const deadline = requestedAt + timeoutFor(plan);
	let execution: ExecutionAnswer | undefined;
	let timedOut = false;
	for (let poll = 1; ; poll++) {
		await sleep(1_000);
		if (poll % 5 === 0) sampleOthers();
		try {
			execution = await session.request<ExecutionAnswer>('GET', `/rest/executions/${executionId}`);
		} catch (error) {
			// not stored yet
			if (Date.now() > deadline) throw error;
			continue;
		}
		if (execution && !UNFINISHED.has(execution.status)) break;
		if (Date.now() > deadline) {
			timedOut = true;
			log(`${plan.workflowId}: not finished after ${secondsSince(requestedAt)}; stopping execution ${executionId}`);
			await session.request('POST', `/rest/executions/${executionId}/stop`).catch(() => undefined);
			await sleep(2_000);
			execution = await session.request<ExecutionAnswer>('GET', `/rest/executions/${executionId}`);
			break;
		}
	}
	const clientSeconds = (Date.now() - requestedAt) / 1000;
	sampleOthers();
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	const resultData = data?.resultData ?? {};
	const tasks: any[] = resultData.runData?.[NODE_UNDER_TEST] ?? [];
	const task = tasks.length ? tasks[tasks.length - 1] : undefined;
	const output: Array<{ json: Record<string, unknown> }> = task?.data?.main?.[0] ?? [];
	const successfulItems = plan.variant === 'node' ? output.filter((item) => item.json?.success === true).length : output.length;
	const error = resultData.error ?? task?.error;
	const summary = sandbox.summary();
	const startedAt = execution.startedAt ? Date.parse(execution.startedAt) : NaN;
	const stoppedAt = execution.stoppedAt ? Date.parse(execution.stoppedAt) : NaN;
	return {
		workflowId: plan.workflowId,
		variant: plan.variant,
		items: plan.items,
		limit: plan.limit,
		run: plan.run,
		executionId,
		status: execution.status,
		executionSeconds: (stoppedAt - startedAt) / 1000,
		nodeSeconds: typeof task?.executionTime === 'number' ? task.executionTime / 1000 : undefined,
		clientSeconds,
		successfulItems,
		outputItems: output.length,
		endedInError: execution.status !== 'success' || Boolean(resultData.error),
		error: error
			? {
					message: error.message,
					description: error.description ?? undefined,
					httpCode: error.httpCode ?? undefined,
					node: error.node?.name ?? undefined,
					itemIndex: error.context?.itemIndex ?? undefined,
				}
			: undefined,
		requests: summary.totalRequests,
		byStatus: summary.byStatus,
		enrolments: summary.enrolments,
		distinctEnrolments: summary.distinctEnrolments,
		duplicatePairs: summary.duplicatePairs,
		maxEnrolmentsPerContact: summary.maxEnrolmentsPerContactWorkflow,
		timedOut,
		otherProcesses: others.size,
	};
}

/** Arrival times (ms after the first request) and statuses of a run's requests, and the busiest windows. */
function writeTimeline(plan: PlannedRun, sandbox: Sandbox): void {
	const requests = sandbox.requests.filter((request) => request.path.startsWith('/contacts/'));
	if (requests.length === 0) return;
	const first = requests[0].at;
	// The contact's index in the generated items: the order the node took them in, to compare with the arrival order.
	const arrivals = requests.map((request) => ({
		at: request.at - first,
		status: request.status,
		item: Number(/c(\d+)\/workflow\//.exec(request.path)?.[1] ?? -1),
	}));
	let peak = 0;
	const intervalMs = plan.limit ? plan.limit.intervalMs : 1000;
	for (let start = 0, end = 0; end < arrivals.length; end++) {
		while (arrivals[end].at - arrivals[start].at >= intervalMs) start++;
		peak = Math.max(peak, end - start + 1);
	}
	const gaps = arrivals.slice(1).map((arrival, i) => arrival.at - arrivals[i].at);
	writeFileSync(
		path.join(ARTIFACTS, `timeline-${plan.workflowId}.json`),
		`${JSON.stringify({ workflowId: plan.workflowId, variant: plan.variant, items: plan.items, limit: plan.limit, peakPerInterval: peak, gaps, arrivals })}\n`,
	);
	// How far out of item order requests arrived: an item arriving after later items did.
	let overtaken = 0;
	let highest = -1;
	for (const arrival of arrivals) {
		if (arrival.item < highest) overtaken++;
		highest = Math.max(highest, arrival.item);
	}
	log(`  timeline: ${overtaken} requests arrived after a later item's`);
	log(`  timeline: ${arrivals.length} requests over ${(arrivals[arrivals.length - 1].at / 1000).toFixed(1)} s, at most ${peak} in any ${intervalMs} ms`);
}

function describeRun(figures: RunFigures): string {
	const ratio = figures.limit ? ` (${(figures.executionSeconds / floorSeconds(figures.items, figures.limit)).toFixed(2)} × floor)` : '';
	const node = figures.nodeSeconds !== undefined ? `, node ${figures.nodeSeconds.toFixed(1)} s` : '';
	const error = figures.error ? `; error: ${figures.error.message}${figures.error.httpCode ? ` [${figures.error.httpCode}]` : ''}` : '';
	return (
		`${figures.variant} ${figures.items} @ ${limitLabel(figures.limit)} run ${figures.run}: ${figures.status} in ${figures.executionSeconds.toFixed(1)} s${ratio}${node}; ` +
		`enrolled ${figures.distinctEnrolments}/${figures.items}, duplicates ${figures.duplicatePairs}, success items ${figures.successfulItems}, ` +
		`requests ${figures.requests} ${JSON.stringify(figures.byStatus)}${error}`
	);
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

interface Started {
	sandbox?: Sandbox;
	n8n?: N8nHandle;
	userFolder?: string;
}

async function stopAll(started: Started, keep: boolean, graceMs: number): Promise<void> {
	await Promise.allSettled([
		started.n8n ? stopGroup(started.n8n.pid, graceMs).then(() => started.n8n?.stop()) : undefined,
		started.sandbox?.close(),
	]);
	// (stopGroup first with our grace; handle.stop() then only waits for the exit event.)
	if (started.userFolder && !keep) rmSync(started.userFolder, { recursive: true, force: true });
}

/** The commit measured, and whether the node's or credentials' sources differ from it. */
function sourceVersion(): string {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${commit} (nodes/ or credentials/ modified)` : commit;
	} catch {
		return 'unknown';
	}
}

function machine(): string {
	const cpu = cpus();
	return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GiB`;
}

function markdown(results: { limited: Array<{ items: number; limit: Limit; groups: GroupFigures[] }>; unlimited?: GroupFigures[] }): string {
	const parts: string[] = [];
	for (const { items, limit, groups } of results.limited) {
		parts.push(`#### ${groupHeading(items, limit)}\n\n${limitedTable(groups)}`);
	}
	if (results.unlimited?.length) parts.push(`#### No rate limit\n\n${unlimitedTable(results.unlimited)}`);
	if (anyShared([...results.limited.flatMap(({ groups }) => groups), ...(results.unlimited ?? [])])) parts.push(SHARED_NOTE);
	return parts.join('\n\n');
}

async function main(): Promise<number> {
	const options = readOptions();
	const commandStarted = Date.now();
	const command = `npx tsx scripts/bench-n8n/run.ts ${process.argv.slice(2).join(' ')}`.trim();
	setLogger((line) => log(line));
	mkdirSync(ARTIFACTS, { recursive: true });
	const started: Started = {};
	let stopping: Promise<void> | undefined;
	const stop = (graceMs: number) => (stopping ??= stopAll(started, options.keep, graceMs));
	const cancelTimeout = stopOnAbort({ log, stop, timeoutMinutes: options.timeoutMinutes });

	const source = sourceVersion();
	const stamp = Date.now().toString(36).slice(-6);
	const plans = planRuns(options, stamp);
	const measured = plans.filter((plan) => !plan.warmUp);
	log(`${measured.length} measured runs (${options.runs} per workflow), n8n ${N8N_VERSION} on Node ${NODE24_VERSION}, ${machine()}, source ${source}`);

	const figures: RunFigures[] = [];
	const guard = new IdleGuard(options.waitIdle ? options.waitIdleMinutes * 60_000 : 0);
	let failure: string | undefined;
	try {
		// Before anything of ours runs (the build and n8n's import commands would count as busy).
		await guard.waitIdle('before the bench');
		if (!options.skipBuild) {
			log('npm run build ...');
			await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT, timeoutMs: 10 * 60_000 });
		}
		const install = await ensureN8n();
		const flatted = loadFlatted(install);

		// The sandbox in this process: tokens can be added (one per run), counts read without HTTP.
		const firstLimit = options.limits[0] ?? false;
		started.sandbox = await startSandbox({ port: 0, rateLimit: firstLimit, recordRequests: options.timeline });
		const sandbox = started.sandbox;
		for (const plan of plans) sandbox.addToken(plan.token, { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.write', 'contacts.readonly', 'workflows.readonly'] });
		log(`HighLevel sandbox on ${sandbox.url} (in this process)`);

		const userFolder = makeUserFolder('n8n-bench-');
		started.userFolder = userFolder;
		const tarball = await packPackage(REPO_ROOT, path.join(userFolder, 'pack'));
		await installPackage(userFolder, { tarball });
		log(`importing ${plans.filter((plan) => plan.variant === 'node').length} credentials and ${plans.length} workflows ...`);
		await importCredentials(
			userFolder,
			plans.filter((plan) => plan.variant === 'node').map((plan) => benchCredential(plan, sandbox.url)),
		);
		await importWorkflows(
			userFolder,
			plans.map((plan) => benchWorkflow(plan, sandbox.url)),
		);

		started.n8n = await startN8n({
			userFolder,
			logFile: path.join(ARTIFACTS, 'n8n.log'),
			env: { EXECUTIONS_DATA_PRUNE: 'false', EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true' },
		});
		const n8n = started.n8n;
		const session = new N8nSession(n8n.url);
		await session.setupOwner();
		guard.ownGroups = [n8n.pid];

		let currentLimit: Limit | false | undefined;
		for (const plan of plans) {
			if (plan.limit !== currentLimit) {
				sandbox.setRateLimit(plan.limit);
				currentLimit = plan.limit;
			}
			if (!plan.warmUp) await guard.waitIdle(`before ${plan.workflowId}`);
			const result = await measure(plan, session, sandbox, flatted, guard);
			if (plan.warmUp) {
				log(`warm-up ${plan.variant}: ${result.status}, ${result.distinctEnrolments}/${plan.items} enrolled`);
				if (result.status !== 'success') throw new Error(`warm-up ${plan.variant} failed: ${JSON.stringify(result.error)}`);
				continue;
			}
			figures.push(result);
			log(describeRun(result));
			if (options.timeline) writeTimeline(plan, sandbox);
			await sleep(1_000);
		}
	} catch (error) {
		failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
		log(`the run failed: ${failure}`);
	} finally {
		log('stopping n8n and the sandbox ...');
		await stop(10_000);
		cancelTimeout();
	}

	// --- figures --------------------------------------------------------------------------------
	const limited: Array<{ items: number; limit: Limit; groups: GroupFigures[] }> = [];
	for (const limit of options.limits) {
		for (const items of options.items) {
			const groups = options.variants
				.map((variant) => figures.filter((run) => run.variant === variant && run.items === items && run.limit && run.limit.max === limit.max && run.limit.intervalMs === limit.intervalMs))
				.filter((runs) => runs.length > 0)
				.map(group);
			if (groups.length) limited.push({ items, limit, groups });
		}
	}
	const unlimited = ['node', 'http']
		.map((variant) => figures.filter((run) => run.variant === variant && run.limit === false))
		.filter((runs) => runs.length > 0)
		.map(group);
	const totalSeconds = (Date.now() - commandStarted) / 1000;
	const results = {
		command,
		source,
		machine: machine(),
		n8n: N8N_VERSION,
		node: NODE24_VERSION,
		httpRequestTypeVersion: HTTP_REQUEST_TYPE_VERSION,
		options,
		timing: 'execution startedAt → stoppedAt as stored by n8n (GET /rest/executions/:id); runs started with POST /rest/workflows/:id/run',
		waitedForOthersSeconds: guard.waitedSeconds,
		otherProcessesSeen: [...guard.seen],
		runsSharingTheMachine: figures.filter((run) => run.otherProcesses > 0).map((run) => run.workflowId),
		totalSeconds,
		failure,
		limited,
		unlimited,
	};
	writeFileSync(path.join(ARTIFACTS, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	const tables = markdown({ limited, unlimited });
	// The README's line: the most items at HighLevel's own limit (100 per 10 s) when measured.
	const atHighLevelLimit = limited.filter(({ limit }) => limit.max === 100 && limit.intervalMs === 10_000);
	const headline = (atHighLevelLimit.length ? atHighLevelLimit : limited).reduce<(typeof limited)[number] | undefined>(
		(best, entry) => (!best || entry.items > best.items ? entry : best),
		undefined,
	);
	const summary = headline ? `#### README summary: ${groupHeading(headline.items, headline.limit)}\n\n${summaryTable(headline.groups)}` : '';
	writeFileSync(path.join(ARTIFACTS, 'results.md'), `${tables}\n\n${summary}\n`);
	process.stdout.write(`\n${tables}\n\n${summary}\n\n`);
	const shared = figures.filter((run) => run.otherProcesses > 0).length;
	if (shared) log(`${shared} of ${figures.length} runs shared the machine with other n8n/Chromium/Redis processes (marked † in the tables)`);
	else log('no other n8n/Chromium/Redis process ran during any measured run');
	log(`total ${totalSeconds.toFixed(0)} s; figures in ${path.relative(REPO_ROOT, ARTIFACTS)}/results.{json,md}`);
	return failure ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
