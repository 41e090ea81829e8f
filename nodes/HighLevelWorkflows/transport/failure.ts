import type { HighLevelResponse } from './response';
import { toHighLevelResponse } from './response';

/**
 * What went wrong when no usable HTTP answer came back.
 * - notSent: the request certainly never reached HighLevel (refused, no DNS), so a retry is safe.
 * - timeout / broken: it may have been carried out; only idempotent requests are retried.
 * - cancelled: the execution was stopped.
 * - http: an HTTP answer the helper threw instead of returning (OAuth2 401 after its refresh try).
 */
export type Failure =
	| { kind: 'notSent'; code: string }
	| { kind: 'timeout'; code: string }
	| { kind: 'broken'; code: string }
	| { kind: 'cancelled'; code: string }
	| { kind: 'http'; response: HighLevelResponse };

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

interface ErrorLike {
	code?: unknown;
	message?: unknown;
	name?: unknown;
	cause?: unknown;
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

function chain(error: unknown): ErrorLike[] {
	const links: ErrorLike[] = [];
	let current = error as ErrorLike | undefined;
	while (current && typeof current === 'object' && links.length < 5) {
		links.push(current);
		current = current.cause as ErrorLike | undefined;
	}
	return links;
}

export function classifyFailure(error: unknown): Failure {
	const links = chain(error);
	const withResponse = links.find((link) => typeof link.response?.status === 'number');
	if (withResponse?.response?.status) {
		const { status, headers, data } = withResponse.response;
		return { kind: 'http', response: toHighLevelResponse({ statusCode: status, headers, body: data }) };
	}
	const codes = links.map((link) => (typeof link.code === 'string' ? link.code : '')).filter(Boolean);
	const messages = links.map((link) => String(link.message ?? '')).join(' | ');
	const code = codes[0] ?? 'UNKNOWN';
	if (codes.includes('ERR_CANCELED') || links.some((link) => link.name === 'AbortError')) {
		return { kind: 'cancelled', code };
	}
	const notSent = codes.find((c) => NOT_SENT.has(c));
	if (notSent) return { kind: 'notSent', code: notSent };
	const timeout = codes.find((c) => TIMEOUT.has(c));
	if (timeout || /timeout|timed out/i.test(messages)) return { kind: 'timeout', code: timeout ?? 'ETIMEDOUT' };
	return { kind: 'broken', code };
}
