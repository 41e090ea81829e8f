import { hashString, mulberry32 } from './random';
import { HTML_502, errors, json, type JsonReply, type Reply } from './replies';

/**
 * A misbehaviour to inject for one contact id. "Carried out" means the enrolment / removal
 * happened (and is recorded) even though the client may not learn of it.
 */
export type Fault =
	/**
	 * 429 Too Many Requests; not carried out, counts against no limit. Its headers show the window
	 * spent (remaining 0), as a real 429's do, unless `budgetLeft` asks for the true remaining count.
	 * `times` default 1.
	 */
	| { kind: 'status429'; times?: number; budgetLeft?: boolean }
	/** JSON 500/503; `after: true` means it was carried out first. `times` default 1. */
	| { kind: 'status500' | 'status503'; after: boolean; times?: number }
	/** 422 with HighLevel's message list; not carried out. `times` default 1. */
	| { kind: 'status422'; messages: string[]; times?: number }
	/** HTML 502 from "the edge"; not carried out. `times` default 1. */
	| { kind: 'html502'; times?: number }
	/** Empty body with content-type JSON; carried out when status is 200 unless `after` says otherwise. Default Infinity. */
	| { kind: 'emptyBody'; status?: 200 | 500; after?: boolean; times?: number }
	/** HTTP 200 whose body says 400; not carried out. `times` default Infinity. */
	| { kind: 'statusMismatch'; times?: number }
	/** HTTP 200, text/plain `OK`; carried out. `times` default Infinity. */
	| { kind: 'nonJson200'; times?: number }
	/** Carried out on arrival, answered after `ms`. `times` default Infinity. */
	| { kind: 'slow'; ms: number; times?: number }
	/** Carried out, never answered (until the sandbox closes). `times` default Infinity. */
	| { kind: 'hang'; times?: number }
	/** Socket destroyed, not carried out. `times` default 1. */
	| { kind: 'dropBefore'; times?: number }
	/** Carried out, then the socket is destroyed. `times` default 1. */
	| { kind: 'dropAfter'; times?: number }
	/** Carried out, confirmed the way API v3 documents it (`succeeded`, not `succeded`). `times` default Infinity. */
	| { kind: 'v3Confirmation'; times?: number };

export type FaultKind = Fault['kind'];

interface FaultRule {
	/** Transient failures are used up after one request; shape and timing quirks last. */
	once: boolean;
	/** Whether HighLevel carried the request out before answering this way. */
	carriedOut: (fault: Fault) => boolean;
	/** The answer; `undefined`: the normal one, `delayMs` later. */
	reply: (fault: Fault) => Reply | undefined;
	delayMs?: (fault: Fault) => number;
}

const text = (status: number, contentType: string, body: string): Reply => ({ type: 'text', status, contentType, text: body });
const never = () => false;
const always = () => true;

/** What each fault kind does: one row a kind. */
const FAULT_RULES: Record<FaultKind, FaultRule> = {
	status429: { once: true, carriedOut: never, reply: () => errors.tooManyRequests() },
	status422: { once: true, carriedOut: never, reply: (fault) => errors.unprocessable((fault as { messages: string[] }).messages) },
	status500: { once: true, carriedOut: (fault) => (fault as { after: boolean }).after, reply: () => errors.internal() },
	status503: { once: true, carriedOut: (fault) => (fault as { after: boolean }).after, reply: () => errors.unavailable() },
	html502: { once: true, carriedOut: never, reply: () => text(502, 'text/html', HTML_502) },
	emptyBody: {
		once: false,
		carriedOut: (fault) => (fault as { after?: boolean }).after ?? ((fault as { status?: number }).status ?? 200) === 200,
		reply: (fault) => text((fault as { status?: number }).status ?? 200, 'application/json; charset=utf-8', ''),
	},
	statusMismatch: { once: false, carriedOut: never, reply: () => json(200, { statusCode: 400, message: 'Bad Request' }) },
	nonJson200: { once: false, carriedOut: always, reply: () => text(200, 'text/plain; charset=utf-8', 'OK') },
	slow: { once: false, carriedOut: always, reply: () => undefined, delayMs: (fault) => (fault as { ms: number }).ms },
	hang: { once: false, carriedOut: always, reply: () => ({ type: 'hang' }) },
	dropBefore: { once: true, carriedOut: never, reply: () => ({ type: 'drop' }) },
	dropAfter: { once: true, carriedOut: always, reply: () => ({ type: 'drop' }) },
	v3Confirmation: { once: false, carriedOut: always, reply: () => json(200, { succeeded: true }) },
};

const FAULT_KINDS = Object.keys(FAULT_RULES) as FaultKind[];

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

function randomFaultTable(config: RandomFaults): Array<[number, Fault]> {
	const table: Array<[number | undefined, Fault]> = [
		[config.rate429, { kind: 'status429' }],
		[config.rate5xxBefore, { kind: 'status503', after: false }],
		[config.rate5xxAfter, { kind: 'status500', after: true }],
		[config.rateHtml502, { kind: 'html502' }],
		[config.rateDropAfter, { kind: 'dropAfter' }],
	];
	return table.filter((row): row is [number, Fault] => typeof row[0] === 'number' && row[0] > 0);
}

export function isFault(value: unknown): value is Fault {
	if (typeof value !== 'object' || value === null) return false;
	const kind = (value as { kind?: unknown }).kind;
	if (!FAULT_KINDS.includes(kind as FaultKind)) return false;
	if (kind === 'slow') return typeof (value as { ms?: unknown }).ms === 'number';
	if (kind === 'status422') return Array.isArray((value as { messages?: unknown }).messages);
	return true;
}

interface ArmedFault {
	fault: Fault;
	remaining: number;
}

function arm(book: Map<string, ArmedFault>, key: string, fault: Fault | null): void {
	if (fault === null) book.delete(key);
	else book.set(key, { fault, remaining: fault.times ?? (FAULT_RULES[fault.kind].once ? 1 : Infinity) });
}

function use(book: Map<string, ArmedFault>, key: string): Fault | null {
	const armed = book.get(key);
	if (!armed) return null;
	armed.remaining--;
	if (armed.remaining <= 0) book.delete(key);
	return armed.fault;
}

/** Armed faults by key; `remaining` null means without end. */
export type ArmedFaults = Record<string, { fault: Fault; remaining: number | null }>;

function listArmed(book: Map<string, ArmedFault>): ArmedFaults {
	const armed: ArmedFaults = {};
	for (const [key, { fault, remaining }] of book) armed[key] = { fault, remaining: Number.isFinite(remaining) ? remaining : null };
	return armed;
}

export class FaultBook {
	private readonly byContact = new Map<string, ArmedFault>();
	/** Faults for the next requests of a route, whatever they are about (lookups, upserts, the list). */
	private readonly byRoute = new Map<string, ArmedFault>();
	private random: { config: RandomFaults; table: Array<[number, Fault]> } | null = null;
	private readonly attempts = new Map<string, number>();

	set(contactId: string, fault: Fault | null): void {
		arm(this.byContact, contactId, fault);
	}

	setForRoute(route: string, fault: Fault | null): void {
		arm(this.byRoute, route, fault);
	}

	setRandom(config: RandomFaults | null): void {
		this.random = config ? { config, table: randomFaultTable(config) } : null;
		this.attempts.clear();
	}

	get randomConfig(): RandomFaults | null {
		return this.random?.config ?? null;
	}

	/** Faults still armed, by contact id. */
	armed(): ArmedFaults {
		return listArmed(this.byContact);
	}

	/** Faults still armed, by route name. */
	armedRoutes(): ArmedFaults {
		return listArmed(this.byRoute);
	}

	/** Removes per-contact and random faults. */
	clear(): void {
		this.byContact.clear();
		this.byRoute.clear();
		this.setRandom(null);
	}

	/** Removes per-contact faults and restarts the random draws; the random configuration stays. */
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
		const fault = (contactId !== undefined ? use(this.byContact, contactId) : null) ?? use(this.byRoute, route);
		if (fault) return fault;
		if (contactId === undefined || !this.random || this.random.table.length === 0) return null;
		const key = `${method} ${contactId} ${workflowId ?? ''}`;
		const attempt = (this.attempts.get(key) ?? 0) + 1;
		this.attempts.set(key, attempt);
		const draw = mulberry32(hashString(`${this.random.config.seed}|${key}|${attempt}`))();
		let threshold = 0;
		for (const [rate, fault] of this.random.table) {
			threshold += rate;
			if (draw < threshold) return fault;
		}
		return null;
	}
}

export interface FaultOutcome {
	reply: Reply;
	/** Wait this long before answering. */
	delayMs: number;
}

/** The answer a fault gives; `carryOut` performs the request and returns its normal answer. */
export function faultReply(fault: Fault, carryOut: () => JsonReply): FaultOutcome {
	const rule = FAULT_RULES[fault.kind];
	const normal = rule.carriedOut(fault) ? carryOut() : undefined;
	const reply = rule.reply(fault) ?? normal;
	if (!reply) throw new Error(`fault ${fault.kind} gives no answer`);
	return { reply, delayMs: rule.delayMs?.(fault) ?? 0 };
}
