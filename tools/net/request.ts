/** One HTTP(S) request with Node's own client, trusting `ca` where given (fetch trusts only what the process started with). */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface SimpleResponse {
	status: number;
	text: string;
}

export function sendRequest(url: string, options: { method?: string; body?: string; headers?: Record<string, string>; ca?: string } = {}): Promise<SimpleResponse> {
	const target = new URL(url);
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(target, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, timeout: 60_000 }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
		});
		req.on('timeout', () => req.destroy(new Error(`${url}: no answer within 60 s`)));
		req.on('error', reject);
		req.end(options.body);
	});
}
