import { sleep } from 'n8n-workflow';

/** What HighLevel allows when no response has told us yet (API-NOTES: 100 per 10 s, 200,000 a day). */
const DEFAULT_MAX = 100;
const DEFAULT_INTERVAL_MS = 10_000;
const DAILY_EXHAUSTED_HOLD_MS = 5 * 60_000;
/** Foreign use below this is taken for noise, not for another client. */
const FOREIGN_NOISE = 1;
/** Requests per interval left unused while the bucket is shared: others' use is an estimate. */
const SHARED_SLACK = 1;
/** Alone on the bucket, a window's requests leave over 1/ALONE_SPREAD of the interval. */
const ALONE_SPREAD = 4;
/** The larger of two users gives up this fraction of its lead each time it looks (1/4). */
const YIELD = 4;
/** How often a request that waits for an answer looks again. */
const ANSWER_POLL_MS = 5;

export interface RateLimitHeaders {
	max?: number;
	remaining?: number;
	intervalMs?: number;
	dailyLimit?: number;
	dailyRemaining?: number;
	retryAfterMs?: number;
}

/** Why no request may go: the daily allowance is spent, or the wait would pass the deadline. */
export type DailyRefusal = { refused: 'daily'; dailyLimit?: number };

export type Refusal = DailyRefusal | { refused: 'wait' };

export type Backoff = { waitMs: number } | DailyRefusal;

function headerNumber(headers: Record<string, unknown>, name: string): number | undefined {
	const raw = headers[name];
	const value = Number(Array.isArray(raw) ? raw[0] : raw);
	return raw === undefined || raw === null || raw === '' || !Number.isFinite(value) ? undefined : value;
}

export function readRateLimitHeaders(headers: Record<string, unknown> = {}): RateLimitHeaders {
	const lower: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(headers)) lower[key.toLowerCase()] = value;
	const retryAfterSeconds = headerNumber(lower, 'retry-after');
	return {
		max: headerNumber(lower, 'x-ratelimit-max'),
		remaining: headerNumber(lower, 'x-ratelimit-remaining'),
		intervalMs: headerNumber(lower, 'x-ratelimit-interval-milliseconds'),
		dailyLimit: headerNumber(lower, 'x-ratelimit-limit-daily'),
		dailyRemaining: headerNumber(lower, 'x-ratelimit-daily-remaining'),
		retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
	};
}

/** Time as the limiter sees it: the real clock in the node, a fake one in tests. */
export interface LimiterClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const SYSTEM_CLOCK: LimiterClock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

/** One request taken from the limiter; hand it back to observe(), onTooManyRequests() or settle(). */
export interface Slot {
	sentAt: number;
}

interface Sent extends Slot {
	/** When its answer (or failure) came back; Infinity while it is on the way. */
	answeredAt: number;
	/** Answered 429: not carried out, and not counted as ours when judging others' use. */
	refused?: boolean;
}

/**
 * Paces the requests of one HighLevel rate-limit bucket (one token and location) in this process.
 *
 * Alone on the bucket it keeps a log of its own sends and never lets more than `max` start within an
 * interval of an earlier one's answer: HighLevel counted that one at the latest when it answered, so
 * the window it opened is over by then, whatever the network's delay. No fixed margin is added.
 *
 * Requests spent by others on the same bucket (other executions, other n8n workers) show up as a
 * lower `x-ratelimit-remaining` than our own log explains. That foreign use, scaled to a whole window
 * when HighLevel's window has only just begun and remembered for an interval, is taken off our
 * capacity; while the bucket is shared the requests are spread evenly over the interval (no burst at
 * a window's start), and the larger user yields part of its lead so that the share evens out.
 */
export class RateLimiter {
	private readonly sent: Sent[] = [];
	private max = DEFAULT_MAX;
	private intervalMs = DEFAULT_INTERVAL_MS;
	private learned = false;
	/** Estimates of others' use per window, newest last, with the time each was made. */
	private foreignSeen: Array<{ at: number; perWindow: number }> = [];
	/** HighLevel's current window began after `after` and by `by`, as far as the answers show (a count that fell back). */
	private window?: { after: number; by: number };
	/** The fullest count HighLevel reported in its current window, and when that request went and came back. */
	private peak?: { used: number; sentAt: number; answeredAt: number };
	private pausedUntil = 0;
	private dailyExhaustedUntil = 0;
	private dailyLimit?: number;

	constructor(private readonly clock: LimiterClock = SYSTEM_CLOCK) {}

	/** Others' use per window: the largest estimate of the last interval (or the last one made). */
	private foreign(now: number): number {
		// The last estimate stays until a newer one comes, however long our own requests wait.
		while (this.foreignSeen.length > 1 && this.foreignSeen[0].at <= now - this.intervalMs) this.foreignSeen.shift();
		let largest = 0;
		for (const seen of this.foreignSeen) largest = Math.max(largest, seen.perWindow);
		return largest;
	}

	private ownPerWindow(now: number): number {
		let count = 0;
		for (const entry of this.sent) if (entry.sentAt > now - this.intervalMs) count++;
		return count;
	}

	/** How many of ours may start per interval, and whether the bucket is shared. */
	private capacity(now: number): { capacity: number; shared: boolean } {
		const foreign = this.foreign(now);
		if (foreign < FOREIGN_NOISE) return { capacity: this.max, shared: false };
		const ours = this.ownPerWindow(now);
		// The larger user gives up a quarter of its lead, so two workers converge on halves.
		const yieldShare = ours > foreign ? (ours - foreign) / YIELD : 0;
		return { capacity: Math.max(1, Math.floor(this.max - foreign - yieldShare - SHARED_SLACK)), shared: true };
	}

	private prune(now: number): void {
		while (this.sent.length > 0 && this.sent[0].answeredAt <= now - this.intervalMs) this.sent.shift();
	}

	/** The time before which nothing may be sent (Infinity: wait for an answer); `now` when one may go. */
	private nextSlot(now: number): number {
		this.prune(now);
		let at = Math.max(now, this.pausedUntil);
		// Until a first answer has told the bucket's size and use, one request at a time.
		if (!this.learned) return this.sent.some((entry) => entry.answeredAt === Infinity) ? Infinity : at;
		const { capacity, shared } = this.capacity(now);
		for (let i = 0; i <= this.sent.length - capacity; i++) {
			at = Math.max(at, this.sent[i].answeredAt + this.intervalMs + 1);
		}
		if (this.sent.length > 0) {
			// Shared: evenly over the interval. Alone: over its first part only, so that a window is never
			// spent in one instant and a worker that joins finds room to be seen by this one.
			const spanMs = shared ? this.intervalMs : this.intervalMs / ALONE_SPREAD;
			at = Math.max(at, this.sent[this.sent.length - 1].sentAt + spanMs / capacity);
		}
		return at;
	}

	/** Waits for a slot and takes it, or refuses rather than wait past `deadline`. */
	async acquire(deadline: number): Promise<Slot | Refusal> {
		for (;;) {
			const now = this.clock.now();
			if (now < this.dailyExhaustedUntil) return { refused: 'daily', dailyLimit: this.dailyLimit };
			const at = this.nextSlot(now);
			if (at <= now) {
				const entry: Sent = { sentAt: now, answeredAt: Infinity };
				this.sent.push(entry);
				return entry;
			}
			if (at > deadline && at !== Infinity) return { refused: 'wait' };
			if (now >= deadline) return { refused: 'wait' };
			// An answer we wait for may come at any moment: look again soon.
			await this.clock.sleep(at === Infinity ? ANSWER_POLL_MS : at - now);
		}
	}

	/** The request got no answer (network failure, time-out): it may still have been counted. */
	settle(slot: Slot): void {
		const entry = slot as Sent;
		if (entry.answeredAt === Infinity) entry.answeredAt = this.clock.now();
	}

	/** Learns the bucket from a response's headers. */
	observe(limits: RateLimitHeaders, slot: Slot): void {
		this.settle(slot);
		const now = this.clock.now();
		if (limits.max !== undefined && limits.max > 0) this.max = limits.max;
		if (limits.intervalMs !== undefined && limits.intervalMs > 0) this.intervalMs = limits.intervalMs;
		if (limits.max !== undefined || limits.remaining !== undefined) this.learned = true;
		if (limits.dailyLimit !== undefined) this.dailyLimit = limits.dailyLimit;
		if (limits.dailyRemaining !== undefined && limits.dailyRemaining <= 0) {
			this.dailyExhaustedUntil = now + DAILY_EXHAUSTED_HOLD_MS;
		}
		if (limits.remaining === undefined) return;
		const used = this.max - limits.remaining;
		const sentAt = slot.sentAt;
		const peak = this.peak;
		// Sent after the fullest count seen so far was answered, so it arrived later, yet it finds
		// less than half that count: HighLevel opened a new window in between.
		if (peak && sentAt >= peak.answeredAt && used < peak.used / 2) {
			this.window = { after: peak.sentAt, by: sentAt };
			this.peak = { used, sentAt, answeredAt: now };
		} else if (!peak || used >= peak.used) {
			this.peak = { used, sentAt, answeredAt: now };
		}
		const window = this.window && this.window.by > sentAt - this.intervalMs ? this.window : { after: sentAt - this.intervalMs, by: sentAt - this.intervalMs };
		// Ours sent after this one may have overtaken it on the wire and been counted too.
		let ours = 0;
		for (const entry of this.sent) if (entry.sentAt > window.after && !entry.refused) ours++;
		const foreign = Math.max(0, used - ours);
		// Early in a window others have spent only part of their share: scale it to the whole window.
		const elapsed = Math.min(this.intervalMs, Math.max(now - window.by, this.intervalMs / 4));
		const perWindow = foreign < FOREIGN_NOISE ? foreign : (foreign * this.intervalMs) / elapsed;
		this.foreignSeen.push({ at: now, perWindow: Math.min(perWindow, this.max - 1) });
	}

	/**
	 * A 429 says the request was not carried out. When the window is spent (remaining 0 or unknown)
	 * every request of the bucket pauses until it ends; a 429 with budget left only backs off the one
	 * request. Says how long the caller should wait before its retry.
	 */
	onTooManyRequests(limits: RateLimitHeaders, slot: Slot, attempt: number): Backoff {
		(slot as Sent).refused = true;
		this.observe(limits, slot);
		const now = this.clock.now();
		if (limits.dailyRemaining !== undefined && limits.dailyRemaining <= 0) {
			return { refused: 'daily', dailyLimit: this.dailyLimit };
		}
		if (limits.retryAfterMs !== undefined) {
			this.pausedUntil = Math.max(this.pausedUntil, now + limits.retryAfterMs);
			return { waitMs: limits.retryAfterMs };
		}
		if (limits.remaining === undefined || limits.remaining <= 0) {
			// The window ends an interval after it began; when that is unknown, an interval from now.
			const windowEnd = this.window && this.window.by + this.intervalMs > now ? this.window.by + this.intervalMs : now + this.intervalMs;
			const waitMs = windowEnd - now + Math.random() * (this.intervalMs / this.max);
			this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
			return { waitMs };
		}
		return { waitMs: Math.min(this.intervalMs, 250 * 2 ** attempt) };
	}
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per bucket, shared by every execution of the node in this process. */
export function rateLimiterFor(bucket: string): RateLimiter {
	let limiter = limiters.get(bucket);
	if (!limiter) {
		limiter = new RateLimiter();
		limiters.set(bucket, limiter);
	}
	return limiter;
}
