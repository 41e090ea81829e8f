/**
 * `npm run bench:trigger`: a burst of signed HighLevel events at the HighLevel Trigger's Production
 * URL in real n8n, beside n8n's own Webhook node taking the same requests in the same run, in one
 * n8n process and in queue mode (the main process receiving, workers executing).
 *
 *   npx tsx scripts/bench-trigger.ts [--events 1000] [--repeat-percent 5] [--modes single,queue]
 *        [--workers 2] [--worker-concurrency 10] [--check] [--skip-build] [--timeout-minutes 20]
 *
 * Each workflow reports every run to a sink (HTTP Request node → a server in this process), so the
 * figures count runs per webhookId: the trigger should run each distinct event once, the Webhook
 * node every request. Prints the figures and writes test-artifacts/bench-trigger/results.json.
 * Asserts no timing; with --check it exits 1 when a count is wrong (an event lost or run twice, an
 * answer other than 200): the smaller burst `.ci/run` runs (--events 200 --check).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { foreignProcesses, machine, sourceVersion } from '../tools/bench/machine';
import { countProblems, figuresLine, runBurst, withHeaders, type BurstFigures, type BurstTarget } from '../tools/bench/triggerBurst';
import { N8N_VERSION } from '../tools/n8n/install';
import { setLogger } from '../tools/n8n/log';
import { buildPackage, packPackage } from '../tools/n8n/package';
import { sandboxAgencyCredential } from '../tools/n8n/project';
import { startSandboxProcess } from '../tools/n8n/sandboxProcess';
import { ARTIFACTS_DIR, REPO_ROOT } from '../tools/paths';
import { stopOnAbort } from '../tools/process/abort';
import { prefixedLogger } from '../tools/process/log';
import { readArgs, runMain } from '../tools/process/script';
import { DEFAULT_AGENCY } from '../tools/sandbox/agency';
import { burst, delivery, WebhookSender } from '../tools/sandbox/webhooks/sender';
import { startTriggerInstance } from '../tools/trigger/instance';
import { startSink, type Sink } from '../tools/trigger/sink';
import {
	HEADER_AUTH_CREDENTIAL,
	HEADER_AUTH_HEADERS,
	HEADER_AUTH_WORKFLOW_ID,
	headerAuthUrl,
	TRIGGER_WORKFLOW_ID,
	triggerSinkWorkflow,
	triggerUrl,
	WEBHOOK_NODE_WORKFLOW_ID,
	webhookNodeSinkWorkflow,
	webhookNodeUrl,
} from '../tools/trigger/workflows';

const log = prefixedLogger('bench-trigger');
/** What the mode being measured started, for Ctrl-C and the overall time-out. */
const running = new Set<() => Promise<unknown>>();
const ARTIFACTS = path.join(ARTIFACTS_DIR, 'bench-trigger');

function readOptions() {
	const { values, int } = readArgs(__filename, {
		events: { type: 'string', default: '1000' },
		'repeat-percent': { type: 'string', default: '5' },
		modes: { type: 'string', default: 'single,queue' },
		workers: { type: 'string', default: '2' },
		'worker-concurrency': { type: 'string', default: '10' },
		check: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		'timeout-minutes': { type: 'string', default: '20' },
	});
	const modes = values.modes.split(',').map((mode) => mode.trim());
	if (modes.some((mode) => mode !== 'single' && mode !== 'queue')) throw new Error('--modes takes single, queue or both');
	return {
		events: int('events'),
		repeatShare: Number(values['repeat-percent']) / 100,
		modes: modes as Array<'single' | 'queue'>,
		workers: int('workers'),
		workerConcurrency: int('worker-concurrency'),
		check: values.check,
		skipBuild: values['skip-build'],
		timeoutMs: int('timeout-minutes') * 60_000,
	};
}

type Options = ReturnType<typeof readOptions>;

interface ModeResult {
	mode: 'single' | 'queue';
	figures: BurstFigures[];
	problems: string[];
	alsoRunning: string[];
}

async function warmUp(target: BurstTarget, sink: Sink): Promise<void> {
	const since = Date.now();
	const sender = new WebhookSender(target.url);
	await sender.sendAll(withHeaders(target, Array.from({ length: 5 }, () => delivery('ContactCreate'))));
	sender.close();
	await sink.waitFor(target.via, 5, { since, timeoutMs: 60_000 });
}

async function measureMode(mode: 'single' | 'queue', options: Options, tarball: string): Promise<ModeResult> {
	const logDir = path.join(ARTIFACTS, mode);
	mkdirSync(logDir, { recursive: true });
	const sandbox = await startSandboxProcess({ logFile: path.join(logDir, 'sandbox.log'), config: { recordRequests: false } });
	const sink = await startSink();
	running.add(sandbox.stop).add(sink.close);
	const n8n = await startTriggerInstance({
		tarball,
		credentials: [sandboxAgencyCredential(sandbox.url, await sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId)), HEADER_AUTH_CREDENTIAL],
		workflows: [triggerSinkWorkflow(sink.url), webhookNodeSinkWorkflow(sink.url), webhookNodeSinkWorkflow(sink.url, { headerAuth: true })],
		logDir,
		workers: mode === 'queue' ? options.workers : 0,
		// BENCH_N8N_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": profiles n8n's one process (single mode).
		env: process.env.BENCH_N8N_NODE_OPTIONS && mode === 'single' ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : undefined,
		workerConcurrency: options.workerConcurrency,
		triggerUrls: (url) => [triggerUrl(url)],
		log,
	});
	running.add(n8n.stop);
	const ownGroups = [n8n.main.pid, ...n8n.workers.map((worker) => worker.pid), sandbox.pid];
	try {
		const targets: BurstTarget[] = [
			{ target: 'HighLevel Trigger', url: triggerUrl(n8n.url), via: 'trigger', workflowId: TRIGGER_WORKFLOW_ID, runsRepeats: false },
			{ target: "n8n's Webhook node", url: webhookNodeUrl(n8n.url), via: 'webhook', workflowId: WEBHOOK_NODE_WORKFLOW_ID, runsRepeats: true },
			{
				target: "n8n's Webhook node, Header Auth",
				url: headerAuthUrl(n8n.url),
				via: 'webhookHeaderAuth',
				workflowId: HEADER_AUTH_WORKFLOW_ID,
				runsRepeats: true,
				headers: HEADER_AUTH_HEADERS,
			},
		];
		for (const target of targets) await warmUp(target, sink);
		const alsoRunning = new Set(foreignProcesses(ownGroups));
		const figures: BurstFigures[] = [];
		const problems: string[] = [];
		// The same deliveries (the same bytes) to both, one burst after the other.
		const deliveries = burst(options.events, options.repeatShare);
		for (const target of targets) {
			log(`${mode}: ${deliveries.length} requests at once to ${target.target} ...`);
			const result = await runBurst(target, deliveries, { sink, session: n8n.session, timeoutMs: options.timeoutMs });
			log(figuresLine(result));
			figures.push(result);
			problems.push(...countProblems(result, target.runsRepeats).map((problem) => `${mode}, ${target.target}: ${problem}`));
			for (const line of foreignProcesses(ownGroups)) alsoRunning.add(line);
		}
		return { mode, figures, problems, alsoRunning: [...alsoRunning] };
	} finally {
		await Promise.allSettled([n8n.stop(), sandbox.stop(), sink.close()]);
		running.clear();
	}
}

async function main(): Promise<number> {
	const options = readOptions();
	setLogger((line) => log(line));
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	const started = Date.now();
	const cancelTimeout = stopOnAbort({ log, timeoutMinutes: options.timeoutMs / 60_000 + 10, stop: async () => void (await Promise.allSettled([...running].map((stop) => stop()))) });
	if (!options.skipBuild) await buildPackage();
	const tarball = await packPackage(REPO_ROOT, path.join(ARTIFACTS, 'pack'));
	log(`n8n ${N8N_VERSION}, ${machine()}, build of ${sourceVersion()}; ${options.events} requests, ${Math.round(options.repeatShare * 100)} % repeats`);
	const results: ModeResult[] = [];
	for (const mode of options.modes) results.push(await measureMode(mode, options, tarball));

	cancelTimeout();
	writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify({ n8n: N8N_VERSION, machine: machine(), build: sourceVersion(), options, results }, null, 2));
	for (const result of results) {
		log(`${result.mode}: other n8n/Chromium/Redis processes seen while measuring: ${result.alsoRunning.length === 0 ? 'none' : result.alsoRunning.join(' | ')}`);
		for (const figures of result.figures) log(`${result.mode}: ${figuresLine(figures)}`);
	}
	const problems = results.flatMap((result) => result.problems);
	for (const problem of problems) log(`FAIL ${problem}`);
	log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; ${problems.length === 0 ? 'every count as expected' : `${problems.length} count problems`}`);
	return options.check && problems.length > 0 ? 1 : 0;
}

runMain(main);
