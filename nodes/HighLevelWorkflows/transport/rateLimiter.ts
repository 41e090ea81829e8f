import { sleep } from 'n8n-workflow';
import type { RateLimitHeaders } from './rateLimitHeaders';

/** What HighLevel allows when no response has told us yet (API-NOTES: 100 per 10 s, 200,000 a day). */
const DEFAULT_MAX = 100;
const DEFAULT_INTERVAL_MS = 10_000;
const DAILY_EXHAUSTED_HOLD_MS = 5 * 60_000;
/** Foreign use below this is taken for noise, not for another client. */
const FOREIGN_NOISE = 1;
/**
 * Shared, the last few of a window are left unused: each worker's view of what is left lags by the
 * others' requests on their way, the more so the more they are. 2 against one other worker, 3 against
 * two, 4 against more (measured: BENCHMARKS.md, queue mode).
 */
const SHARED_RESERVE = { oneOther: 2, two: 3, more: 4 };
/** Alone on the bucket, a window's requests leave over 1/ALONE_SPREAD of the interval. */
const ALONE_SPREAD = 4;
/** How often a request that waits for an answer looks again. */
const ANSWER_POLL_MS = 5;

/** Why no request may go: the daily allowance is spent, or the wait would pass the deadline. */
export type DailyRefusal = { refused: 'daily'; dailyLimit?: number };

export type Refusal = DailyRefusal | { refused: 'wait' };

export type Backoff = { waitMs: number } | DailyRefusal;

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
 * the window it opened is over by then, whatever the network's delay. No fixed margin is added. A
 * window's requests leave over its first quarter, so a worker that joins finds room and is seen.
 *
 * Requests spent by others on the same bucket (other executions, other n8n workers) show up as a
 * lower `x-ratelimit-remaining` than our own log explains. While that is so, each request waits for
 * the time HighLevel's window has left divided by what it said is left: every worker paces itself
 * by the same two numbers, so together they spend the window evenly and nearly fully without knowing
 * how many they are, and one that stops leaves its share to the others at once.
 */
export class RateLimiter {
	private readonly sent: Sent[] = [];
	private max = DEFAULT_MAX;
	private intervalMs = DEFAULT_INTERVAL_MS;
	private learned = false;
	/** Estimates of others' use per window, newest last, with the time each was made. */
	private foreignSeen: Array<{ at: number; perWindow: number; raw: number; settled: boolean }> = [];
	/** Others' use counted in HighLevel's previous window, by the end of it. */
	private previousWindowForeign = 0;
	/** What HighLevel said was left, on the answer to our latest request that has one. */
	private latestRemaining?: { sentAt: number; remaining: number; entry: Sent };
	/** HighLevel's current window began after `after` and by `by`, as far as the answers show (a count that fell back). */
	private window?: { after: number; by: number };
	/** The fullest count HighLevel reported in its current window, and when that request went and came back. */
	private peak?: { used: number; sentAt: number; answeredAt: number };
	/** Others' requests per one of ours in HighLevel's current window, on the latest count that showed others. */
	private othersPerOurs = 0;
	/**
	 * Whether HighLevel's count has been seen to fall back (a fixed window that began again). Until
	 * then it may be a sliding window, which counts our requests of the last interval whatever its
	 * phase, and a count they explain is not taken for others' use.
	 */
	private fixedWindowSeen = false;
	private pausedUntil = 0;
	private dailyExhaustedUntil = 0;
	private dailyLimit?: number;

	constructor(private readonly clock: LimiterClock = SYSTEM_CLOCK) {}

	/** Others' use per window: the largest estimate of the last interval (or the last one made). */
	private foreign(now: number): number {
		// The last estimate stays until a newer one comes, however long our own requests wait.
		while (this.foreignSeen.length > 1 && this.foreignSeen[0].at <= now - this.intervalMs) this.foreignSeen.shift();
		// Once a quarter of HighLevel's current window has been seen, that window's evidence decides
		// alone: a worker that stopped no longer counts one interval later.
		const settled = this.foreignSeen.filter((seen) => seen.settled);
		const judged = settled.length > 0 ? settled : this.foreignSeen;
		let largest = settled.length > 0 ? 0 : this.previousWindowForeign;
		for (const seen of judged) largest = Math.max(largest, seen.perWindow);
		return largest;
	}

	/** Keeps two intervals of our requests: a count whose answer is slow still finds those it may hold. */
	private prune(now: number): void {
		while (this.sent.length > 0 && this.sent[0].answeredAt <= now - 2 * this.intervalMs) this.sent.shift();
	}

	/** The time before which nothing may be sent (Infinity: wait for an answer); `now` when one may go. */
	private nextSlot(now: number): number {
		this.prune(now);
		let at = Math.max(now, this.pausedUntil);
		// Until a first answer has told the bucket's size and use, one request at a time.
		if (!this.learned) return this.sent.some((entry) => entry.answeredAt === Infinity) ? Infinity : at;
		if (this.sent.length === 0) return at;
		const last = this.sent[this.sent.length - 1].sentAt;
		const shared = this.foreign(now) >= FOREIGN_NOISE;
		// Alone, HighLevel's own count may show room sooner than our log does (a fixed window that began
		// again); shared, others' requests on the way make that count stale.
		if (shared || !this.countShowsRoom(now)) {
			for (let i = 0; i <= this.sent.length - this.max; i++) {
				at = Math.max(at, this.sent[i].answeredAt + this.intervalMs + 1);
			}
		}
		if (shared) return Math.max(at, this.sharedSlot(now, last));
		// Alone: a window's requests leave over its first part only, never in one instant, so that a
		// worker that joins finds room and is seen by this one.
		return Math.max(at, last + this.intervalMs / ALONE_SPREAD / this.max);
	}

	/**
	 * Whether HighLevel's latest count leaves room for one more. It counted `max − remaining` when that
	 * request arrived; later, a fixed window holds at most those plus what arrived after it, and a
	 * sliding one no more. What may have arrived after it is everything of ours not answered before it
	 * was sent. So the room is safe under either kind of window, and once a fixed window begins again
	 * (the first answer of a new window shows the count fell back) the whole window is open at once,
	 * instead of each request waiting for the answer to the one a window before it.
	 */
	private countShowsRoom(now: number): boolean {
		const seen = this.latestRemaining;
		// Older than an interval, the log may have dropped requests that came after it.
		if (!seen || seen.sentAt < now - this.intervalMs) return false;
		let room = seen.remaining;
		for (const entry of this.sent) {
			if (entry !== seen.entry && entry.answeredAt > seen.sentAt && !entry.refused) room--;
		}
		return room > 0;
	}

	/** Shared: what HighLevel said is left of its window, less the reserve, spread over the time it has left. */
	private sharedSlot(now: number, last: number): number {
		const windowEnd = this.window ? this.window.by + this.intervalMs : undefined;
		if (windowEnd !== undefined && windowEnd <= now) {
			// The window we knew is over: one request opens or finds the next, and its answer tells it.
			return this.sent.some((entry) => entry.sentAt >= windowEnd && entry.answeredAt === Infinity) ? Infinity : now;
		}
		const seen = this.latestRemaining;
		let remaining = this.max;
		if (seen && (!this.window || seen.sentAt > this.window.after)) {
			// Since that count, ours still on the way have left, and the others' in proportion to their use
			// over the same time (the newest of ours left half a gap ago on average, so it counts half): a
			// count made old by slow answers (HighLevel far away, a busy CPU) is taken down by both.
			let onTheWay = 0;
			for (const entry of this.sent) if (entry.sentAt > seen.sentAt && entry.answeredAt === Infinity) onTheWay++;
			const othersSince = onTheWay > 0 ? Math.round((onTheWay - 0.5) * this.othersPerOurs) : 0;
			remaining = seen.remaining - onTheWay - othersSince;
		}
		const timeLeft = windowEnd === undefined ? this.intervalMs : windowEnd - now;
		remaining -= this.sharedReserve(now);
		if (remaining <= 0) return windowEnd === undefined ? last + this.intervalMs / 4 : windowEnd + 1;
		return last + timeLeft / remaining;
	}

	/** How many of a window to leave unused: more, the more workers like us the others' use amounts to. */
	private sharedReserve(now: number): number {
		let ours = 0;
		for (const entry of this.sent) if (entry.sentAt > now - this.intervalMs && !entry.refused) ours++;
		const others = this.foreign(now) / Math.max(ours, 1);
		return others < 2 ? SHARED_RESERVE.oneOther : others < 3 ? SHARED_RESERVE.two : SHARED_RESERVE.more;
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

	/** Whether forgetting this bucket loses nothing: nothing on the way or answered within an interval, no pause ahead. */
	isIdle(now: number): boolean {
		const quiet = this.sent.every((entry) => entry.answeredAt <= now - this.intervalMs);
		return quiet && now >= this.pausedUntil && now >= this.dailyExhaustedUntil;
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
		if (!this.latestRemaining || sentAt >= this.latestRemaining.sentAt) {
			this.latestRemaining = { sentAt, remaining: limits.remaining, entry: slot as Sent };
		}
		const peak = this.peak;
		// Sent after the fullest count seen so far was answered, so it arrived later, yet it finds
		// less than half that count: HighLevel opened a new window in between.
		if (peak && sentAt >= peak.answeredAt && used < peak.used / 2) {
			this.fixedWindowSeen = true;
			this.window = { after: peak.sentAt, by: now };
			this.previousWindowForeign = Math.max(0, ...this.foreignSeen.map((seen) => seen.raw));
			this.foreignSeen = [];
			this.peak = { used, sentAt, answeredAt: now };
		} else if (!peak || used >= peak.used) {
			this.peak = { used, sentAt, answeredAt: now };
		}
		// The window that counted our first request began no later than its answer came; so did one
		// that counted a request sent after the window we knew had ended.
		if (!peak) this.window = { after: -Infinity, by: now };
		else if (this.window && sentAt >= this.window.by + this.intervalMs && !(slot as Sent).refused) {
			this.window = { after: this.window.by + this.intervalMs, by: now };
			this.peak = { used, sentAt, answeredAt: now };
		}
		const window = this.window && this.window.by > sentAt - this.intervalMs ? this.window : { after: sentAt - this.intervalMs, by: sentAt - this.intervalMs };
		// Ours that HighLevel may have counted with this one: those sent before it, and those sent after
		// it whose answers are back (they may have overtaken it). Ours still on the way that left after it
		// are taken as not counted yet: taking them as counted hides others' use whenever many are on the
		// way (half a second each under a busy CPU), and a worker that wrongly thinks itself alone bursts.
		// A sliding window holds those that may have arrived within the interval before this one: any
		// answered after that interval began.
		let oursInWindow = 0;
		let oursInInterval = 0;
		for (const entry of this.sent) {
			if (entry.refused) continue;
			if (entry.sentAt > sentAt && entry.answeredAt === Infinity) continue;
			if (entry.sentAt > window.after) oursInWindow++;
			if (entry.answeredAt > sentAt - this.intervalMs) oursInInterval++;
		}
		const ours = this.fixedWindowSeen ? oursInWindow : Math.max(oursInWindow, oursInInterval);
		const foreign = Math.max(0, used - ours);
		if (ours > 0 && foreign >= FOREIGN_NOISE) this.othersPerOurs = foreign / ours;
		// Early in a window others have spent only part of their share: scale it to the whole window.
		const elapsed = Math.min(this.intervalMs, Math.max(now - window.by, this.intervalMs / 4));
		const perWindow = foreign < FOREIGN_NOISE ? foreign : (foreign * this.intervalMs) / elapsed;
		const settled = now - window.by >= this.intervalMs / 4;
		this.foreignSeen.push({ at: now, perWindow: Math.min(perWindow, this.max - 1), raw: foreign, settled });
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
			// The window ends an interval after it began. When no answer has shown where it began, it was
			// spent before this request came: come back when another worker alone would have spent a
			// quarter of the next one, early enough to be counted and seen.
			const phaseKnown = this.window && this.window.after !== -Infinity && this.window.by + this.intervalMs > now;
			const windowEnd = phaseKnown ? this.window!.by + this.intervalMs : now + (this.intervalMs * (ALONE_SPREAD - 1)) / ALONE_SPREAD;
			if (!phaseKnown) this.window = { after: -Infinity, by: windowEnd - this.intervalMs };
			const waitMs = windowEnd - now + Math.random() * (this.intervalMs / this.max);
			this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
			return { waitMs };
		}
		return { waitMs: Math.min(this.intervalMs, 250 * 2 ** attempt) };
	}
}
