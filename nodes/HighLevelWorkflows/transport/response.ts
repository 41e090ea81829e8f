/** What came back from HighLevel: an HTTP answer, read into one shape, or a failure to get one. */
import type { IDataObject } from 'n8n-workflow';

export interface HighLevelResponse {
	status: number;
	headers: Record<string, unknown>;
	/** The parsed JSON body; undefined when the body was empty or not JSON. */
	body?: IDataObject;
	/** The body as received, for messages about bodies that are not JSON. */
	text: string;
}

interface FullResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

export function toHighLevelResponse(raw: FullResponse): HighLevelResponse {
	const text =
		typeof raw.body === 'string'
			? raw.body
			: raw.body === undefined || raw.body === null
				? ''
				: Buffer.isBuffer(raw.body)
					? raw.body.toString('utf8')
					: JSON.stringify(raw.body);
	let body: IDataObject | undefined;
	if (typeof raw.body === 'object' && raw.body !== null && !Buffer.isBuffer(raw.body)) {
		body = raw.body as IDataObject;
	} else if (text.trim().startsWith('{')) {
		try {
			body = JSON.parse(text) as IDataObject;
		} catch {
			body = undefined;
		}
	}
	return { status: raw.statusCode, headers: raw.headers ?? {}, body, text };
}

/** HighLevel's error text: a string, or an array of strings on 422. */
export function highLevelMessage(response: HighLevelResponse): string | undefined {
	const message = response.body?.message;
	if (Array.isArray(message)) return message.map(String).join('; ');
	if (typeof message === 'string' && message.trim()) return message.trim();
	const error = response.body?.error;
	return typeof error === 'string' && error.trim() ? error.trim() : undefined;
}

export function traceIdOf(response: HighLevelResponse): string | undefined {
	const fromBody = response.body?.traceId;
	if (typeof fromBody === 'string' && fromBody) return fromBody;
	const fromHeader = response.headers['x-trace-id'] ?? response.headers['traceid'];
	return typeof fromHeader === 'string' && fromHeader ? fromHeader : undefined;
}

/** A short, safe excerpt of a body that is not JSON (an edge's HTML error page, say). */
export function describeNonJsonBody(response: HighLevelResponse): string {
	const text = response.text.trim();
	if (!text) return 'an empty body';
	const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1] ?? /<h1>([^<]{1,120})<\/h1>/i.exec(text)?.[1];
	if (title) return `an HTML page ("${title.trim()}")`;
	const contentType = String(response.headers['content-type'] ?? 'unknown type');
	return `a body that is not JSON (${contentType.split(';')[0]}: "${text.slice(0, 60).replace(/\s+/g, ' ')}")`;
}

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
	/** n8n-workflow 1.x's NodeApiError keeps only this of the network error's code (it drops `cause`). */
	httpCode?: unknown;
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
	const codes = links
		.flatMap((link) => [link.code, typeof link.httpCode === 'string' && !/^\d+$/.test(link.httpCode) ? link.httpCode : undefined])
		.filter((code): code is string => typeof code === 'string' && code !== '');
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

/**
 * Whether an error thrown by n8n's OAuth2 request came from refreshing the token rather than from
 * HighLevel's API: n8n's "needs to be reconnected" error (invalid_grant), an OAuth error answer
 * (code EAUTH), or a failed request to another address than ours (the token endpoint). Says why.
 */
export function tokenRefreshFailure(error: unknown, requestUrl: string): { message: string; code?: string } | undefined {
	for (const link of chain(error)) {
		if (link.name === 'NodeOperationError' && /reconnect/i.test(String(link.message))) {
			return { message: 'HighLevel refused the refresh token', code: 'invalid_grant' };
		}
		const body = (link as { body?: { error?: unknown } }).body;
		if (link.code === 'EAUTH') {
			// n8n-core 1.x passes client-oauth2's invalid_grant on as it is (2.x: the "reconnect" error above).
			const code = String(body?.error ?? link.message);
			return { message: code === 'invalid_grant' ? 'HighLevel refused the refresh token' : 'HighLevel refused the refresh', code };
		}
		const url = (link as { config?: { url?: unknown } }).config?.url;
		if (typeof url === 'string' && url !== requestUrl && !url.startsWith(`${requestUrl}?`)) {
			const status = link.response?.status;
			// Error codes stay out of messages: n8n swaps a message naming ECONNREFUSED & co. for a generic one.
			return status
				? { message: `the token endpoint answered HTTP ${status}` }
				: { message: 'the token endpoint could not be reached', code: typeof link.code === 'string' ? link.code : undefined };
		}
		if (link.code === 'ESTATUS') return { message: `the token endpoint answered ${String(link.message)}` };
	}
	return undefined;
}
