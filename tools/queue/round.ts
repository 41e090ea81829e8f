/** One round of the queue-mode test: fire the webhook calls, wait, and judge what the sandbox and n8n recorded. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	type Check,
	checksInto,
	enrolmentReport,
	readLogEvents,
	type RecordedRequestLike,
	requestReport,
	webhookReport,
	type WebhookAnswer,
} from './analysis';
import { HIGHLEVEL_WORKFLOW_ID } from '../n8n/project';
import { planCalls, QUEUE_WORKFLOW_ID, WEBHOOK_PATH } from './workload';
import { type N8nHandle } from '../n8n/server';
import { ARTIFACTS_DIR } from '../paths';
import { prefixedLogger } from '../process/log';
import { secondsSince, sleep } from '../process/time';
import { N8nSession } from '../n8n/rest';
import { type SandboxProcess } from '../n8n/sandboxProcess';
import { type WorkerHandle } from './processes';
import { type Options } from './options';
import { type RedisHandle } from './redis';
import type { DelayProxy } from '../net/delayProxy';
import { floorSeconds } from '../bench/report';
import { writeJson } from '../process/files';
import type { Enrolment } from '../sandbox/types';

const log = prefixedLogger('queue');
export const QUEUE_ARTIFACTS = path.join(ARTIFACTS_DIR, 'queue');

export interface Started {
	redis?: RedisHandle;
	sandbox?: SandboxProcess;
	/** The delaying proxy in front of the sandbox (--delay-ms). */
	proxy?: DelayProxy;
	main?: N8nHandle;
	workers: WorkerHandle[];
	userFolder?: string;
}

/**
 * Ends every process group this run started: the n8n processes together (SIGTERM, then SIGKILL after
 * graceMs, short when interrupted), then the sandbox and Redis, which the workers need while they shut down.
 */
export async function stopAll(started: Started, keep: boolean, graceMs: number): Promise<void> {
	const since = Date.now();
	await Promise.allSettled([
		...started.workers.map((worker) => worker.stop(graceMs)),
		started.main?.stop(graceMs),
	]);
	await Promise.allSettled([started.proxy?.close(), started.sandbox?.stop(), started.redis?.stop()]);
	if (started.userFolder && !keep) rmSync(started.userFolder, { recursive: true, force: true });
	log(`stopped (${secondsSince(since)})`);
}

export type ExecutionSummary = { id: string; status: string };

/** Every execution of the queue workflow, a page of 100 at a time (n8n 2.41 pages by cursor, earlier lines by lastId). */
export async function listExecutions(session: N8nSession): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: QUEUE_WORKFLOW_ID }));
	const all: ExecutionSummary[] = [];
	for (let after = ''; ; ) {
		const answer = await session.request<{ results?: ExecutionSummary[]; nextCursor?: string | null } | ExecutionSummary[]>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100${after}`,
		);
		const page = Array.isArray(answer) ? answer : (answer.results ?? []);
		all.push(...page.map((execution) => ({ ...execution, id: String(execution.id) })));
		const cursor = Array.isArray(answer) ? undefined : answer.nextCursor;
		if (cursor) after = `&cursor=${encodeURIComponent(cursor)}`;
		else if (cursor === undefined && page.length === 100) after = `&lastId=${page[page.length - 1].id}`;
		else return all;
	}
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);
export const finished = (execution: ExecutionSummary) => !UNFINISHED.has(execution.status);

/** The executions not in `known`, polled until `enough` holds for them or 5 minutes have passed. */
export async function waitForExecutions(session: N8nSession, known: Set<string>, enough: (fresh: ExecutionSummary[]) => Promise<boolean>) {
	const deadline = Date.now() + 5 * 60_000;
	for (;;) {
		const fresh = (await listExecutions(session)).filter((execution) => !known.has(execution.id));
		if ((await enough(fresh)) || Date.now() > deadline) return fresh;
		await sleep(500);
	}
}

/** POST `{ contactIds }` to the queue workflow's webhook: its status (0: no answer) and body (JSON when it is). */
export async function postContacts(url: string, contactIds: string[], timeoutMs: number): Promise<{ status: number; body: unknown }> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ contactIds }),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		try {
			return { status: response.status, body: JSON.parse(text) };
		} catch {
			return { status: response.status, body: text };
		}
	} catch (error) {
		return { status: 0, body: String(error) };
	}
}

export type RoundFigures = Awaited<ReturnType<typeof runRound>>;

export async function runRound(
	round: number,
	options: Options,
	started: Required<Pick<Started, 'sandbox' | 'main'>> & Started,
	session: N8nSession,
	checks: Check[],
) {
	const { sandbox, main, workers } = started;
	const judge = checksInto(checks, options.rounds > 1 ? `round ${round}: ` : '');
	await sandbox.reset();
	const before = new Set((await listExecutions(session)).map((execution) => execution.id));
	const logOffsets = workers.map((worker) => worker.output().length);
	const mainOffset = main.output().length;
	const calls = planCalls({ contacts: options.contacts, calls: options.calls, tag: `r${round}` });
	const contactIds = calls.flatMap((call) => call.contactIds);
	await sandbox.configure({ contactIds });
	log(
		`round ${round}: ${calls.length} webhook calls at once, ${contactIds.length} contacts (sizes ${calls.map((call) => call.contactIds.length).join(' ')})`,
	);

	const webhookUrl = `${main.url}/webhook/${WEBHOOK_PATH}`;
	const firstCallAt = Date.now();
	const answers: WebhookAnswer[] = await Promise.all(
		calls.map(async (call) => ({ index: call.index, ...(await postContacts(webhookUrl, call.contactIds, 10 * 60_000)), sentContactIds: call.contactIds })),
	);
	const answeredAt = Date.now();
	log(`round ${round}: all ${answers.length} webhook calls answered after ${secondsSince(firstCallAt)}`);

	// Every execution finished (the answers come when the last node did, but a failed call may not wait).
	const executions = await waitForExecutions(session, before, async (fresh) => {
		if (fresh.length < calls.length || !fresh.every(finished)) return false;
		const { distinctEnrolments } = await sandbox.state<{ distinctEnrolments: number }>(true);
		return distinctEnrolments >= contactIds.length || Date.now() - answeredAt > 30_000;
	});

	const state = await sandbox.state<{ requests: RecordedRequestLike[]; enrolments: Enrolment[] }>(false);
	const summary = await sandbox.state<Record<string, unknown>>(true);
	const enrolled = enrolmentReport(state.enrolments, contactIds, HIGHLEVEL_WORKFLOW_ID);
	const requests = requestReport(state.requests, options.intervalMs);
	const webhooks = webhookReport(answers, HIGHLEVEL_WORKFLOW_ID);
	const perWorker = workers.map((worker, i) => ({ worker, events: readLogEvents(worker.output().slice(logOffsets[i])) }));
	const mainEvents = readLogEvents(main.output().slice(mainOffset));
	const executionStatuses: Record<string, number> = {};
	for (const execution of executions) executionStatuses[execution.status] = (executionStatuses[execution.status] ?? 0) + 1;
	const executionIds = new Set(executions.map((execution) => execution.id));

	judge(
		'every webhook call answered 200 with one successful item per contact',
		webhooks.failed.length === 0 && webhooks.successfulItems === contactIds.length,
		`${webhooks.ok}/${webhooks.calls} calls ok, ${webhooks.successfulItems}/${contactIds.length} items success` +
			(webhooks.failed.length ? `; failed: ${JSON.stringify(webhooks.failed.slice(0, 5))}` : ''),
	);
	judge(
		'every contact enrolled exactly once',
		enrolled.distinct === contactIds.length &&
			enrolled.duplicates.length === 0 &&
			enrolled.missing.length === 0 &&
			enrolled.unexpected.length === 0 &&
			summary.duplicatePairs === 0,
		`${enrolled.distinct} distinct of ${contactIds.length}, ${enrolled.enrolments} enrolments, ${enrolled.duplicates.length} duplicated` +
			`, ${enrolled.missing.length} missing, ${enrolled.unexpected.length} unexpected; sandbox duplicatePairs ${String(summary.duplicatePairs)}` +
			(enrolled.duplicates.length ? ` e.g. ${JSON.stringify(enrolled.duplicates.slice(0, 5))}` : '') +
			(enrolled.missing.length ? ` missing e.g. ${enrolled.missing.slice(0, 5).join(', ')}` : ''),
	);
	judge(
		'every execution finished with status success',
		executions.length === calls.length && (executionStatuses.success ?? 0) === calls.length,
		`${executions.length} executions for ${calls.length} calls: ${JSON.stringify(executionStatuses)}`,
	);
	// With OAuth2, a 401 is an access token that expired: n8n refreshes it and sends the request again.
	const expired = options.oauth2 ? (requests.byStatus['401'] ?? 0) : 0;
	const requestsOk = requests.byStatus['200'] === requests.total - requests.tooManyRequests - expired && requests.enrolRequests === requests.total;
	judge(
		`HighLevel answered every request 200 or 429${options.oauth2 ? ' (or 401: token expired, refreshed)' : ''}, nothing else failed`,
		requestsOk,
		`${requests.total} requests: ${JSON.stringify(requests.byStatus)}; ${requests.enrolRequests} were enrolments`,
	);
	// The goal is fewer than 1 % of requests answered 429 (counted on the contacts); --max-429 sets another bound.
	const max429 = options.max429 ?? Math.floor(contactIds.length / 100);
	judge(
		`at most ${Number(((100 * max429) / contactIds.length).toFixed(1))} % 429s: at most ${max429} requests answered 429 (--max-429)`,
		requests.tooManyRequests <= max429,
		`${requests.tooManyRequests} answered 429 of ${requests.total} (${requests.contactsWith429} contacts hit one, at most ${requests.max429PerContact} for one contact)`,
	);
	let refreshes: number[] = [];
	if (options.oauth2) {
		refreshes = await sandbox.oauthStatuses();
		const refused = refreshes.filter((status) => status !== 200).length;
		judge(
			'the OAuth2 access token was refreshed during the run, and no item failed for it',
			refreshes.length > 0 && webhooks.failed.length === 0 && webhooks.successfulItems === contactIds.length,
			`${refreshes.length} refreshes (${refused} refused: a worker that lost the race and read the credential again)`,
		);
	}
	const executionsPerWorker = Object.fromEntries(perWorker.map(({ worker, events }) => [worker.name, events.started.length]));
	const startedIds = perWorker.flatMap(({ events }) => events.started);
	const finishedIds = perWorker.flatMap(({ events }) => events.finished);
	const sameIds = (ids: string[]) => ids.length === executionIds.size && ids.every((id) => executionIds.has(id));
	const workerIdsSeen = new Set(Object.values(mainEvents.finishedBy));
	judge(
		`all ${workers.length} workers ran executions, the main process none`,
		perWorker.every(({ events }) => events.started.length > 0) &&
			sameIds(startedIds) &&
			sameIds(finishedIds) &&
			mainEvents.started.length === 0,
		// The log files are per process. The workerId the main process logs is no proof: in a container
		// n8n names every worker worker-<hostname>, so two workers on one machine share it.
		`started per worker ${JSON.stringify(executionsPerWorker)} (${startedIds.length} started, ${finishedIds.length} finished, ` +
			`of ${executionIds.size} executions, from each worker's own log); main ran ${mainEvents.started.length}; ` +
			`main logged ${Object.keys(mainEvents.finishedBy).length} finished, by worker ids ${[...workerIdsSeen].join(', ')}`,
	);

	const lastEnrolmentAt = enrolled.lastAt ?? answeredAt;
	// From HighLevel's first request to its last enrolment, against the floor no client can beat.
	const firstRequestAt = Math.min(requests.firstAt ?? lastEnrolmentAt, lastEnrolmentAt);
	const wallSeconds = (lastEnrolmentAt - firstRequestAt) / 1000;
	const floor = floorSeconds(contactIds.length, options);
	const figures = {
		round,
		contacts: contactIds.length,
		calls: calls.length,
		wallSeconds,
		answersSeconds: (answeredAt - firstCallAt) / 1000,
		floorSeconds: floor,
		ratio: wallSeconds / floor,
		throughput: contactIds.length / wallSeconds,
		tooManyRequests: requests.tooManyRequests,
		contactsWith429: requests.contactsWith429,
		max429PerContact: requests.max429PerContact,
		peakPerInterval: requests.peakCountedPerInterval,
		requests: requests.total,
		/** Status of each OAuth token refresh during the round (OAuth2 credential only). */
		refreshes,
		byStatus: requests.byStatus,
		executionsPerWorker,
		executionStatuses,
	};
	const enrolledSample = { ...enrolled, missing: enrolled.missing.slice(0, 50) };
	writeJson(path.join(QUEUE_ARTIFACTS, `round-${round}.json`), { figures, summary, enrolled: enrolledSample, requests, webhooks, executions });
	const timeline = state.requests.map((request) => ({ at: request.at - firstCallAt, status: request.status, path: request.path }));
	writeFileSync(path.join(QUEUE_ARTIFACTS, `round-${round}-requests.json`), JSON.stringify(timeline));
	return figures;
}

/** The figures of a queue round as `npm run test:queue` prints them. */
export function printFigures(figures: RoundFigures, options: Options): void {
	const lines = [
		`round ${figures.round}`,
		`  contacts                        ${figures.contacts} in ${figures.calls} webhook calls`,
		`  setup                           ${options.workers} workers, ${options.max} per ${options.intervalMs} ms, ${options.oauth2 ? `OAuth2 (${options.accessTokenSeconds} s tokens, ${figures.refreshes.length} refreshes)` : 'Private Integration'}, ${options.https ? 'HTTPS' : 'HTTP'}${options.delayMs ? `, HighLevel ${options.delayMs} ms away each way` : ''}`,
		`  time (first request → last enrolment)  ${figures.wallSeconds.toFixed(1)} s  (all answers ${figures.answersSeconds.toFixed(1)} s after the first call)`,
		`  true floor                      ${figures.floorSeconds.toFixed(1)} s  ((⌈${figures.contacts} / ${options.max}⌉ − 1) × ${options.intervalMs} ms)`,
		`  ratio to the floor              ${figures.ratio.toFixed(2)}  (${figures.throughput.toFixed(1)} enrolments per second)`,
		`  429s seen                       ${figures.tooManyRequests}  = ${((100 * figures.tooManyRequests) / Math.max(1, figures.requests)).toFixed(2)} % of requests  (${figures.contactsWith429} contacts hit one, at most ${figures.max429PerContact} for one contact)`,
		`  requests                        ${figures.requests}  ${JSON.stringify(figures.byStatus)}`,
		`  executions per worker           ${Object.entries(figures.executionsPerWorker).map(([worker, count]) => `${worker} ${count}`).join(', ')}`,
	];
	for (const line of lines) log(line);
}
