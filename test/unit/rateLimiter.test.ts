import { RateLimiter, type Slot } from '../../nodes/HighLevelWorkflows/transport/rateLimiter';
import { readRateLimitHeaders } from '../../nodes/HighLevelWorkflows/transport/rateLimitHeaders';
import { FakeClock } from '../../tools/clock/fakeClock';
import { floorMs, simulateSharedBucket } from '../../tools/clock/sharedBucket';

const headers = (max: number, remaining: number, intervalMs: number) =>
	readRateLimitHeaders({
		'x-ratelimit-max': String(max),
		'x-ratelimit-remaining': String(remaining),
		'x-ratelimit-interval-milliseconds': String(intervalMs),
		'x-ratelimit-limit-daily': '10000',
		'x-ratelimit-daily-remaining': '1000',
	});

function taken(slot: Slot | { refused: string }): Slot {
	if (!('sentAt' in slot)) throw new Error(`refused: ${JSON.stringify(slot)}`);
	return slot;
}

describe('RateLimiter', () => {
	let clock: FakeClock;
	let limiter: RateLimiter;
	beforeEach(() => {
		clock = new FakeClock();
		limiter = new RateLimiter(clock);
	});

	/**
	 * Sends `count` requests one after another, each answered `rttMs` later with what `answer` says (it
	 * sees the send times so far), then waits `pauseMs(i)` before the next.
	 */
	async function sendAll(
		count: number,
		answer: (i: number, sentAt: number[]) => ReturnType<typeof headers>,
		rttMs = 0,
		pauseMs: (i: number) => number = () => 0,
	) {
		const times: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < count; i++) {
					const slot = taken(await limiter.acquire(clock.now() + 3_600_000));
					times.push(slot.sentAt);
					await clock.sleep(rttMs);
					limiter.observe(answer(i, times), slot);
					await clock.sleep(pauseMs(i));
				}
			})(),
		);
		return times;
	}

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

	it('sends one request first, and more only once its answer told the bucket', async () => {
		const first = taken(await limiter.acquire(clock.now() + 1000));
		const second = limiter.acquire(clock.now() + 1000);
		const secondAt = await clock.run(
			(async () => {
				await clock.sleep(30);
				limiter.observe(headers(10, 9, 1000), first);
				return taken(await second).sentAt;
			})(),
		);
		expect(secondAt).toBeGreaterThanOrEqual(first.sentAt + 30);
	});

	it('never lets more than max requests start within an interval of an earlier one being answered while HighLevel shows no room', async () => {
		const rtt = 7;
		// HighLevel counts every request that arrived within the last 300 ms (a sliding window of 4);
		// a request arrives half a round trip after it was sent.
		const times = await sendAll(
			13,
			(_, sentAt) => {
				const arrived = clock.now() - rtt / 2;
				return headers(4, 4 - sentAt.filter((sent) => sent + rtt / 2 > arrived - 300).length, 300);
			},
			rtt,
		);
		for (let i = 4; i < times.length; i++) expect(times[i] - (times[i - 4] + rtt)).toBeGreaterThanOrEqual(300);
		// ...and no later than it needs to: each window after the first opens as soon as that allows
		// (the count read as another client's use held them up to 1.2 s before).
		for (let i = 4; i < times.length; i++) expect(times[i] - (times[i - 4] + rtt)).toBeLessThanOrEqual(305);
	});

	it('opens the whole of a fixed window once HighLevel counts from 1 again, however slowly the last one went out', async () => {
		const rtt = 5;
		// A fixed window of 10 per 1000 ms. The first window's requests leave 90 ms apart (a busy
		// process); the second's as fast as the limiter lets them.
		const sentAt = await sendAll(20, (i) => headers(10, 9 - (i % 10), 1000), rtt, (i) => (i < 9 ? 90 : 0));
		expect(sentAt[9] - sentAt[0]).toBeGreaterThanOrEqual(800);
		// The second window opens an interval after the first request's answer, with no fixed margin...
		expect(sentAt[10] - (sentAt[0] + rtt)).toBeGreaterThanOrEqual(1000);
		expect(sentAt[10] - (sentAt[0] + rtt)).toBeLessThanOrEqual(1010);
		// ...and, once its first answer shows the count began again, goes out within its first quarter.
		expect(sentAt[19] - sentAt[10]).toBeLessThanOrEqual(250 + rtt);
	});

	it('pauses the whole bucket after a 429 on a spent window, coming back early in the next one', async () => {
		const slot = taken(await limiter.acquire(clock.now() + 10));
		// Nothing told where the window began: it was spent before this request, by a worker that
		// spends a window in its first quarter; the next one opens within three quarters of an interval.
		const backoff = limiter.onTooManyRequests(headers(10, 0, 200), slot, 0);
		expect('waitMs' in backoff && backoff.waitMs).toBeGreaterThanOrEqual(150);
		expect('waitMs' in backoff && backoff.waitMs).toBeLessThanOrEqual(150 + 20);
		const started = clock.now();
		await clock.run(limiter.acquire(clock.now() + 5000));
		expect(clock.now() - started).toBeGreaterThanOrEqual(150);
	});

	it('backs off only the one request after a 429 that still shows budget, and honours Retry-After', async () => {
		const slot = taken(await limiter.acquire(clock.now() + 10));
		expect(limiter.onTooManyRequests(headers(10, 6, 10_000), slot, 0)).toEqual({ waitMs: 250 });
		expect(limiter.onTooManyRequests(headers(10, 6, 10_000), slot, 2)).toEqual({ waitMs: 1000 });
		expect(limiter.onTooManyRequests({ ...headers(10, 0, 10_000), retryAfterMs: 1500 }, slot, 0)).toEqual({ waitMs: 1500 });
	});

	it('spends a window within its first quarter while alone on the bucket', async () => {
		const times = await sendAll(10, (i) => headers(10, 9 - i, 1000));
		expect(times[9] - times[0]).toBeLessThanOrEqual(250);
	});

	it('gives up the share of the window that other clients spend, spreading its own evenly', async () => {
		// We sent 1 request, yet HighLevel counts 8 of 10 used: 7 came from elsewhere.
		const times = await sendAll(4, (i) => headers(10, i === 0 ? 2 : 1, 600));
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(150);
	});

	it('sees another client\'s use while many of its own requests are still on the way, and spreads the rest of the window', async () => {
		limiter.observe(headers(25, 24, 1000), taken(await limiter.acquire(clock.now() + 10)));
		// Alone so far: ten go out within the window's first quarter, each on the way for 400 ms (a busy CPU).
		const slots: Slot[] = [];
		for (let i = 0; i < 10; i++) slots.push(taken(await clock.run(limiter.acquire(clock.now() + 1000))));
		await clock.run(clock.sleep(400 - (clock.now() - slots[0].sentAt)));
		// The first of them finds 4 counted: our 2 so far and 2 from elsewhere.
		limiter.observe(headers(25, 21, 1000), slots[0]);
		const answered = clock.now();
		const next: number[] = [];
		for (let i = 0; i < 2; i++) next.push(taken(await clock.run(limiter.acquire(clock.now() + 5000))).sentAt);
		// Alone it would send these 10 ms apart into the 14 its own count leaves; shared, it leaves the other
		// client its share, and that share has been sent while ours were on the way.
		expect(next[0] - answered).toBeGreaterThanOrEqual(100);
		expect(next[1] - next[0]).toBeGreaterThanOrEqual(100);
	});

	it('does not mistake its own requests that overtook an earlier one for another client', async () => {
		const warm = taken(await limiter.acquire(clock.now() + 10));
		limiter.observe(headers(100, 99, 10_000), warm);
		const slots: Slot[] = [];
		for (let i = 0; i < 10; i++) slots.push(taken(await clock.run(limiter.acquire(clock.now() + 1000))));
		// The first request's answer comes last: HighLevel had counted all 11 of ours by then.
		for (const slot of slots.reverse()) limiter.observe(headers(100, 89, 10_000), slot);
		const started = clock.now();
		await sendAll(20, () => headers(100, 80, 10_000));
		expect(clock.now() - started).toBeLessThan(2600);
	});
});

describe('RateLimiter: n8n workers sharing one bucket, without talking (fake time, the sandbox\'s fixed window unless said)', () => {
	const latencyMs = (_worker: number, n: number) => 1 + ((n * 7919) % 13);
	/** A run at 25 per second; the cases below share 600 items among their workers (hence `floor`). */
	const at25PerSecond = (workers: Array<{ items: number; startAt?: number }>, latency = latencyMs) =>
		simulateSharedBucket({ workers, limit: { max: 25, intervalMs: 1000 }, latencyMs: latency });
	const floor = floorMs(600, 25, 1000);
	const fourWorkers = Array.from({ length: 4 }, (_, i) => ({ items: 150, startAt: i * 37 }));

	// HighLevel does not document whether it counts in fixed or sliding windows: one worker reaches the
	// floor under either (a sliding count used to read as others' use once a window "ended": 1.7–1.9 ×).
	it.each([
		[25, 1000, 1000, 'fixed'],
		[100, 10_000, 1000, 'fixed'],
		[25, 1000, 1000, 'sliding'],
		[100, 10_000, 1000, 'sliding'],
		[10, 1000, 100, 'sliding'],
	] as const)('one worker at %i per %i ms, %i items, %s window: within 5 %% of the true floor, no 429', async (max, intervalMs, items, mode) => {
		const result = await simulateSharedBucket({ workers: [{ items }], limit: { max, intervalMs, mode }, latencyMs });
		expect(result.tooMany).toBe(0);
		expect(result.spanMs / floorMs(items, max, intervalMs)).toBeLessThanOrEqual(1.05);
	});

	it.each([
		[2, 25, 1000, 600],
		[4, 25, 1000, 600],
		[2, 100, 10_000, 1000],
		[4, 100, 10_000, 1000],
	])('%i workers at %i per %i ms: every item carried out, 429s under 1 %% of requests', async (workers, max, intervalMs, items) => {
		const result = await simulateSharedBucket({
			workers: Array.from({ length: workers }, (_, i) => ({ items: items / workers, startAt: i * 37 })),
			limit: { max, intervalMs },
			latencyMs,
		});
		expect(result.requests.filter((request) => request.status === 200)).toHaveLength(items);
		expect(result.tooMany / result.requests.length).toBeLessThan(0.01);
	});

	it('leaves 2 of a window unused, not 3, when one other worker shares the bucket: two workers at 25 per second within 12 % of the floor', async () => {
		const result = await at25PerSecond([{ items: 300 }, { items: 300, startAt: 37 }]);
		expect(result.tooMany).toBe(0);
		expect(result.spanMs / floor).toBeLessThanOrEqual(1.12);
	});

	it('leaves 4 of a window unused when three other workers share it: 4 workers at 25 per second with 8–104 ms trips draw no 429', async () => {
		const result = await at25PerSecond(fourWorkers, (worker, n) => latencyMs(worker, n) * 8);
		expect(result.tooMany).toBe(0);
		expect(result.spanMs / floor).toBeLessThanOrEqual(1.25);
	});

	it('takes a count made old by slow trips down by what every worker sent since: 4 workers at 25 per second with 100–300 ms trips draw under 3 % 429s', async () => {
		const result = await at25PerSecond(fourWorkers, (_worker, n) => 50 + ((n * 7919) % 101));
		expect(result.requests.filter((request) => request.status === 200)).toHaveLength(600);
		expect(result.tooMany / result.requests.length).toBeLessThan(0.03);
		expect(result.spanMs / floor).toBeLessThanOrEqual(1.35);
	});

	it('lets a worker that joins a running bucket in, without a 429 storm, and takes the bucket back when it stops', async () => {
		const result = await at25PerSecond([{ items: 500 }, { items: 100, startAt: 5000 }]);
		expect(result.tooMany).toBeLessThanOrEqual(5);
		// The second worker was let in: its 100 items did not wait for the first one's 500.
		expect(result.finishedAt[1]).toBeLessThan(result.finishedAt[0]);
		expect(result.spanMs / floor).toBeLessThanOrEqual(1.3);
	});

	it('takes the whole bucket back within an interval after the other worker stops', async () => {
		const result = await at25PerSecond([{ items: 100 }, { items: 500, startAt: 37 }]);
		const stopped = result.finishedAt[0];
		const second = result.requests.filter((r) => r.worker === 1 && r.status === 200 && r.arrivedAt >= stopped + 1000 && r.arrivedAt < stopped + 2000);
		expect(second.length).toBeGreaterThanOrEqual(22);
	});
});
