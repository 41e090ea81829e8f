/**
 * One burst against one published workflow: every delivery sent at once, every answer recorded,
 * then the sink's reports of the runs counted by webhookId. The HighLevel Trigger should run each
 * distinct event once (replays answered 200, nothing started); n8n's Webhook node runs every request.
 */
import type { N8nSession } from '../n8n/rest';
import { countByStatus, WebhookSender, type WebhookDelivery } from '../sandbox/webhooks/sender';
import type { Sink } from '../trigger/sink';
import { executionsOf } from '../trigger/instance';

export interface BurstFigures {
	target: 'HighLevel Trigger' | "n8n's Webhook node" | "n8n's Webhook node, Header Auth";
	requests: number;
	distinctEvents: number;
	answers: Record<number, number>;
	/** Answered 200 with the trigger's `accepted` (or, for the Webhook node, any 200). */
	accepted: number;
	/** Answered 200 with the trigger's `ignored` (replays). */
	ignored: number;
	/** Seconds from the first request sent to the last answer. */
	answeredInSeconds: number;
	acceptedPerSecond: number;
	/** Seconds from the first request sent to the last run's report. */
	lastRunAfterSeconds: number | null;
	runs: number;
	/** Distinct events that ran once, more than once, never. */
	ranOnce: number;
	ranTwiceOrMore: number;
	neverRan: number;
	/** Executions n8n stored for the workflow in this burst. */
	storedExecutions: number;
}

export interface BurstTarget {
	target: BurstFigures['target'];
	url: string;
	/** The sink's `via` for this workflow. */
	via: string;
	workflowId: string;
	/** Whether a repeated webhookId should run again (the Webhook node has no memory). */
	runsRepeats: boolean;
	/** Added to every delivery (the Header Auth secret). */
	headers?: Record<string, string>;
}

export const withHeaders = (target: BurstTarget, deliveries: WebhookDelivery[]) =>
	target.headers ? deliveries.map((item) => ({ ...item, headers: { ...item.headers, ...target.headers } })) : deliveries;

const statusOf = (body: unknown) => (typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined);

export async function runBurst(
	target: BurstTarget,
	deliveries: WebhookDelivery[],
	context: { sink: Sink; session: N8nSession; timeoutMs: number },
): Promise<BurstFigures> {
	const distinct = new Set(deliveries.map((item) => String(item.webhookId)));
	const storedBefore = (await executionsOf(context.session, target.workflowId)).count;
	const sender = new WebhookSender(target.url, context.timeoutMs);
	const started = Date.now();
	const answers = await sender.sendAll(withHeaders(target, deliveries));
	sender.close();
	const answered = Math.max(...answers.map((answer) => answer.answeredAt)) - started;
	const accepted = answers.filter((answer) => answer.status === 200 && (target.runsRepeats || statusOf(answer.body) === 'accepted')).length;
	// As many runs as answers said started; any more (a replay run twice) come within the quiet time.
	const records = await context.sink.waitFor(target.via, accepted, { since: started, timeoutMs: context.timeoutMs, quietMs: 3_000 });

	const runsById = new Map<string, number>();
	for (const record of records) runsById.set(record.webhookId, (runsById.get(record.webhookId) ?? 0) + 1);
	let stored = (await executionsOf(context.session, target.workflowId)).count - storedBefore;
	for (let tries = 0; tries < 100 && stored < records.length; tries++) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		stored = (await executionsOf(context.session, target.workflowId)).count - storedBefore;
	}
	return {
		target: target.target,
		requests: deliveries.length,
		distinctEvents: distinct.size,
		answers: countByStatus(answers),
		accepted,
		ignored: answers.filter((answer) => statusOf(answer.body) === 'ignored').length,
		answeredInSeconds: answered / 1000,
		acceptedPerSecond: accepted / (answered / 1000),
		lastRunAfterSeconds: records.length ? (Math.max(...records.map((record) => record.at)) - started) / 1000 : null,
		runs: records.length,
		ranOnce: [...distinct].filter((id) => runsById.get(id) === 1).length,
		ranTwiceOrMore: [...distinct].filter((id) => (runsById.get(id) ?? 0) > 1).length,
		neverRan: [...distinct].filter((id) => !runsById.has(id)).length,
		storedExecutions: stored,
	};
}

/** Problems with a burst's counts (no timing is judged): every distinct event ran, as often as it should. */
export function countProblems(figures: BurstFigures, runsRepeats: boolean): string[] {
	const problems: string[] = [];
	const non200 = figures.requests - (figures.answers[200] ?? 0);
	if (non200 > 0) problems.push(`${non200} requests not answered 200 (${JSON.stringify(figures.answers)})`);
	if (figures.neverRan > 0) problems.push(`${figures.neverRan} distinct events never ran (lost)`);
	const expectedRuns = runsRepeats ? figures.requests : figures.distinctEvents;
	if (figures.runs !== expectedRuns) problems.push(`${figures.runs} runs reported, expected ${expectedRuns}`);
	if (!runsRepeats && figures.ranTwiceOrMore > 0) problems.push(`${figures.ranTwiceOrMore} events ran twice or more`);
	if (figures.storedExecutions !== figures.runs) problems.push(`${figures.storedExecutions} executions stored for ${figures.runs} runs reported`);
	return problems;
}

export function figuresLine(figures: BurstFigures): string {
	return [
		`${figures.target}: ${figures.requests} requests (${figures.distinctEvents} distinct events)`,
		`answers ${JSON.stringify(figures.answers)} in ${figures.answeredInSeconds.toFixed(2)} s`,
		`${figures.accepted} accepted, ${figures.acceptedPerSecond.toFixed(0)} per second`,
		`${figures.ignored} ignored`,
		`${figures.runs} runs, last after ${figures.lastRunAfterSeconds?.toFixed(2) ?? '-'} s`,
		`${figures.ranOnce} ran once, ${figures.ranTwiceOrMore} twice or more, ${figures.neverRan} never`,
		`${figures.storedExecutions} executions stored`,
	].join('; ');
}
