/** Figures of `npm run bench:n8n`: one measured run, a group of runs, and the Markdown tables. */
import { VARIANT_LABELS, type Variant } from './workflows';

export interface Limit {
	max: number;
	intervalMs: number;
}

export interface RunFigures {
	workflowId: string;
	variant: Variant;
	items: number;
	limit: Limit | false;
	run: number;
	executionId: string;
	status: string;
	/** Execution startedAt → stoppedAt, as n8n recorded them. */
	executionSeconds: number;
	/** The node under test alone: its task's executionTime in the run data (retries included). */
	nodeSeconds?: number;
	/** POST /rest/workflows/:id/run → the poll that saw the execution finished (1 s polls). */
	clientSeconds: number;
	/** Output items of the node under test that report success (this node: success true; HTTP Request: any item). */
	successfulItems: number;
	outputItems: number;
	endedInError: boolean;
	error?: { message?: string; description?: string; httpCode?: string; node?: string; itemIndex?: number };
	/** CPU time n8n's own process used from the start of the run to the poll that saw it end (its task runner aside). */
	cpuMs: number;
	/** From the sandbox after the run. */
	requests: number;
	byStatus: Record<string, number>;
	enrolments: number;
	distinctEnrolments: number;
	duplicatePairs: number;
	maxEnrolmentsPerContact: number;
	timedOut: boolean;
	/** Other n8n / Chromium / Redis processes seen on the machine while this run ran. */
	otherProcesses: number;
	/** agency: the sub-accounts the items spread over, each its own bucket. */
	subAccounts?: number;
}

export interface GroupFigures {
	variant: Variant;
	items: number;
	limit: Limit | false;
	runs: RunFigures[];
	floorSeconds?: number;
	medianSeconds: number;
	minSeconds: number;
	maxSeconds: number;
	ratio?: number;
	medianNodeSeconds?: number;
	/** n8n's CPU time per request HighLevel received, median over the runs. */
	medianCpuPerRequestMs: number;
	/**
	 * Agency runs: what one process can do at best, (B − 1) windows + N × r × c, with B windows per
	 * sub-account, r requests in each sub-account's last window, N sub-accounts and c the CPU per
	 * request measured in these runs: the last windows' requests of every sub-account go through one
	 * CPU. Distance adds the time of one request's round trips.
	 */
	processFloorSeconds?: number;
}

export function median(values: number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One bucket: the time no client can beat, a full burst per window, so (⌈items ÷ max⌉ − 1) windows
 * from the first request to the last (90 s for 1,000 at 100 per 10 s; 39 s for 1,000 at 25 per
 * second). K sub-accounts (the agency runs): one sub-account's share, whose first window is free, as
 * the issue defines it: (300 − 100) ÷ 10 per s = 20 s.
 */
export function floorSeconds(items: number, limit: Limit, subAccounts = 0): number {
	if (subAccounts > 0) return Math.max(0, items / subAccounts - limit.max) * (limit.intervalMs / 1000) / limit.max;
	return (Math.ceil(items / limit.max) - 1) * (limit.intervalMs / 1000);
}

/** (B − 1) windows + N × r × c for N sub-accounts of items ÷ N each (see GroupFigures.processFloorSeconds). */
export function processFloorSeconds(items: number, limit: Limit, subAccounts: number, cpuPerRequestMs: number): number {
	const perSubAccount = items / subAccounts;
	const windows = Math.ceil(perSubAccount / limit.max);
	const lastWindow = perSubAccount - (windows - 1) * limit.max;
	return ((windows - 1) * limit.intervalMs + subAccounts * lastWindow * cpuPerRequestMs) / 1000;
}

export function limitLabel(limit: Limit | false): string {
	if (!limit) return 'no rate limit';
	if (limit.intervalMs === 1000) return `${limit.max} requests per second`;
	return `${limit.max} requests per ${limit.intervalMs / 1000} s`;
}

export function group(runs: RunFigures[]): GroupFigures {
	const first = runs[0];
	const seconds = runs.map((run) => run.executionSeconds);
	const nodeSeconds = runs.map((run) => run.nodeSeconds).filter((value): value is number => value !== undefined);
	const floor = first.limit ? floorSeconds(first.items, first.limit, first.subAccounts) : undefined;
	const medianSeconds = median(seconds);
	const medianCpuPerRequestMs = median(runs.map((run) => run.cpuMs / Math.max(1, run.requests)));
	return {
		variant: first.variant,
		items: first.items,
		limit: first.limit,
		runs,
		floorSeconds: floor,
		medianSeconds,
		minSeconds: Math.min(...seconds),
		maxSeconds: Math.max(...seconds),
		ratio: floor ? medianSeconds / floor : undefined,
		medianNodeSeconds: nodeSeconds.length ? median(nodeSeconds) : undefined,
		medianCpuPerRequestMs,
		processFloorSeconds: first.limit && first.subAccounts ? processFloorSeconds(first.items, first.limit, first.subAccounts, medianCpuPerRequestMs) : undefined,
	};
}

const int = (value: number) => value.toLocaleString('en-US');
const sec = (value: number) => `${value.toFixed(1)} s`;

/** "100" when every run agrees, else "98–100". */
function spread(values: number[]): string {
	const min = Math.min(...values);
	const max = Math.max(...values);
	return min === max ? int(min) : `${int(min)}–${int(max)}`;
}

/** Marks figures from runs that shared the machine with other n8n instances. */
export const SHARED_MARK = '†';
export const SHARED_NOTE = `${SHARED_MARK} at least one of these runs shared the machine with other n8n, Chromium or Redis processes.`;

export function anyShared(groups: GroupFigures[]): boolean {
	return groups.some((figures) => figures.runs.some((run) => run.otherProcesses > 0));
}

function timeCell(figures: GroupFigures): string {
	const mark = figures.runs.some((run) => run.otherProcesses > 0) ? ` ${SHARED_MARK}` : '';
	if (figures.runs.length === 1) return `${sec(figures.medianSeconds)}${mark}`;
	return `${sec(figures.medianSeconds)} (${figures.minSeconds.toFixed(1)}–${figures.maxSeconds.toFixed(1)})${mark}`;
}

function errorCell(figures: GroupFigures): string {
	const errors = figures.runs.filter((run) => run.endedInError || run.timedOut).length;
	if (errors === 0) return 'no';
	const timedOut = figures.runs.some((run) => run.timedOut) ? ', timed out' : '';
	return errors === figures.runs.length ? `yes${timedOut}` : `${errors} of ${figures.runs.length}${timedOut}`;
}

const cpuCell = (figures: GroupFigures) => `${figures.medianCpuPerRequestMs.toFixed(2)} ms`;

function requestsCell(figures: GroupFigures): string {
	const total = figures.runs.map((run) => run.requests);
	const tooMany = figures.runs.map((run) => run.byStatus['429'] ?? 0);
	return `${spread(total)} (${spread(tooMany)})`;
}

/** The table of one (limit, items) pair, one row per workflow. */
export function limitedTable(groups: GroupFigures[]): string {
	const lines = [
		'| workflow | wall time, median (range) | × floor | enrolled | not enrolled | enrolled more than once | failed items | run ended in error | requests (429s) | n8n CPU per request |',
		'|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const figures of groups) {
		const runs = figures.runs;
		lines.push(
			`| ${VARIANT_LABELS[figures.variant]} | ${timeCell(figures)} | ${figures.ratio?.toFixed(2) ?? '–'} | ` +
				`${spread(runs.map((run) => run.distinctEnrolments))} | ${spread(runs.map((run) => run.items - run.distinctEnrolments))} | ` +
				`${spread(runs.map((run) => run.duplicatePairs))} | ${spread(runs.map((run) => run.items - run.successfulItems))} | ` +
				`${errorCell(figures)} | ${requestsCell(figures)} | ${cpuCell(figures)} |`,
		);
	}
	return lines.join('\n');
}

/** No rate limit: items per second of each workflow. */
export function unlimitedTable(groups: GroupFigures[]): string {
	const lines = [
		'| workflow | items | execution, median | items/s | the node alone, median | items/s (node alone) | enrolled | run ended in error | n8n CPU per request |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const figures of groups) {
		const node = figures.medianNodeSeconds;
		lines.push(
			`| ${VARIANT_LABELS[figures.variant]} | ${int(figures.items)} | ${timeCell(figures)} | ${(figures.items / figures.medianSeconds).toFixed(0)} | ` +
				`${node === undefined ? '–' : sec(node)} | ${node === undefined ? '–' : (figures.items / node).toFixed(0)} | ` +
				`${spread(figures.runs.map((run) => run.distinctEnrolments))} | ${errorCell(figures)} | ${cpuCell(figures)} |`,
		);
	}
	return lines.join('\n');
}

/** The short version for the README: one (limit, items) pair. */
export function summaryTable(groups: GroupFigures[]): string {
	const lines = [
		'| workflow | wall time | × floor | enrolled | enrolled twice or more | run ended in error |',
		'|---|---|---|---|---|---|',
	];
	for (const figures of groups) {
		const runs = figures.runs;
		lines.push(
			`| ${VARIANT_LABELS[figures.variant]} | ${sec(figures.medianSeconds)} | ${figures.ratio?.toFixed(2) ?? '–'} | ` +
				`${spread(runs.map((run) => run.distinctEnrolments))} of ${int(figures.items)} | ${spread(runs.map((run) => run.duplicatePairs))} | ${errorCell(figures)} |`,
		);
	}
	return lines.join('\n');
}

export function groupHeading(items: number, limit: Limit | false): string {
	const floor = limit ? ` (floor ${sec(floorSeconds(items, limit))})` : '';
	return `${int(items)} items at ${limitLabel(limit)}${floor}`;
}

/** The limited tables (an agency group gets its own heading), the unlimited one and the shared-machine note. */
export function resultsMarkdown(results: { limited: Array<{ items: number; limit: Limit; groups: GroupFigures[] }>; unlimited?: GroupFigures[] }): string {
	const parts: string[] = [];
	for (const { items, limit, groups } of results.limited) {
		const agency = groups.find((figures) => figures.variant === 'agency');
		const heading = agency
			? `${agency.runs[0].subAccounts} sub-accounts × ${items} items at ${limitLabel(limit)} each (floor ${agency.floorSeconds?.toFixed(1)} s; one process's floor ${agency.processFloorSeconds?.toFixed(1)} s at ${agency.medianCpuPerRequestMs.toFixed(2)} ms of CPU a request, median ${(agency.medianSeconds / (agency.processFloorSeconds ?? NaN)).toFixed(2)} × that)`
			: groupHeading(items, limit);
		parts.push(`#### ${heading}\n\n${limitedTable(groups)}`);
	}
	if (results.unlimited?.length) parts.push(`#### No rate limit\n\n${unlimitedTable(results.unlimited)}`);
	if (anyShared([...results.limited.flatMap(({ groups }) => groups), ...(results.unlimited ?? [])])) parts.push(SHARED_NOTE);
	return parts.join('\n\n');
}
