import { RateLimiter, readRateLimitHeaders } from '../../nodes/HighLevelWorkflows/transport/rateLimiter';

const headers = (max: number, remaining: number, intervalMs: number, dailyRemaining = 1000) =>
	readRateLimitHeaders({
		'x-ratelimit-max': String(max),
		'x-ratelimit-remaining': String(remaining),
		'x-ratelimit-interval-milliseconds': String(intervalMs),
		'x-ratelimit-limit-daily': '10000',
		'x-ratelimit-daily-remaining': String(dailyRemaining),
	});

async function sendTimes(limiter: RateLimiter, count: number): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const slot = await limiter.acquire(Date.now() + 10_000);
		if (!('sentAt' in slot)) throw new Error(`refused: ${JSON.stringify(slot)}`);
		times.push(slot.sentAt);
	}
	return times;
}

describe('RateLimiter', () => {
	it('reads the x-ratelimit headers HighLevel sends, in any letter case', () => {
		expect(
			readRateLimitHeaders({
				'X-RateLimit-Max': '25',
				'x-ratelimit-remaining': '3',
				'x-ratelimit-interval-milliseconds': '10000',
				'x-ratelimit-limit-daily': '10000',
				'x-ratelimit-daily-remaining': '9000',
				'retry-after': '2',
			}),
		).toEqual({ max: 25, remaining: 3, intervalMs: 10000, dailyLimit: 10000, dailyRemaining: 9000, retryAfterMs: 2000 });
	});

	it('never lets more than max requests start within one interval once the headers are known', async () => {
		const limiter = new RateLimiter();
		const first = await limiter.acquire(Date.now() + 1000);
		limiter.observe(headers(4, 3, 300), 'sentAt' in first ? first.sentAt : 0);
		const times = [('sentAt' in first ? first.sentAt : 0), ...(await sendTimes(limiter, 8))];
		for (let i = 4; i < times.length; i++) {
			expect(times[i] - times[i - 4]).toBeGreaterThanOrEqual(300);
		}
	});

	it('refuses at once when waiting would pass the deadline', async () => {
		const limiter = new RateLimiter();
		limiter.observe(headers(1, 0, 60_000), Date.now());
		await limiter.acquire(Date.now() + 10);
		const started = Date.now();
		expect(await limiter.acquire(Date.now() + 50)).toEqual({ refused: 'wait' });
		expect(Date.now() - started).toBeLessThan(40);
	});

	it('fails fast once the daily allowance is spent', async () => {
		const limiter = new RateLimiter();
		const backoff = limiter.onTooManyRequests(headers(100, 0, 10_000, 0), Date.now(), 0);
		expect(backoff).toEqual({ refused: 'daily', dailyLimit: 10000 });
		expect(await limiter.acquire(Date.now() + 60_000)).toEqual({ refused: 'daily', dailyLimit: 10000 });
	});

	it('pauses the whole bucket for the interval after a 429 with no budget left', async () => {
		const limiter = new RateLimiter();
		const backoff = limiter.onTooManyRequests(headers(10, 0, 200), Date.now(), 0);
		expect('waitMs' in backoff && backoff.waitMs).toBeGreaterThanOrEqual(200);
		const started = Date.now();
		await limiter.acquire(Date.now() + 5000);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('backs off only the one request after a 429 that still shows budget', () => {
		const limiter = new RateLimiter();
		expect(limiter.onTooManyRequests(headers(10, 6, 10_000), Date.now(), 0)).toEqual({ waitMs: 250 });
		expect(limiter.onTooManyRequests(headers(10, 6, 10_000), Date.now(), 2)).toEqual({ waitMs: 1000 });
	});

	it("honours Retry-After when HighLevel sends one", () => {
		const limiter = new RateLimiter();
		const limits = { ...headers(10, 0, 10_000), retryAfterMs: 1500 };
		expect(limiter.onTooManyRequests(limits, Date.now(), 0)).toEqual({ waitMs: 1500 });
	});

	it('sends a burst while it is alone on the bucket', async () => {
		const limiter = new RateLimiter();
		const slot = await limiter.acquire(Date.now() + 1000);
		limiter.observe(headers(10, 9, 1000), 'sentAt' in slot ? slot.sentAt : 0);
		const started = Date.now();
		await sendTimes(limiter, 9);
		expect(Date.now() - started).toBeLessThan(50);
	});

	it('gives up the share of the window that other clients spend, spreading its own evenly', async () => {
		const limiter = new RateLimiter();
		const slot = await limiter.acquire(Date.now() + 1000);
		// We sent 1 request, yet HighLevel counts 8 of 10 used: 7 came from elsewhere.
		limiter.observe(headers(10, 2, 600), 'sentAt' in slot ? slot.sentAt : 0);
		const times = ['sentAt' in slot ? slot.sentAt : 0, ...(await sendTimes(limiter, 3))];
		// Capacity 3 per 600 ms, one every 200 ms rather than all at once.
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(195);
		expect(times[3] - times[0]).toBeGreaterThanOrEqual(600);
	});

	it('spreads its requests after a 429 that found the window spent by others', async () => {
		const limiter = new RateLimiter();
		const slot = await limiter.acquire(Date.now() + 1000);
		limiter.onTooManyRequests(headers(5, 0, 250), 'sentAt' in slot ? slot.sentAt : 0, 0);
		const times = await sendTimes(limiter, 3);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(45);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(45);
	});
});

describe('RateLimiter with answers out of order', () => {
	it('does not mistake its own requests that overtook an earlier one for another client', async () => {
		const limiter = new RateLimiter();
		const slots = [];
		for (let i = 0; i < 10; i++) slots.push(await limiter.acquire(Date.now() + 1000));
		const first = slots[0];
		// The first request's answer comes last: HighLevel had counted all 10 of ours by then.
		limiter.observe(headers(100, 90, 10_000), 'sentAt' in first ? first.sentAt : 0);
		const started = Date.now();
		await sendTimes(limiter, 20);
		expect(Date.now() - started).toBeLessThan(50);
	});
});
