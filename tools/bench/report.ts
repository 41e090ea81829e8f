/** Figures of `npm run bench:n8n`: one measured run, a group of runs, and the Markdown tables. */
import type { measure } from './measure';
import { VARIANT_LABELS, type Variant } from './workflows';
import type { RateLimitConfig } from '../sandbox/rateLimit';

export type Limit = Pick<RateLimitConfig, 'max' | 'intervalMs'>;

/** One measured run (tools/bench/measure.ts). */
export type RunFigures = Awaited<ReturnType<typeof measure>>;
export type GroupFigures = ReturnType<typeof group>;

export function median(values: number[]): number {
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

/**
 * Agency runs: what one process can do at best, (B − 1) windows + N × r × c, with B windows per
 * sub-account, r requests in each sub-account's last window, N sub-accounts and c the CPU per
 * request measured in these runs: the last windows' requests of every sub-account go through one
 * CPU. Distance adds the time of one request's round trips.
 */
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

export function group(runs: RunFigures[]) {
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
		/** n8n's CPU time per request HighLevel received, median over the runs. */
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
const SHARED_MARK = '†';
const SHARED_NOTE = `${SHARED_MARK} at least one of these runs shared the machine with other n8n, Chromium or Redis processes.`;
const shared = (figures: GroupFigures) => figures.runs.some((run) => run.otherProcesses > 0);

function timeCell(figures: GroupFigures): string {
	const mark = shared(figures) ? ` ${SHARED_MARK}` : '';
	if (figures.runs.length === 1) return `${sec(figures.medianSeconds)}${mark}`;
	return `${sec(figures.medianSeconds)} (${figures.minSeconds.toFixed(1)}–${figures.maxSeconds.toFixed(1)})${mark}`;
}

function errorCell(figures: GroupFigures): string {
	const errors = figures.runs.filter((run) => run.endedInError || run.timedOut).length;
	if (errors === 0) return 'no';
	const timedOut = figures.runs.some((run) => run.timedOut) ? ', timed out' : '';
	return errors === figures.runs.length ? `yes${timedOut}` : `${errors} of ${figures.runs.length}${timedOut}`;
}

type Column = [heading: string, cell: (figures: GroupFigures) => string];
const each = (figures: GroupFigures, value: (run: RunFigures) => number) => spread(figures.runs.map(value));
const workflow: Column = ['workflow', (figures) => VARIANT_LABELS[figures.variant]];
const ratio: Column = ['× floor', (figures) => figures.ratio?.toFixed(2) ?? '–'];
const endedInError: Column = ['run ended in error', errorCell];
const cpu: Column = ['n8n CPU per request', (figures) => `${figures.medianCpuPerRequestMs.toFixed(2)} ms`];
const enrolled = (figures: GroupFigures) => each(figures, (run) => run.distinctEnrolments);
const perNode = (figures: GroupFigures, value: (seconds: number) => string) =>
	figures.medianNodeSeconds === undefined ? '–' : value(figures.medianNodeSeconds);

/** The table of one (limit, items) pair, one row per workflow. */
const LIMITED: Column[] = [
	workflow,
	['wall time, median (range)', timeCell],
	ratio,
	['enrolled', enrolled],
	['not enrolled', (figures) => each(figures, (run) => run.items - run.distinctEnrolments)],
	['enrolled more than once', (figures) => each(figures, (run) => run.duplicatePairs)],
	['failed items', (figures) => each(figures, (run) => run.items - run.successfulItems)],
	endedInError,
	['requests (429s)', (figures) => `${each(figures, (run) => run.requests)} (${each(figures, (run) => run.byStatus['429'] ?? 0)})`],
	cpu,
];

/** No rate limit: items per second of each workflow. */
const UNLIMITED: Column[] = [
	workflow,
	['items', (figures) => int(figures.items)],
	['execution, median', timeCell],
	['items/s', (figures) => (figures.items / figures.medianSeconds).toFixed(0)],
	['the node alone, median', (figures) => perNode(figures, sec)],
	['items/s (node alone)', (figures) => perNode(figures, (seconds) => (figures.items / seconds).toFixed(0))],
	['enrolled', enrolled],
	endedInError,
	cpu,
];

/** The short version for the README: one (limit, items) pair. */
const SUMMARY: Column[] = [
	workflow,
	['wall time', (figures) => sec(figures.medianSeconds)],
	ratio,
	['enrolled', (figures) => `${enrolled(figures)} of ${int(figures.items)}`],
	['enrolled twice or more', (figures) => each(figures, (run) => run.duplicatePairs)],
	endedInError,
];

function table(columns: Column[], groups: GroupFigures[]): string {
	const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
	const rule = `|${columns.map(() => '---').join('|')}|`;
	return [row(columns.map(([heading]) => heading)), rule, ...groups.map((figures) => row(columns.map(([, cell]) => cell(figures))))].join('\n');
}

function groupHeading(items: number, limit: Limit | false): string {
	const floor = limit ? ` (floor ${sec(floorSeconds(items, limit))})` : '';
	return `${int(items)} items at ${limitLabel(limit)}${floor}`;
}

/**
 * bench:n8n's measured runs grouped per (limit, items) and variant, and the Markdown: the tables,
 * then the README's line: the most items at HighLevel's own limit (100 per 10 s) when measured.
 */
export function benchTables(
	options: { items: number[]; limits: Limit[]; variants: readonly Variant[]; unlimitedItems: number[]; subAccounts: number },
	figures: RunFigures[],
) {
	const sameLimit = (run: RunFigures, limit: Limit | false) =>
		limit ? run.limit && run.limit.max === limit.max && run.limit.intervalMs === limit.intervalMs : run.limit === false;
	const groupsOf = (variants: readonly Variant[], items: (variant: Variant) => number, limit: Limit | false) =>
		variants
			.map((variant) => figures.filter((run) => run.variant === variant && run.items === items(variant) && sameLimit(run, limit)))
			.filter((runs) => runs.length > 0)
			.map(group);
	const limited = options.limits.flatMap((limit) =>
		options.items.map((items) => ({
			items,
			limit,
			groups: groupsOf([...options.variants, 'agency'], (variant) => (variant === 'agency' ? items * options.subAccounts : items), limit),
		})),
	).filter(({ groups }) => groups.length > 0);
	const unlimited = options.unlimitedItems.flatMap((items) => groupsOf(['node', 'http'], () => items, false));
	// The limited tables (an agency group gets its own heading), the unlimited one and the shared-machine note.
	const parts: string[] = [];
	for (const { items, limit, groups } of limited) {
		const agency = groups.find((figures) => figures.variant === 'agency');
		const heading = agency
			? `${agency.runs[0].subAccounts} sub-accounts × ${items} items at ${limitLabel(limit)} each (floor ${agency.floorSeconds?.toFixed(1)} s; one process's floor ${agency.processFloorSeconds?.toFixed(1)} s at ${agency.medianCpuPerRequestMs.toFixed(2)} ms of CPU a request, median ${(agency.medianSeconds / (agency.processFloorSeconds ?? NaN)).toFixed(2)} × that)`
			: groupHeading(items, limit);
		parts.push(`#### ${heading}\n\n${table(LIMITED, groups)}`);
	}
	if (unlimited.length) parts.push(`#### No rate limit\n\n${table(UNLIMITED, unlimited)}`);
	if ([...limited.flatMap(({ groups }) => groups), ...unlimited].some(shared)) parts.push(SHARED_NOTE);
	const atHighLevelLimit = limited.filter(({ limit }) => limit.max === 100 && limit.intervalMs === 10_000);
	// The most items, the first of them on a tie.
	const headline = [...(atHighLevelLimit.length ? atHighLevelLimit : limited)].sort((a, b) => b.items - a.items)[0];
	const summary = headline ? `#### README summary: ${groupHeading(headline.items, headline.limit)}\n\n${table(SUMMARY, headline.groups)}` : '';
	return { limited, unlimited, markdown: `${parts.join('\n\n')}\n\n${summary}` };
}
