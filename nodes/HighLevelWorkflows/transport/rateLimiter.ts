import { sleep } from 'n8n-workflow';
import { IdleMap } from './idleMap';

/** What HighLevel allows when no response has told us yet (API-NOTES: 100 per 10 s, 200,000 a day). */
const DEFAULT_MAX = 100;
const DEFAULT_INTERVAL_MS = 10_000;
const DAILY_EXHAUSTED_HOLD_MS = 5 * 60_000;
/** How many intervals a sign of other clients on the bucket is remembered. */
const CONTENTION_MEMORY = 3;
/** Foreign use below this is taken for noise, not for another client. */
const FOREIGN_NOISE = 2;

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

export type Slot = { sentAt: number } | Refusal;

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

/**
 * Paces the requests of one HighLevel rate-limit bucket (one token and location) in this process.
 *
 * It keeps a rolling log of its own sends and never has more than the bucket's `max` in any
 * interval (plus a margin for network jitter), which satisfies both fixed and rolling windows on
 * the server. Requests spent by others on the same bucket (other executions, other n8n workers)
 * show up as a lower `x-ratelimit-remaining` than our own log explains; that foreign share is
 * subtracted from our capacity. While the bucket is shared (foreign use or a spent window seen in
 * the last few intervals) requests are also spread evenly over the interval instead of leaving in a
 * burst, so that several n8n workers do not all spend the same window at its start.
 */
export class RateLimiter {
	private readonly sent: number[] = [];
	private max = DEFAULT_MAX;
	private intervalMs = DEFAULT_INTERVAL_MS;
	private foreign = 0;
	private foreignSeenAt = 0;
	private contendedAt = Number.NEGATIVE_INFINITY;
	private pausedUntil = 0;
	private dailyExhaustedUntil = 0;
	private dailyLimit?: number;

	constructor(private readonly now: () => number = Date.now) {}

	private get marginMs(): number {
		return Math.min(1000, Math.max(100, this.intervalMs * 0.02));
	}

	private capacity(now: number): number {
		const foreign = now - this.foreignSeenAt < CONTENTION_MEMORY * this.intervalMs ? this.foreign : 0;
		return Math.max(1, this.max - foreign);
	}

	private isContended(now: number): boolean {
		return now - this.contendedAt < CONTENTION_MEMORY * this.intervalMs;
	}

	private prune(now: number): void {
		const horizon = now - this.intervalMs - this.marginMs;
		while (this.sent.length > 0 && this.sent[0] <= horizon) this.sent.shift();
	}

	/** The time before which nothing may be sent; `now` when a request may go at once. */
	private nextSlot(now: number): number {
		this.prune(now);
		let at = Math.max(now, this.pausedUntil);
		const capacity = this.capacity(now);
		if (this.sent.length >= capacity) {
			at = Math.max(at, this.sent[this.sent.length - capacity] + this.intervalMs + this.marginMs);
		}
		if (this.isContended(now) && this.sent.length > 0) {
			at = Math.max(at, this.sent[this.sent.length - 1] + this.intervalMs / capacity);
		}
		return at;
	}

	/** Waits for a slot and takes it, or refuses rather than wait past `deadline`. */
	async acquire(deadline: number): Promise<Slot> {
		for (;;) {
			const now = this.now();
			if (now < this.dailyExhaustedUntil) return { refused: 'daily', dailyLimit: this.dailyLimit };
			const at = this.nextSlot(now);
			if (at <= now) {
				this.sent.push(now);
				return { sentAt: now };
			}
			if (at > deadline) return { refused: 'wait' };
			await sleep(at - now);
		}
	}

	/** Whether forgetting this bucket loses nothing: no send in the last interval, no pause ahead. */
	isIdle(now: number): boolean {
		const last = this.sent[this.sent.length - 1];
		const quiet = last === undefined || now - last > this.intervalMs + this.marginMs;
		return quiet && now >= this.pausedUntil && now >= this.dailyExhaustedUntil;
	}

	/**
	 * Moves a request's entry in the log from when it was let go to when its answer (or failure)
	 * came back. HighLevel counts it on arrival, somewhere in between; n8n may take longer than the
	 * margin to put it on the wire when the machine is busy, and a window counted from the earlier
	 * time then lets the next window's requests arrive too soon (429s at 25 per second under load).
	 */
	settle(sentAt: number): void {
		const index = this.sent.indexOf(sentAt);
		if (index === -1) return;
		this.sent.splice(index, 1);
		const now = this.now();
		let at = this.sent.length;
		while (at > 0 && this.sent[at - 1] > now) at--;
		this.sent.splice(at, 0, now);
	}

	/** Learns the bucket from a response's headers. `sentAt` is the time acquire() returned. */
	observe(limits: RateLimitHeaders, sentAt: number): void {
		if (limits.max !== undefined && limits.max > 0) this.max = limits.max;
		if (limits.intervalMs !== undefined && limits.intervalMs > 0) this.intervalMs = limits.intervalMs;
		if (limits.dailyLimit !== undefined) this.dailyLimit = limits.dailyLimit;
		if (limits.dailyRemaining !== undefined && limits.dailyRemaining <= 0) {
			this.dailyExhaustedUntil = this.now() + DAILY_EXHAUSTED_HOLD_MS;
		}
		if (limits.remaining !== undefined) {
			const windowStart = sentAt - this.intervalMs;
			const ours = this.sent.filter((t) => t <= sentAt && t > windowStart).length;
			// Our requests sent after this one may have overtaken it on the wire and been counted too:
			// only usage that even those cannot explain belongs to another client.
			const overtaking = this.sent.filter((t) => t > sentAt).length;
			const used = this.max - limits.remaining;
			this.foreign = Math.max(0, used - ours - overtaking);
			this.foreignSeenAt = this.now();
			if (this.foreign >= FOREIGN_NOISE) this.contendedAt = this.foreignSeenAt;
		}
	}

	/**
	 * A 429 says the request was not carried out. When the window is spent (remaining 0 or unknown)
	 * every request of the bucket pauses; a 429 with budget left only backs off the one request.
	 * Says how long the caller should wait before its retry.
	 */
	onTooManyRequests(limits: RateLimitHeaders, sentAt: number, attempt: number): Backoff {
		this.observe(limits, sentAt);
		if (limits.dailyRemaining !== undefined && limits.dailyRemaining <= 0) {
			return { refused: 'daily', dailyLimit: this.dailyLimit };
		}
		if (limits.retryAfterMs !== undefined) {
			this.pausedUntil = Math.max(this.pausedUntil, this.now() + limits.retryAfterMs);
			return { waitMs: limits.retryAfterMs };
		}
		if (limits.remaining === undefined || limits.remaining <= 0) {
			this.contendedAt = this.now();
			const waitMs = this.intervalMs + Math.random() * this.marginMs;
			this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
			return { waitMs };
		}
		return { waitMs: Math.min(this.intervalMs, 250 * 2 ** attempt) };
	}
}

/** Buckets kept however idle, and the most kept at all (an agency may have thousands of sub-accounts). */
const KEPT_BUCKETS = 500;
const MAX_BUCKETS = 5_000;

const limiters = new IdleMap<RateLimiter>((limiter, now) => limiter.isIdle(now), KEPT_BUCKETS, MAX_BUCKETS);

/** One limiter per bucket, shared by every execution of the node in this process. */
export function rateLimiterFor(bucket: string): RateLimiter {
	let limiter = limiters.get(bucket);
	if (!limiter) {
		limiter = new RateLimiter();
		limiters.set(bucket, limiter);
	}
	return limiter;
}
