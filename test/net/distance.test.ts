/** The sandbox over HTTPS, and the proxy that puts HighLevel at a distance: every round trip pays the delay. */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

import { startDelayProxy, type DelayProxy } from '../../tools/net/delayProxy';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN } from '../../tools/sandbox/fixtures';
import { startSandbox, type Sandbox } from '../../tools/sandbox/server';

let sandbox: Sandbox;
let proxy: DelayProxy;
const DELAY_MS = 50;

beforeAll(async () => {
	sandbox = await startSandbox({ https: true, rateLimit: false });
	proxy = await startDelayProxy({ host: '127.0.0.1', port: sandbox.port }, DELAY_MS);
});
afterAll(async () => {
	await proxy.close();
	await sandbox.close();
});

/** GET /workflows/ through the proxy on a new connection (no keep-alive), trusting the sandbox's CA only. */
function listWorkflows(port: number): Promise<{ status: number; body: string; ms: number }> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				path: `/workflows/?locationId=${DEFAULT_LOCATION_ID}`,
				headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, version: '2021-07-28', accept: 'application/json' },
				ca: readFileSync(sandbox.caFile!),
				agent: false,
			},
			(res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
			},
		);
		req.on('error', reject);
		req.end();
	});
}

describe('HighLevel at a distance', () => {
	it('answers over HTTPS with a certificate for 127.0.0.1 that its own CA signed', async () => {
		expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const direct = await listWorkflows(sandbox.port);
		expect(direct.status).toBe(200);
		expect(JSON.parse(direct.body).workflows.length).toBeGreaterThan(0);
	});

	it('makes a new HTTPS connection pay three round trips before the answer: TCP, TLS and the request', async () => {
		const far = await listWorkflows(proxy.port);
		expect(far.status).toBe(200);
		expect(far.ms).toBeGreaterThanOrEqual(3 * 2 * DELAY_MS);
		expect(proxy.connections).toBe(1);
	});
});
