/** One measured bench:n8n run: start it through n8n's REST API, wait, read the figures. */
import { type Sandbox } from '../sandbox/server';
import { parse } from 'flatted';

import type { RunData } from '../n8n/executions';
import { IdleGuard } from './machine';
import { prefixedLogger } from '../process/log';
import { processCpuMs } from '../process/cpu';
import { secondsSince, sleep } from '../process/time';
import { N8nSession } from '../n8n/rest';
import { floorSeconds, limitLabel, type RunFigures } from './report';
import { NODE_UNDER_TEST, type RunPlan, TRIGGER_NODE } from './workflows';

const log = prefixedLogger('bench-n8n');

interface ExecutionAnswer {
	status: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: string | RunData;
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

function timeoutFor(plan: RunPlan): number {
	const floor = plan.limit ? floorSeconds(plan.items, plan.limit, plan.subAccounts) : 0;
	// Generous: the node's Max Wait is 600 s; a run far beyond 3 × its floor is a finding, not a wait.
	return (120 + 3 * floor + plan.items / 20) * 1000;
}

export async function measure(plan: RunPlan, session: N8nSession, sandbox: Sandbox, guard: IdleGuard, n8nPid: number) {
	const others = new Set<string>();
	const sampleOthers = () => {
		for (const line of guard.sample()) others.add(line.split(' ')[0]);
	};
	sampleOthers();
	sandbox.reset();
	const cpuBefore = processCpuMs(n8nPid);
	const requestedAt = Date.now();
	const started = await session.request<{ executionId?: string }>('POST', `/rest/workflows/${plan.workflowId}/run`, {
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
	const cpuMs = processCpuMs(n8nPid) - cpuBefore;
	sampleOthers();
	const data = typeof execution.data === 'string' ? (parse(execution.data) as RunData) : execution.data;
	const resultData: Partial<RunData['resultData']> = data?.resultData ?? {};
	const tasks = resultData.runData?.[NODE_UNDER_TEST] ?? [];
	const task = tasks.length ? tasks[tasks.length - 1] : undefined;
	const output = task?.data?.main?.[0] ?? [];
	const successfulItems = plan.variant === 'node' || plan.variant === 'agency' ? output.filter((item) => item.json?.success === true).length : output.length;
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
		/** Execution startedAt → stoppedAt, as n8n recorded them. */
		executionSeconds: (stoppedAt - startedAt) / 1000,
		/** The node under test alone: its task's executionTime in the run data (retries included). */
		nodeSeconds: typeof task?.executionTime === 'number' ? task.executionTime / 1000 : undefined,
		/** POST /rest/workflows/:id/run → the poll that saw the execution finished (1 s polls). */
		clientSeconds,
		/** Output items of the node under test that report success (this node: success true; HTTP Request: any item). */
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
		/** CPU time n8n's own process used from the start of the run to the poll that saw it end (its task runner aside). */
		cpuMs,
		/** From the sandbox after the run. */
		requests: summary.totalRequests,
		byStatus: summary.byStatus,
		enrolments: summary.enrolments,
		distinctEnrolments: summary.distinctEnrolments,
		duplicatePairs: summary.duplicatePairs,
		maxEnrolmentsPerContact: summary.maxEnrolmentsPerContactWorkflow,
		timedOut,
		/** Other n8n / Chromium / Redis processes seen on the machine while this run ran. */
		otherProcesses: others.size,
		/** agency: the sub-accounts the items spread over, each its own bucket. */
		subAccounts: plan.subAccounts,
	};
}

export function describeRun(figures: RunFigures): string {
	const ratio = figures.limit ? ` (${(figures.executionSeconds / floorSeconds(figures.items, figures.limit, figures.subAccounts)).toFixed(2)} × floor)` : '';
	const node = figures.nodeSeconds !== undefined ? `, node ${figures.nodeSeconds.toFixed(1)} s` : '';
	const error = figures.error ? `; error: ${figures.error.message}${figures.error.httpCode ? ` [${figures.error.httpCode}]` : ''}` : '';
	return (
		`${figures.variant} ${figures.items} @ ${limitLabel(figures.limit)} run ${figures.run}: ${figures.status} in ${figures.executionSeconds.toFixed(1)} s${ratio}${node}; ` +
		`enrolled ${figures.distinctEnrolments}/${figures.items}, duplicates ${figures.duplicatePairs}, success items ${figures.successfulItems}, ` +
		`requests ${figures.requests} ${JSON.stringify(figures.byStatus)}${error}`
	);
}

