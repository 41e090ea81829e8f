/** The sandbox's side of the wire: writing a JSON answer, and recording a request as it came in. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue, RecordedRequest } from './types';

export function sendJson(res: ServerResponse, reply: { status: number; body: unknown; headers?: Record<string, string> }): void {
	const body = JSON.stringify(reply.body);
	res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...reply.headers });
	res.end(body);
}

/** A request as received, not yet answered (status 0). */
export function recordOf(req: IncomingMessage, path: string, query: URLSearchParams, text: string | null, at: number): RecordedRequest {
	return { method: req.method ?? 'GET', path, query: Object.fromEntries(query), headers: req.headers, body: parseRecordedBody(text), status: 0, at };
}

function parseRecordedBody(text: string | null): JsonValue | string | undefined {
	if (text === null) return '[body too large]';
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as JsonValue;
	} catch {
		return text;
	}
}
