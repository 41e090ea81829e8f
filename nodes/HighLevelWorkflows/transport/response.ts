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
