/**
 * Where the trigger tests' workflows report each run: an HTTP server on 127.0.0.1 that records every
 * POSTed `{ via, webhookId }` and when it came. One POST is one execution that reached its end.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sleep } from '../process/time';

export interface SinkRecord {
	/** Which workflow reported it: `trigger`, `webhook` (n8n's Webhook node) or `example`. */
	via: string;
	webhookId: string;
	at: number;
}

export interface Sink {
	url: string;
	records: SinkRecord[];
	/** Records of one workflow since `since` (epoch ms). */
	of(via: string, since?: number): SinkRecord[];
	/** Waits until `count` records of `via` came since `since`, or `timeoutMs` passed; returns them. */
	waitFor(via: string, count: number, options: { since?: number; timeoutMs: number; quietMs?: number }): Promise<SinkRecord[]>;
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const records: SinkRecord[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			try {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<SinkRecord>;
				records.push({ via: String(body.via), webhookId: String(body.webhookId), at: Date.now() });
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			} catch {
				res.writeHead(400, { 'content-type': 'application/json' }).end('{"ok":false}');
			}
		});
	});
	server.keepAliveTimeout = 65_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const of = (via: string, since = 0) => records.filter((record) => record.via === via && record.at >= since);
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/runs`,
		records,
		of,
		async waitFor(via, count, { since = 0, timeoutMs, quietMs = 0 }) {
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline && of(via, since).length < count) await sleep(100);
			// Extra runs (a replay that got through) would come after the expected ones: give them time.
			if (quietMs > 0) await sleep(quietMs);
			return of(via, since);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
