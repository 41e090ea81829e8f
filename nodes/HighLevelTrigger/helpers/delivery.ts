import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';
import { eventTypeOf, filteredOutReason, locationIdOf, type EventFilter } from './eventFilter';
import { stalenessProblem } from './freshness';
import { acceptOnce } from './replayMemory';
import { signatureProblem, type RequestHeaders, type SignatureKeys } from './signature';

export interface Delivery {
	headers: RequestHeaders;
	/** The body's bytes as received (n8n keeps them as `rawBody`). */
	rawBody?: Buffer;
	/** The body as n8n parsed it, when there are no raw bytes. */
	body: unknown;
	receivedAt: number;
}

export interface DeliveryRules {
	/** Undefined when the signature check is off. */
	keys?: SignatureKeys;
	replayWindowMs: number;
	/** The app the credential belongs to (its client id before the first "-"). */
	appId: string;
	/** Names this trigger (workflow and node) in the webhookId memory. */
	trigger: string;
	filter: EventFilter;
}

export type Verdict =
	| { answer: 'refused'; status: 400 | 401; reason: string }
	| { answer: 'ignored'; reason: string }
	| { answer: 'accepted'; item: IDataObject };

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function readEvent(delivery: Delivery): IDataObject | undefined {
	if (!delivery.rawBody?.length) return isObject(delivery.body) ? delivery.body : undefined;
	const parsed = jsonParse<unknown>(delivery.rawBody.toString('utf8'), { fallbackValue: null });
	return isObject(parsed) ? parsed : undefined;
}

function webhookIdOf(event: IDataObject): string | undefined {
	const id = event.webhookId;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** What one request to the trigger gets: refused (401), ignored (200, nothing starts) or accepted. */
export function judgeDelivery(delivery: Delivery, rules: DeliveryRules): Verdict {
	const event = readEvent(delivery);
	if (rules.keys) {
		const problem = signatureProblem(delivery.headers, delivery.rawBody, event ?? delivery.body, rules.keys);
		if (problem) return { answer: 'refused', status: 401, reason: problem };
	}
	if (!event) return { answer: 'refused', status: 400, reason: 'The body is not a JSON object' };

	const eventType = eventTypeOf(event);
	const stale = stalenessProblem(event, eventType, delivery.receivedAt, rules.replayWindowMs);
	if (stale) return { answer: 'refused', status: 401, reason: stale };
	if (typeof event.appId === 'string' && event.appId !== rules.appId) {
		return { answer: 'ignored', reason: `The event is app ${event.appId}'s; this trigger's credential is app ${rules.appId}'s` };
	}
	const filteredOut = filteredOutReason(event, rules.filter);
	if (filteredOut) return { answer: 'ignored', reason: filteredOut };
	const webhookId = webhookIdOf(event);
	if (webhookId !== undefined && !acceptOnce(rules.trigger, webhookId, delivery.receivedAt, 2 * rules.replayWindowMs)) {
		return { answer: 'ignored', reason: `webhookId ${webhookId} was accepted before: a replay` };
	}
	return {
		answer: 'accepted',
		item: {
			eventType,
			locationId: locationIdOf(event),
			receivedAt: new Date(delivery.receivedAt).toISOString(),
			event,
		},
	};
}
