/**
 * Reading what a queue-mode run left behind: the sandbox's record, the webhook answers, n8n's
 * executions and the processes' logs (N8N_LOG_FORMAT=json). Pure functions, unit-tested in
 * analysis.test.ts.
 */
import type { Enrolment, RecordedRequest } from '../sandbox/types';

export type RecordedRequestLike = Pick<RecordedRequest, 'method' | 'path' | 'status' | 'at'>;

export function enrolmentReport(enrolments: Enrolment[], expectedContactIds: string[], workflowId: string) {
	const expected = new Set(expectedContactIds);
	const counts = new Map<string, number>();
	const unexpected: Enrolment[] = [];
	let firstAt: number | undefined;
	let lastAt: number | undefined;
	for (const enrolment of enrolments) {
		if (!expected.has(enrolment.contactId) || enrolment.workflowId !== workflowId) {
			unexpected.push(enrolment);
			continue;
		}
		counts.set(enrolment.contactId, (counts.get(enrolment.contactId) ?? 0) + 1);
		firstAt = firstAt === undefined ? enrolment.at : Math.min(firstAt, enrolment.at);
		lastAt = lastAt === undefined ? enrolment.at : Math.max(lastAt, enrolment.at);
	}
	return {
		expected: expected.size,
		enrolments: enrolments.length,
		distinct: counts.size,
		/** Contacts enrolled more than once, with how often. */
		duplicates: [...counts].filter(([, count]) => count > 1).map(([contactId, count]) => ({ contactId, count })),
		/** Expected contacts never enrolled. */
		missing: expectedContactIds.filter((id) => !counts.has(id)),
		/** Enrolments of contacts or into workflows that were not sent. */
		unexpected,
		firstAt,
		lastAt,
	};
}

const ENROL_PATH = /^\/contacts\/([^/]+)\/workflow\/([^/]+)\/?$/;

export function requestReport(requests: RecordedRequestLike[], intervalMs: number) {
	const byStatus: Record<string, number> = {};
	const per429 = new Map<string, number>();
	let enrolRequests = 0;
	const counted: number[] = [];
	for (const request of requests) {
		byStatus[String(request.status)] = (byStatus[String(request.status)] ?? 0) + 1;
		const match = request.method === 'POST' ? ENROL_PATH.exec(request.path) : null;
		if (match) enrolRequests++;
		if (request.status === 429) {
			if (match) per429.set(match[1], (per429.get(match[1]) ?? 0) + 1);
		} else if (request.status !== 401) {
			counted.push(request.at);
		}
	}
	counted.sort((a, b) => a - b);
	let peak = 0;
	for (let start = 0, end = 0; start < counted.length; start++) {
		while (end < counted.length && counted[end] < counted[start] + intervalMs) end++;
		peak = Math.max(peak, end - start);
	}
	const times = requests.map((request) => request.at);
	return {
		/** Every API request (admin calls are not recorded by the sandbox). */
		total: requests.length,
		byStatus,
		/** POST /contacts/{id}/workflow/{id}. */
		enrolRequests,
		tooManyRequests: byStatus['429'] ?? 0,
		/** Contacts that saw at least one 429. */
		contactsWith429: per429.size,
		/** Most 429s one contact saw before it went through. */
		max429PerContact: Math.max(0, ...per429.values()),
		/** Most requests HighLevel carried out (not 429) in any 1-interval window starting at a request. */
		peakCountedPerInterval: peak,
		firstAt: times.length ? Math.min(...times) : undefined,
		lastAt: times.length ? Math.max(...times) : undefined,
	};
}

export interface WebhookAnswer {
	index: number;
	status: number;
	/** Parsed JSON, or the text when it was not JSON. */
	body: unknown;
	sentContactIds: string[];
}

/** The webhook answers with every output item of Add to Workflow: `{ success: true, action, contactId, workflowId, ... }`. */
export function webhookReport(answers: WebhookAnswer[], workflowId: string) {
	/** Calls that did not answer 200 with one successful item per contact sent. */
	const failed: Array<{ index: number; status: number; reason: string }> = [];
	let items = 0;
	let successfulItems = 0;
	for (const answer of answers) {
		if (answer.status !== 200) {
			failed.push({ index: answer.index, status: answer.status, reason: shortText(answer.body) });
			continue;
		}
		const list = Array.isArray(answer.body) ? answer.body : answer.body && typeof answer.body === 'object' ? [answer.body] : [];
		items += list.length;
		const good = new Set<string>();
		for (const item of list as Array<Record<string, unknown>>) {
			if (item && item.success === true && item.workflowId === workflowId && typeof item.contactId === 'string') {
				successfulItems++;
				good.add(item.contactId);
			}
		}
		const lacking = answer.sentContactIds.filter((id) => !good.has(id));
		if (lacking.length > 0 || list.length !== answer.sentContactIds.length) {
			failed.push({
				index: answer.index,
				status: answer.status,
				reason: `${list.length} items for ${answer.sentContactIds.length} contacts; ${lacking.length} without a successful item (${shortText(list.find((item) => (item as { success?: unknown } | null)?.success !== true) ?? lacking.slice(0, 3))})`,
			});
		}
	}
	return { calls: answers.length, ok: answers.length - failed.length, failed, items, successfulItems };
}

function shortText(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export interface LogEvents {
	started: string[];
	finished: string[];
	/** executionId → workerId, from the main process's "Execution X (job Y) finished". */
	finishedBy: Record<string, string>;
}

/**
 * n8n's JSON log lines ({"level","message","metadata"}); other lines (plain text, stack traces)
 * are read for the same messages as text.
 */
export function readLogEvents(output: string): LogEvents {
	const events: LogEvents = { started: [], finished: [], finishedBy: {} };
	for (const line of output.split('\n')) {
		if (!line.trim()) continue;
		let message = line;
		let metadata: Record<string, unknown> = {};
		if (line.startsWith('{')) {
			try {
				const parsed = JSON.parse(line) as { message?: unknown; metadata?: Record<string, unknown> };
				message = String(parsed.message ?? '');
				metadata = parsed.metadata ?? {};
			} catch {
				// not JSON after all
			}
		}
		let match = /Worker started execution (\S+) \(job/.exec(message);
		if (match) events.started.push(match[1]);
		match = /Worker finished execution (\S+) \(job/.exec(message);
		if (match) events.finished.push(match[1]);
		match = /^Execution (\S+) \(job \S+\) finished/.exec(message);
		if (match && typeof metadata.workerId === 'string') events.finishedBy[match[1]] = metadata.workerId;
	}
	return events;
}

export interface Check {
	name: string;
	ok: boolean;
	detail: string;
}

/** Records checks in `checks`, their names prefixed. */
export function checksInto(checks: Check[], prefix = ''): (name: string, ok: boolean, detail: string) => void {
	return (name, ok, detail) => void checks.push({ name: `${prefix}${name}`, ok, detail });
}
