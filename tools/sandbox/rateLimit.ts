export interface RateLimitOptions {
	/** Requests allowed per burst interval. Default 100. */
	max?: number;
	/** Burst interval. Default 10,000 ms. */
	intervalMs?: number;
	/** Requests allowed per day. Default 200,000. */
	daily?: number;
	/**
	 * `fixed`: a window opens at the first counted request after the previous one expired.
	 * `sliding`: a rolling log of the last intervalMs. Default `fixed`.
	 */
	mode?: 'fixed' | 'sliding';
}

export type RateLimitConfig = Required<RateLimitOptions>;

export const DEFAULT_RATE_LIMIT: RateLimitConfig = {
	max: 100,
	intervalMs: 10_000,
	daily: 200_000,
	mode: 'fixed',
};

/** The daily limit's window: fixed, opened by the first counted request. */
const DAY_MS = 86_400_000;

/** What the headers say when limiting is off: large numbers that never go down. */
const UNLIMITED = { max: 1_000_000, daily: 1_000_000_000 };

export type RateHeaders = Record<string, string>;

interface FixedWindow {
	start: number;
	count: number;
}

interface KeyState {
	burst: FixedWindow;
	/** Arrival times within the sliding interval, oldest first, from index `head`. */
	log: number[];
	head: number;
	day: FixedWindow;
}

export type RateVerdict = 'ok' | 'burst' | 'daily';

export class RateLimiter {
	private config: RateLimitConfig;
	private enabled: boolean;
	private readonly keys = new Map<string, KeyState>();

	constructor(options: RateLimitOptions | false = {}) {
		this.config = { ...DEFAULT_RATE_LIMIT };
		this.enabled = true;
		this.configure(options);
	}

	/** Replaces the limits and starts fresh windows for every key. */
	configure(options: RateLimitOptions | false): void {
		this.enabled = options !== false;
		this.config = options === false ? { ...DEFAULT_RATE_LIMIT } : { ...DEFAULT_RATE_LIMIT, ...options };
		this.keys.clear();
	}

	get settings(): RateLimitConfig | false {
		return this.enabled ? { ...this.config } : false;
	}

	reset(): void {
		this.keys.clear();
	}

	/** Would a request for this key be allowed now? Counts nothing. */
	check(key: string, now: number): RateVerdict {
		if (!this.enabled) return 'ok';
		const state = this.keys.get(key);
		if (!state) return 'ok';
		if (this.dayUsed(state, now) >= this.config.daily) return 'daily';
		if (this.burstUsed(state, now) >= this.config.max) return 'burst';
		return 'ok';
	}

	/** Counts one request against the key. */
	consume(key: string, now: number): void {
		if (!this.enabled) return;
		let state = this.keys.get(key);
		if (!state) {
			state = { burst: { start: now, count: 0 }, log: [], head: 0, day: { start: now, count: 0 } };
			this.keys.set(key, state);
		}
		if (now >= state.day.start + DAY_MS) state.day = { start: now, count: 0 };
		state.day.count++;
		if (this.config.mode === 'fixed') {
			if (now >= state.burst.start + this.config.intervalMs) state.burst = { start: now, count: 0 };
			state.burst.count++;
		} else {
			this.prune(state, now);
			state.log.push(now);
		}
	}

	/** The five x-ratelimit-* headers for this key as of now; `key` null means an unknown caller. */
	headers(key: string | null, now: number): RateHeaders {
		if (!this.enabled) {
			return this.format(UNLIMITED.max, UNLIMITED.max, UNLIMITED.daily, UNLIMITED.daily);
		}
		const state = key === null ? undefined : this.keys.get(key);
		const burstUsed = state ? this.burstUsed(state, now) : 0;
		const dayUsed = state ? this.dayUsed(state, now) : 0;
		return this.format(
			this.config.max,
			Math.max(0, this.config.max - burstUsed),
			this.config.daily,
			Math.max(0, this.config.daily - dayUsed),
		);
	}

	private format(max: number, remaining: number, daily: number, dailyRemaining: number): RateHeaders {
		return {
			'x-ratelimit-max': String(max),
			'x-ratelimit-remaining': String(remaining),
			'x-ratelimit-interval-milliseconds': String(this.config.intervalMs),
			'x-ratelimit-limit-daily': String(daily),
			'x-ratelimit-daily-remaining': String(dailyRemaining),
		};
	}

	private dayUsed(state: KeyState, now: number): number {
		return now >= state.day.start + DAY_MS ? 0 : state.day.count;
	}

	private burstUsed(state: KeyState, now: number): number {
		if (this.config.mode === 'fixed') {
			return now >= state.burst.start + this.config.intervalMs ? 0 : state.burst.count;
		}
		this.prune(state, now);
		return state.log.length - state.head;
	}

	private prune(state: KeyState, now: number): void {
		const cutoff = now - this.config.intervalMs;
		while (state.head < state.log.length && state.log[state.head] <= cutoff) state.head++;
		// Compact now and then so the log does not grow without bound.
		if (state.head > 1024 && state.head * 2 > state.log.length) {
			state.log = state.log.slice(state.head);
			state.head = 0;
		}
	}
}
