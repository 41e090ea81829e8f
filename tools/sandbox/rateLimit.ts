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

/** Opened by the first counted request after the previous one expired. */
interface FixedWindow {
	start: number;
	count: number;
}

const used = (window: FixedWindow, lengthMs: number, now: number): number => (now >= window.start + lengthMs ? 0 : window.count);

function countIn(window: FixedWindow, lengthMs: number, now: number): void {
	if (now >= window.start + lengthMs) Object.assign(window, { start: now, count: 0 });
	window.count++;
}

interface KeyState {
	burst: FixedWindow;
	/** Arrival times within the sliding interval, oldest first. */
	log: number[];
	day: FixedWindow;
}

export class RateLimiter {
	private config: RateLimitConfig = { ...DEFAULT_RATE_LIMIT };
	private enabled = true;
	/** Empty while limiting is off. */
	private readonly keys = new Map<string, KeyState>();

	constructor(options: RateLimitOptions | false = {}) {
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
	check(key: string, now: number): 'ok' | 'burst' | 'daily' {
		const state = this.keys.get(key);
		if (!state) return 'ok';
		if (used(state.day, DAY_MS, now) >= this.config.daily) return 'daily';
		return this.burstUsed(state, now) >= this.config.max ? 'burst' : 'ok';
	}

	/** Counts one request against the key. */
	consume(key: string, now: number): void {
		if (!this.enabled) return;
		let state = this.keys.get(key);
		if (!state) {
			state = { burst: { start: now, count: 0 }, log: [], day: { start: now, count: 0 } };
			this.keys.set(key, state);
		}
		countIn(state.day, DAY_MS, now);
		if (this.config.mode === 'fixed') countIn(state.burst, this.config.intervalMs, now);
		else {
			this.burstUsed(state, now);
			state.log.push(now);
		}
	}

	/** The five x-ratelimit-* headers for this key as of now; `key` null means an unknown caller. */
	headers(key: string | null, now: number): Record<string, string> {
		const state = key === null ? undefined : this.keys.get(key);
		const { max, daily } = this.enabled ? this.config : UNLIMITED;
		return {
			'x-ratelimit-max': String(max),
			'x-ratelimit-remaining': String(Math.max(0, max - (state ? this.burstUsed(state, now) : 0))),
			'x-ratelimit-interval-milliseconds': String(this.config.intervalMs),
			'x-ratelimit-limit-daily': String(daily),
			'x-ratelimit-daily-remaining': String(Math.max(0, daily - (state ? used(state.day, DAY_MS, now) : 0))),
		};
	}

	/** Requests counted in the burst interval as of now; in sliding mode it drops those that have left it. */
	private burstUsed(state: KeyState, now: number): number {
		if (this.config.mode === 'fixed') return used(state.burst, this.config.intervalMs, now);
		const cutoff = now - this.config.intervalMs;
		while (state.log.length > 0 && state.log[0] <= cutoff) state.log.shift();
		return state.log.length;
	}
}
