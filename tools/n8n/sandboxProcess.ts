/**
 * The HighLevel sandbox (tools/sandbox/cli.ts) as a child process, for `npm run dev` and the e2e tests.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ARTIFACTS_DIR, REPO_ROOT } from '../paths';
import { waitUntilReady } from '../process/net';
import { cleanEnv } from '../process/run';
import { spawnLogged } from '../process/spawnLogged';
import type { SandboxFileConfig } from '../sandbox/cli';
import type { IssuedTokens } from '../sandbox/oauth';
import type { SandboxConfig } from '../sandbox/options';

export type SandboxProcess = Awaited<ReturnType<typeof startSandboxProcess>>;

/**
 * A call to a sandbox's admin routes (/__sandbox/...); its JSON answer. Node's own client, trusting
 * `ca` where given (fetch trusts only what the process started with).
 */
export async function sandboxAdmin<T = unknown>(url: string, method: string, route: string, body?: unknown, ca?: string): Promise<T> {
	const target = new URL(`${url}/__sandbox/${route}`);
	const headers = body === undefined ? {} : { 'content-type': 'application/json' };
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
		const req = send(target, { method, headers, ca, timeout: 60_000 }, (res) => {
			let answer = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (answer += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: answer }));
		});
		req.on('timeout', () => req.destroy(new Error(`${target.href}: no answer within 60 s`)));
		req.on('error', reject);
		req.end(body === undefined ? undefined : JSON.stringify(body));
	});
	if (status >= 300) throw new Error(`sandbox ${method} ${route} → ${status}: ${text}`);
	return JSON.parse(text) as T;
}

export async function startSandboxProcess(
	options: { port?: number; config?: SandboxFileConfig; timeoutMs?: number; logFile?: string } = {},
) {
	const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
	const logFile = options.logFile ?? path.join(ARTIFACTS_DIR, `sandbox-${process.pid}.log`);
	const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'hl-sandbox-')), 'config.json');
	writeFileSync(configFile, JSON.stringify(options.config ?? {}));
	const child = spawnLogged(
		tsx,
		[path.join(REPO_ROOT, 'tools', 'sandbox', 'cli.ts'), '--port', String(options.port ?? 0), '--config', configFile],
		logFile,
		{ cwd: REPO_ROOT, env: cleanEnv() },
	);
	const listening = () => /HighLevel sandbox listening on (https?:\/\/\S+)/.exec(child.output())?.[1];
	await waitUntilReady({
		name: 'the sandbox',
		ready: async () => listening() !== undefined,
		exitCode: child.exitCode,
		output: child.output,
		logFile,
		timeoutMs: options.timeoutMs ?? 60_000,
		onTimeout: () => child.stop(5_000),
		pollMs: 100,
	});
	const url = listening()!;
	const caFile = /^ {2}ca: (\S+)$/m.exec(child.output())?.[1];
	const ca = caFile ? readFileSync(caFile, 'utf8') : undefined;
	const admin = (method: string, route: string, body?: unknown) => sandboxAdmin(url, method, route, body, ca);
	return {
		url,
		/** With --https: the CA file that signed its certificate (NODE_EXTRA_CA_CERTS for n8n). */
		caFile,
		pid: child.pid,
		stop: () => child.stop(5_000),
		state: async <T = unknown>(summary = false) => (await admin('GET', summary ? 'state?summary=1' : 'state')) as T,
		reset: async () => void (await admin('POST', 'reset')),
		/** POST /__sandbox/config: seeds, faults, limits and tokens (tools/sandbox/options.ts, SandboxConfig). */
		configure: (config: SandboxConfig) => admin('POST', 'config', config),
		/** OAuth tokens of a marketplace app of the sandbox (default: its sub-account app), freshly installed. */
		issueOAuthTokens: async (clientId?: string) =>
			(await admin('POST', `oauth/issue${clientId ? `?clientId=${encodeURIComponent(clientId)}` : ''}`)) as IssuedTokens,
		/** The status of every POST /oauth/token so far. */
		oauthStatuses: async () => ((await admin('GET', 'oauth/requests')) as { requests: Array<{ status: number }> }).requests.map((r) => r.status),
	};
}
