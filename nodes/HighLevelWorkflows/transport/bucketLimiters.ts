import { IdleMap } from './idleMap';
import { RateLimiter } from './rateLimiter';

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
