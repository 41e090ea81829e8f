/**
 * `npm run bench:n8n`: in real n8n (the launcher's N8N_VERSION, on Node 24), this package's Add to Workflow node against
 * n8n's HTTP Request node enrolling the same generated contacts into a HighLevel workflow, at a
 * HighLevel-like rate limit and with none. Prints and writes the figures; asserts nothing.
 *
 *   npx tsx scripts/bench-n8n.ts [--quick] [--items 300,1000] [--limits 100/10000,25/1000] [--runs 3]
 *        [--unlimited-items 1000] [--unlimited-runs 3] [--variants node,http,httpBatched,httpRetry]
 *        [--skip-build] [--no-wait-idle] [--wait-idle-minutes 15] [--keep] [--timeout-minutes 45]
 *        [--sub-accounts 20] [--https] [--delay-ms 50]
 *
 * --https: the sandbox over HTTPS, its CA trusted by n8n (NODE_EXTRA_CA_CERTS), as a user's n8n trusts
 * HighLevel's. --delay-ms N: HighLevel N ms away each way, every round trip (tools/net/delayProxy.ts).
 * --unlimited-items takes a list (300,1000,5000); --limits none skips the limited runs. Every run also
 * gives n8n's CPU time per request.
 *
 * --sub-accounts K: the limited runs are this node with an agency credential, --items contacts in
 * each of K sub-accounts (K × items per run), each sub-account its own bucket; floor = one
 * sub-account's (items − max) ÷ rate.
 *
 * How the runs are set up and timed: BENCHMARKS.md ("How real-n8n runs are timed"). The sandbox is
 * reset before every run; its counts afterwards say what was enrolled, how often, and what was answered.
 *
 * --quick: 300 items at 25 per second, one run each, 300 unlimited items: a short check.
 * Writes test-artifacts/bench-n8n/{results.json,results.md}. Everything it starts is stopped at the
 * end, on failure and on Ctrl-C / SIGTERM.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_LOCATION_ID } from '../tools/sandbox/fixtures';
import { startSandbox, type Sandbox } from '../tools/sandbox/server';
import { ensureN8n, N8N_VERSION, NODE24_VERSION } from '../tools/n8n/install';
import { importCredentials, importWorkflows } from '../tools/n8n/cli';
import { buildPackage, installPackage } from '../tools/n8n/package';
import { makeUserFolder, startN8n, type N8nHandle } from '../tools/n8n/server';
import { REPO_ROOT } from '../tools/paths';
import { runMain } from '../tools/process/script';
import { setLogger } from '../tools/n8n/log';
import { stopOnAbort } from '../tools/process/abort';
import { BENCH_ARTIFACTS, planRuns, readOptions } from '../tools/bench/plan';
import { IdleGuard, machine, sourceVersion } from '../tools/bench/machine';
import { measure, describeRun } from '../tools/bench/measure';
import { prefixedLogger } from '../tools/process/log';
import { sleep } from '../tools/process/time';
import { atDistance, type DelayProxy } from '../tools/net/delayProxy';
import { N8nSession } from '../tools/n8n/rest';
import { benchTables, type Limit, type RunFigures } from '../tools/bench/report';
import { DEFAULT_AGENCY, generatedAgency } from '../tools/sandbox/agency';
import { benchAgencyCredential, benchCredential, benchWorkflow, contactId, HTTP_REQUEST_TYPE_VERSION } from '../tools/bench/workflows';

const log = prefixedLogger('bench-n8n');

interface Started {
	sandbox?: Sandbox;
	proxy?: DelayProxy;
	n8n?: N8nHandle;
	userFolder?: string;
}

async function stopAll(started: Started, keep: boolean, graceMs: number): Promise<void> {
	await Promise.allSettled([started.n8n?.stop(graceMs), started.proxy?.close(), started.sandbox?.close()]);
	if (started.userFolder && !keep) rmSync(started.userFolder, { recursive: true, force: true });
}

async function main(): Promise<number> {
	const options = readOptions(__filename);
	const commandStarted = Date.now();
	const command = `npx tsx scripts/bench-n8n.ts ${process.argv.slice(2).join(' ')}`.trim();
	setLogger((line) => log(line));
	mkdirSync(BENCH_ARTIFACTS, { recursive: true });
	const started: Started = {};
	let stopping: Promise<void> | undefined;
	const stop = (graceMs: number) => (stopping ??= stopAll(started, options.keep, graceMs));
	const cancelTimeout = stopOnAbort({ log, stop, timeoutMinutes: options.timeoutMinutes });

	const source = sourceVersion();
	const stamp = Date.now().toString(36).slice(-6);
	const plans = planRuns(options, stamp);
	log(`${plans.filter((plan) => !plan.warmUp).length} measured runs (${options.runs} per workflow), n8n ${N8N_VERSION} on Node ${NODE24_VERSION}, ${machine()}, source ${source}`);

	const figures: RunFigures[] = [];
	const guard = new IdleGuard(options.waitIdle ? options.waitIdleMinutes * 60_000 : 0);
	let failure: string | undefined;
	try {
		// Before anything of ours runs (the build and n8n's import commands would count as busy).
		await guard.waitIdle('before the bench');
		if (!options.skipBuild) await buildPackage();
		await ensureN8n();

		// The sandbox in this process: tokens can be added (one per run), counts read without HTTP.
		const agencyPlans = plans.filter((plan) => plan.variant === 'agency');
		const agencySubAccounts = agencyPlans.reduce((sum, plan) => sum + (plan.subAccounts ?? 0), 0);
		const perSubAccount = Math.max(0, ...options.items);
		started.sandbox = await startSandbox({
			port: 0,
			https: options.https,
			rateLimit: options.limits[0] ?? false,
			recordRequests: false,
			...(agencySubAccounts > 0 ? { agencies: [generatedAgency(agencySubAccounts, perSubAccount)] } : {}),
		});
		const sandbox = started.sandbox;
		for (const plan of plans) {
			sandbox.configure({ tokens: { [plan.token]: { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.write', 'contacts.readonly', 'workflows.readonly'] } } });
			sandbox.configure({ contactIds: Array.from({ length: plan.items }, (_, index) => contactId(plan.tag, index)) });
		}
		const { proxy, baseUrl } = await atDistance(sandbox.url, options.delayMs);
		started.proxy = proxy;
		log(`HighLevel sandbox on ${sandbox.url} (in this process)${proxy ? `, reached ${options.delayMs} ms away each way at ${baseUrl}` : ''}`);

		const userFolder = makeUserFolder('n8n-bench-');
		started.userFolder = userFolder;
		await installPackage(userFolder);
		log(`importing ${plans.filter((plan) => plan.variant === 'node').length} credentials and ${plans.length} workflows ...`);
		await importCredentials(userFolder, [
			...plans.filter((plan) => plan.variant === 'node').map((plan) => benchCredential(plan, baseUrl)),
			...agencyPlans.map((plan) => benchAgencyCredential(plan, baseUrl, sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId))),
		]);
		await importWorkflows(userFolder, plans.map((plan) => benchWorkflow(plan, baseUrl)));

		started.n8n = await startN8n({
			userFolder,
			logFile: path.join(BENCH_ARTIFACTS, 'n8n.log'),
			// BENCH_N8N_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": profiles n8n's own process.
			env: {
				EXECUTIONS_DATA_PRUNE: 'false',
				EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
				NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS,
				NODE_EXTRA_CA_CERTS: sandbox.caFile,
			},
		});
		const n8n = started.n8n;
		const session = new N8nSession(n8n.url);
		await session.setupOwner();
		guard.ownGroups = [n8n.pid];

		let currentLimit: Limit | false | undefined;
		for (const plan of plans) {
			if (plan.limit !== currentLimit) {
				sandbox.configure({ rateLimit: plan.limit });
				currentLimit = plan.limit;
			}
			if (!plan.warmUp) await guard.waitIdle(`before ${plan.workflowId}`);
			const result = await measure(plan, session, sandbox, guard, n8n.pid);
			if (plan.warmUp) {
				log(`warm-up ${plan.variant}: ${result.status}, ${result.distinctEnrolments}/${plan.items} enrolled`);
				if (result.status !== 'success') throw new Error(`warm-up ${plan.variant} failed: ${JSON.stringify(result.error)}`);
				continue;
			}
			figures.push(result);
			log(describeRun(result));
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

	const { limited, unlimited, markdown } = benchTables(options, figures);
	const totalSeconds = (Date.now() - commandStarted) / 1000;
	const shared = figures.filter((run) => run.otherProcesses > 0);
	const results = {
		command,
		source,
		machine: machine(),
		n8n: N8N_VERSION,
		node: NODE24_VERSION,
		httpRequestTypeVersion: HTTP_REQUEST_TYPE_VERSION,
		transport: `${options.https ? 'HTTPS' : 'HTTP'}${options.delayMs ? `, HighLevel ${options.delayMs} ms away each way` : ', loopback'}`,
		options,
		timing: 'execution startedAt → stoppedAt as stored by n8n (GET /rest/executions/:id); runs started with POST /rest/workflows/:id/run',
		waitedForOthersSeconds: guard.waitedSeconds,
		otherProcessesSeen: [...guard.seen],
		runsSharingTheMachine: shared.map((run) => run.workflowId),
		totalSeconds,
		failure,
		limited,
		unlimited,
	};
	writeFileSync(path.join(BENCH_ARTIFACTS, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	writeFileSync(path.join(BENCH_ARTIFACTS, 'results.md'), `${markdown}\n`);
	process.stdout.write(`\n${markdown}\n\n`);
	if (shared.length) log(`${shared.length} of ${figures.length} runs shared the machine with other n8n/Chromium/Redis processes (marked † in the tables)`);
	else log('no other n8n/Chromium/Redis process ran during any measured run');
	log(`total ${totalSeconds.toFixed(0)} s; figures in ${path.relative(REPO_ROOT, BENCH_ARTIFACTS)}/results.{json,md}`);
	return failure ? 1 : 0;
}

runMain(main);
