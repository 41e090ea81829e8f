/** What HighLevel's rate-limit headers say, as numbers (absent when a header is missing or not a number). */
export interface RateLimitHeaders {
	max?: number;
	remaining?: number;
	intervalMs?: number;
	dailyLimit?: number;
	dailyRemaining?: number;
	retryAfterMs?: number;
}

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
