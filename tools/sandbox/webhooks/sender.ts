/**
 * Sends signed HighLevel events to a webhook URL, as HighLevel does (POST, JSON, the signature
 * headers), and records every answer: status, body, when it was sent and answered.
 */
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import { sandboxEvent, type EventKind, type EventOptions } from './events';
import { signedRequest, type Signing } from './signing';

export interface WebhookDelivery {
	/** What it is, for reports: the event kind, or what was done to it. */
	label: string;
	webhookId?: string;
	body: Buffer;
	headers: Record<string, string>;
}

export interface DeliveryAnswer {
	label: string;
	webhookId?: string;
	/** 0 when no HTTP answer came (see `error`). */
	status: number;
	body: unknown;
	sentAt: number;
	answeredAt: number;
	error?: string;
}

export interface DeliveryOptions extends EventOptions {
	signing?: Signing;
	label?: string;
}

/** An event of `kind` as one HighLevel delivery: compact JSON, signed as `signing` says. */
export function delivery(kind: EventKind, options: DeliveryOptions = {}): WebhookDelivery {
	const { signing = 'ed25519', label, ...eventOptions } = options;
	const event = sandboxEvent(kind, eventOptions);
	const signed = signedRequest(JSON.stringify(event), signing);
	return {
		label: label ?? (signing === 'ed25519' ? kind : `${kind} (${signing})`),
		webhookId: typeof event.webhookId === 'string' ? event.webhookId : undefined,
		...signed,
	};
}

/** The same bytes and signature again: what a replay of a captured delivery looks like. */
export function replayOf(original: WebhookDelivery): WebhookDelivery {
	return { ...original, label: `replay of ${original.label}` };
}

/**
 * `count` deliveries of `kind` to send at once, `repeatShare` of them (e.g. 0.05) replays of an
 * earlier one, spread evenly through the burst, each a few places after its original.
 */
export function burst(count: number, repeatShare: number, kind: EventKind = 'ContactCreate', options: DeliveryOptions = {}): WebhookDelivery[] {
	const repeats = Math.round(count * repeatShare);
	const originals = Array.from({ length: count - repeats }, () => delivery(kind, options));
	const step = originals.length / Math.max(repeats, 1);
	const deliveries: WebhookDelivery[] = [];
	let repeated = 0;
	originals.forEach((original, index) => {
		deliveries.push(original);
		while (repeated < repeats && index + 1 >= Math.round((repeated + 1) * step)) {
			deliveries.push(replayOf(originals[Math.max(0, Math.floor(index - step / 2))]));
			repeated++;
		}
	});
	return deliveries;
}

export class WebhookSender {
	readonly answers: DeliveryAnswer[] = [];
	private readonly agent: Agent;

	constructor(
		readonly url: string,
		private readonly timeoutMs = 120_000,
	) {
		const options = { keepAlive: true, maxSockets: Infinity };
		this.agent = url.startsWith('https:') ? new HttpsAgent(options) : new Agent(options);
	}

	send(item: WebhookDelivery): Promise<DeliveryAnswer> {
		const sentAt = Date.now();
		const send = this.url.startsWith('https:') ? httpsRequest : request;
		return new Promise((resolve) => {
			const finish = (status: number, text: string, error?: string) => {
				let body: unknown = text;
				try {
					body = text ? JSON.parse(text) : undefined;
				} catch {
					// an answer that is not JSON stays text
				}
				const answer: DeliveryAnswer = { label: item.label, webhookId: item.webhookId, status, body, sentAt, answeredAt: Date.now(), ...(error ? { error } : {}) };
				this.answers.push(answer);
				resolve(answer);
			};
			const req = send(
				this.url,
				{
					method: 'POST',
					agent: this.agent,
					timeout: this.timeoutMs,
					headers: { 'content-type': 'application/json', 'content-length': item.body.length, 'user-agent': 'HighLevel-sandbox', ...item.headers },
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
					res.on('error', (error) => finish(res.statusCode ?? 0, '', error.message));
				},
			);
			req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
			req.on('error', (error) => finish(0, '', error.message));
			req.end(item.body);
		});
	}

	/** Every delivery at once, as a burst; answers in the deliveries' order. */
	async sendAll(items: WebhookDelivery[]): Promise<DeliveryAnswer[]> {
		return await Promise.all(items.map((item) => this.send(item)));
	}

	close(): void {
		this.agent.destroy();
	}
}

/** Answers counted by status, e.g. { 200: 950, 401: 3 }. */
export function countByStatus(answers: DeliveryAnswer[]): Record<number, number> {
	const counts: Record<number, number> = {};
	for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
	return counts;
}
