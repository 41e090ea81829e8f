/**
 * Workflows created and run by hand through n8n's REST API, as the editor does: one running n8n
 * serves many executions (no `n8n execute` start per run), and manual runs use the workflow's
 * pinned data. n8n 2.x runs the stored workflow from a trigger (`triggerToStartFrom`); 1.x takes the
 * workflow in the request (`workflowData`).
 */
import { parse } from 'flatted';

import { sleep } from '../process/time';
import type { WorkflowJson } from './cli';
import type { N8nSession } from './rest';

export type RestWorkflow = WorkflowJson & { id: string };

/** An item as n8n stores it in run data. */
export interface RunItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

/** An error as n8n stores it in run data. */
export interface RunError {
	message?: string;
	description?: string | null;
	httpCode?: string | null;
	node?: { name?: string };
	context?: { itemIndex?: number };
}

/** What n8n keeps of a run: every node's tasks, and the error that ended it. */
export interface RunData {
	resultData: {
		runData: Record<string, Array<{ data?: { main?: Array<RunItem[] | null> }; error?: RunError; executionTime?: number }>>;
		error?: RunError;
		lastNodeExecuted?: string;
	};
}

export interface ExecutionRun {
	id: string;
	status: string;
	finished: boolean;
	data: RunData;
}

/** Creates a workflow (POST /rest/workflows); returns it as n8n stored it. */
export async function createWorkflow(session: N8nSession, workflow: Omit<RestWorkflow, 'id'>): Promise<RestWorkflow> {
	return await session.request<RestWorkflow>('POST', '/rest/workflows', { settings: { executionOrder: 'v1' }, ...workflow, active: false });
}

/** A stored workflow (GET /rest/workflows/:id). */
export async function getWorkflow(session: N8nSession, workflowId: string): Promise<RestWorkflow> {
	return await session.request<RestWorkflow>('GET', `/rest/workflows/${workflowId}`);
}

/** Runs a stored workflow by hand from its trigger node; resolves with the finished execution. */
export async function runManually(session: N8nSession, workflow: RestWorkflow, trigger: string, n8nVersion: string, timeoutMs = 120_000): Promise<ExecutionRun> {
	const body = { triggerToStartFrom: { name: trigger }, ...(n8nVersion.startsWith('1.') ? { workflowData: workflow } : {}) };
	const started = await session.request<{ executionId?: string }>('POST', `/rest/workflows/${workflow.id}/run`, body);
	const executionId = started.executionId;
	if (!executionId) throw new Error(`n8n started no execution of "${workflow.name}": ${JSON.stringify(started)}`);
	// GET /rest/executions/:id until the execution has ended; its data is unflattened.
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await session.request<Omit<ExecutionRun, 'data'> & { data: string; stoppedAt?: string | null }>('GET', `/rest/executions/${executionId}`);
		const ended = execution.stoppedAt || !['new', 'running', 'waiting'].includes(execution.status);
		if (ended) return { ...execution, data: parse(execution.data) as ExecutionRun['data'] };
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${execution.status} after ${timeoutMs} ms`);
		await sleep(100);
	}
}

/** The items of one output of a node's last run (`[]` when it did not run or put out nothing there). */
export function outputItems(run: { data: RunData }, nodeName: string, output = 0): RunItem[] {
	const tasks = run.data.resultData.runData[nodeName];
	return tasks?.[tasks.length - 1]?.data?.main?.[output] ?? [];
}
