/**
 * Several n8n workers, each with its own RateLimiter, spending one HighLevel bucket, in fake time:
 * the sandbox's own rate-limit model answers, with a network delay each way. For the limiter's
 * sharing tests and for trying pacing changes in seconds rather than queue-mode runs.
 */
import { RateLimiter } from '../../nodes/HighLevelWorkflows/transport/rateLimiter';
import { readRateLimitHeaders } from '../../nodes/HighLevelWorkflows/transport/rateLimitHeaders';
import { RateLimiter as SandboxRateLimit, type RateLimitOptions } from '../sandbox/rateLimit';
import { FakeClock } from './fakeClock';

export interface SimWorker {
	/** Items this worker carries out. */
	items: number;
	/** Requests at once (the node's Max Concurrent Requests times the executions running). */
	concurrency?: number;
	/** Fake ms after the start at which it begins. */
	startAt?: number;
}

export async function simulateSharedBucket(options: {
	workers: SimWorker[];
	limit: RateLimitOptions & { max: number; intervalMs: number };
	/** One-way network delay in fake ms, for each request. */
	latencyMs?: (worker: number, n: number) => number;
}) {
	const clock = new FakeClock();
	const start = clock.now();
	const server = new SandboxRateLimit({ mode: 'fixed', ...options.limit });
	const latency = options.latencyMs ?? (() => 2);
	const requests: Array<{ worker: number; sentAt: number; arrivedAt: number; status: 200 | 429 }> = [];
	const finishedAt: number[] = [];
	let n = 0;

	const runWorker = async (spec: SimWorker, index: number) => {
		if (spec.startAt) await clock.sleep(spec.startAt);
		const limiter = new RateLimiter(clock);
		let next = 0;
		const lane = async () => {
			while (next < spec.items) {
				next++;
				for (let attempt = 0; ; attempt++) {
					const slot = await limiter.acquire(clock.now() + 3_600_000);
					if (!('sentAt' in slot)) throw new Error(`refused: ${JSON.stringify(slot)}`);
					await clock.sleep(latency(index, n++));
					const arrivedAt = clock.now();
					const ok = server.check('bucket', arrivedAt) === 'ok';
					if (ok) server.consume('bucket', arrivedAt);
					const headers = readRateLimitHeaders(server.headers('bucket', arrivedAt));
					requests.push({ worker: index, sentAt: slot.sentAt, arrivedAt, status: ok ? 200 : 429 });
					await clock.sleep(latency(index, n++));
					if (ok) {
						limiter.observe(headers, slot);
						break;
					}
					const backoff = limiter.onTooManyRequests(headers, slot, attempt);
					if (!('waitMs' in backoff)) throw new Error('daily refusal');
					await clock.sleep(backoff.waitMs);
				}
			}
		};
		await Promise.all(Array.from({ length: spec.concurrency ?? 10 }, lane));
		finishedAt[index] = clock.now();
	};

	await clock.run(Promise.all(options.workers.map(runWorker)));
	const ok = requests.filter((request) => request.status === 200);
	return {
		requests,
		/** Fake ms from the first request's arrival to the last successful one's. */
		spanMs: ok[ok.length - 1].arrivedAt - requests[0].arrivedAt,
		tooMany: requests.length - ok.length,
		/** Per worker, when its last item was carried out. */
		finishedAt,
		start,
	};
}

/** The floor no client can beat: a full burst per window, (⌈items ÷ max⌉ − 1) windows from first to last. */
export function floorMs(items: number, max: number, intervalMs: number): number {
	return (Math.ceil(items / max) - 1) * intervalMs;
}
