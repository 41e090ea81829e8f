import { hashString, mulberry32 } from './random';
import { HTML_502, errors, json, type JsonReply, type Reply } from './replies';
import { isObject } from './routes';

/**
 * A misbehaviour to inject for one contact id (or route). "Carried out" means the enrolment / removal
 * happened (and is recorded) even though the client may not learn of it. `times`: how many requests
 * it answers; default 1 for transient failures, Infinity for shape and timing quirks (`once` below).
 */
export type Fault = { times?: number } & (
	/** Its headers show the window spent (remaining 0), as a real 429's do, unless `budgetLeft` asks for the true count. */
	| { kind: 'status429'; budgetLeft?: boolean }
	/** `after: true`: carried out first. */
	| { kind: 'status500' | 'status503'; after: boolean }
	/** HighLevel's 422 body with these messages. */
	| { kind: 'status422'; messages: string[] }
	/** Carried out when status is 200, unless `after` says otherwise. */
	| { kind: 'emptyBody'; status?: 200 | 500; after?: boolean }
	/** Answered `ms` late. */
	| { kind: 'slow'; ms: number }
	| { kind: 'html502' | 'statusMismatch' | 'nonJson200' | 'hang' | 'dropBefore' | 'dropAfter' | 'v3Confirmation' }
);

interface FaultRule<F extends Fault> {
	/** Transient failures are used up after one request; shape and timing quirks last. */
	once: boolean;
	/** Whether HighLevel carried the request out before answering this way. */
	carriedOut: (fault: F) => boolean;
	/** The answer; `undefined`: the normal one, `delayMs` later. */
	reply: (fault: F) => Reply | undefined;
	delayMs?: (fault: F) => number;
}

const text = (status: number, contentType: string, body: string): Reply => ({ type: 'text', status, contentType, text: body });
const never = () => false;
const always = () => true;

/** What each fault kind does: one row a kind. */
const FAULT_RULES: { [K in Fault['kind']]: FaultRule<Fault & { kind: K }> } = {
	status429: { once: true, carriedOut: never, reply: () => errors.tooManyRequests() },
	status422: { once: true, carriedOut: never, reply: (fault) => errors.unprocessable(fault.messages) },
	status500: { once: true, carriedOut: (fault) => fault.after, reply: () => errors.internal() },
	status503: { once: true, carriedOut: (fault) => fault.after, reply: () => errors.unavailable() },
	/** From "the edge". */
	html502: { once: true, carriedOut: never, reply: () => text(502, 'text/html', HTML_502) },
	/** Content-type JSON, no body. */
	emptyBody: {
		once: false,
		carriedOut: (fault) => fault.after ?? (fault.status ?? 200) === 200,
		reply: (fault) => text(fault.status ?? 200, 'application/json; charset=utf-8', ''),
	},
	/** HTTP 200 whose body says 400. */
	statusMismatch: { once: false, carriedOut: never, reply: () => json(200, { statusCode: 400, message: 'Bad Request' }) },
	nonJson200: { once: false, carriedOut: always, reply: () => text(200, 'text/plain; charset=utf-8', 'OK') },
	slow: { once: false, carriedOut: always, reply: () => undefined, delayMs: (fault) => fault.ms },
	/** Never answered, until the sandbox closes. */
	hang: { once: false, carriedOut: always, reply: () => ({ type: 'hang' }) },
	dropBefore: { once: true, carriedOut: never, reply: () => ({ type: 'drop' }) },
	dropAfter: { once: true, carriedOut: always, reply: () => ({ type: 'drop' }) },
	/** Confirmed the way API v3 documents it (`succeeded`, not `succeded`). */
	v3Confirmation: { once: false, carriedOut: always, reply: () => json(200, { succeeded: true }) },
};

/** Each probability is checked in the order listed, against one draw per attempt. */
export interface RandomFaults {
	seed: number;
	rate429?: number;
	/** JSON 503, not carried out. */
	rate5xxBefore?: number;
	/** JSON 500, carried out. */
	rate5xxAfter?: number;
	rateHtml502?: number;
	/** Carried out, then the socket is destroyed. */
	rateDropAfter?: number;
}

/** The fault each rate draws, in the order they are checked. */
const RANDOM_FAULTS: Array<[Exclude<keyof RandomFaults, 'seed'>, Fault]> = [
	['rate429', { kind: 'status429' }],
	['rate5xxBefore', { kind: 'status503', after: false }],
	['rate5xxAfter', { kind: 'status500', after: true }],
	['rateHtml502', { kind: 'html502' }],
	['rateDropAfter', { kind: 'dropAfter' }],
];

export function isFault(value: unknown): value is Fault {
	if (!isObject(value) || !Object.keys(FAULT_RULES).includes(value.kind as string)) return false;
	if (value.kind === 'slow') return typeof value.ms === 'number';
	return value.kind !== 'status422' || Array.isArray(value.messages);
}

/** Armed faults by key; `remaining` null means without end. */
export type ArmedFaults = Record<string, { fault: Fault; remaining: number | null }>;

/** Faults armed by key (contact id or route name), each for its remaining requests. */
class FaultMap extends Map<string, { fault: Fault; remaining: number }> {
	/** Arms the fault for the key; null disarms it. */
	arm(key: string, fault: Fault | null): void {
		if (fault === null) this.delete(key);
		else this.set(key, { fault, remaining: fault.times ?? (FAULT_RULES[fault.kind].once ? 1 : Infinity) });
	}

	use(key: string): Fault | null {
		const armed = this.get(key);
		if (!armed) return null;
		armed.remaining--;
		if (armed.remaining <= 0) this.delete(key);
		return armed.fault;
	}

	list(): ArmedFaults {
		const armed: ArmedFaults = {};
		for (const [key, { fault, remaining }] of this) armed[key] = { fault, remaining: Number.isFinite(remaining) ? remaining : null };
		return armed;
	}
}

export class FaultBook {
	readonly byContact = new FaultMap();
	/** Faults for the next requests of a route, whatever they are about (lookups, upserts, the list). */
	readonly byRoute = new FaultMap();
	/** Set with setRandom(), which restarts the draws. */
	random: RandomFaults | null = null;
	private readonly attempts = new Map<string, number>();

	setRandom(config: RandomFaults | null): void {
		this.random = config;
		this.attempts.clear();
	}

	/** Removes per-contact and per-route faults and restarts the random draws; the random configuration stays. */
	reset(): void {
		this.byContact.clear();
		this.byRoute.clear();
		this.attempts.clear();
	}

	/**
	 * The fault for this request, if any, using up one of its `times`. A fault set for the contact
	 * wins, then one set for the route; otherwise, on routes about one contact, random faults draw
	 * once per (method, contact, workflow, attempt number), so the outcome does not depend on how
	 * concurrent requests for different contacts interleave.
	 */
	take(method: string, route: string, contactId: string | undefined, workflowId: string | undefined): Fault | null {
		const fault = (contactId !== undefined ? this.byContact.use(contactId) : null) ?? this.byRoute.use(route);
		if (fault) return fault;
		if (contactId === undefined || !this.random) return null;
		const key = `${method} ${contactId} ${workflowId ?? ''}`;
		const attempt = (this.attempts.get(key) ?? 0) + 1;
		this.attempts.set(key, attempt);
		const draw = mulberry32(hashString(`${this.random.seed}|${key}|${attempt}`))();
		let threshold = 0;
		for (const [name, fault] of RANDOM_FAULTS) {
			// Only a positive number draws its fault: the admin endpoint checks just the seed.
			const rate = this.random[name];
			if (typeof rate !== 'number' || !(rate > 0)) continue;
			threshold += rate;
			if (draw < threshold) return fault;
		}
		return null;
	}
}

/** The answer a fault gives, to send `delayMs` late; `carryOut` performs the request and returns its normal answer. */
export function faultReply(fault: Fault, carryOut: () => JsonReply): { reply: Reply; delayMs: number } {
	// TypeScript cannot tie the row to the fault's kind by itself.
	const rule = FAULT_RULES[fault.kind] as FaultRule<Fault>;
	const normal = rule.carriedOut(fault) ? carryOut() : undefined;
	const reply = rule.reply(fault) ?? normal;
	if (!reply) throw new Error(`fault ${fault.kind} gives no answer`);
	return { reply, delayMs: rule.delayMs?.(fault) ?? 0 };
}
