/** `n8n start` on a user folder of its own, quiet and offline. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { spawnLogged, type LoggedProcess } from '../process/spawnLogged';
import { cleanEnv } from '../process/run';
import { freePort, httpStatus, waitUntilReady } from '../process/net';
import { secondsSince as seconds } from '../process/time';
import { ensureN8n, N8N_VERSION, pathWithNode, type N8nInstall } from './install';
import { log } from './log';

/** Fixed so that the server and every CLI command on the same user folder read the same credentials. */
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-highlevel-local-encryption-key';

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
} as const;

/**
 * Settings for a quiet, offline, single-user n8n. Everything that would call n8n's servers
 * (telemetry, version notifications, templates, banners, the MCP server registry, the vetted
 * community-node list) is off. The JS task runner runs in n8n's default internal mode, on a broker port
 * of its own per process (a server and a CLI command on the same folder must not share 5679).
 */
function n8nEnv(userFolder: string, extra: Record<string, string | undefined>): Record<string, string | undefined> {
	return {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: DEFAULT_ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// n8n 1.x has no mcp-registry module and refuses to start when an unknown one is named.
		...(N8N_VERSION.startsWith('1.') ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '3',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...extra,
	};
}

/** n8n's environment for a process on `userFolder`: Node 24 first on PATH, a task-runner broker port of its own. */
export async function n8nProcessEnv(install: N8nInstall, userFolder: string, extra: Record<string, string | undefined> = {}): Promise<NodeJS.ProcessEnv> {
	return cleanEnv({ PATH: pathWithNode(install.node), ...n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extra }) });
}

export interface StartOptions {
	userFolder: string;
	port?: number;
	/** Extra or overriding environment variables for n8n. */
	env?: Record<string, string | undefined>;
	/** n8n's output goes here (default <userFolder>/n8n.log). */
	logFile?: string;
	timeoutMs?: number;
	version?: string;
	/** n8n's command and its arguments (default `start`; `worker --concurrency=5` for a queue worker). */
	command?: string[];
	/** The variable that tells this command its health port (default N8N_PORT, the server's own port). */
	healthPortVariable?: string;
}

/** n8n's process group and the URL it serves. */
export type N8nHandle = LoggedProcess & { url: string };

/** Starts `n8n start` in its own process group and waits until /healthz answers. */
export async function startN8n(options: StartOptions): Promise<N8nHandle> {
	const install = await ensureN8n(options.version ?? N8N_VERSION);
	const port = options.port ?? (await freePort());
	const logFile = options.logFile ?? path.join(options.userFolder, 'n8n.log');
	const started = Date.now();
	log(`starting n8n ${install.version} on http://localhost:${port} (user folder ${options.userFolder}) ...`);

	const child = spawnLogged(install.node.bin, [install.n8nBin, ...(options.command ?? ['start'])], logFile, {
		cwd: options.userFolder,
		env: await n8nProcessEnv(install, options.userFolder, {
			[options.healthPortVariable ?? 'N8N_PORT']: String(port),
			N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
			...options.env,
		}),
	});
	const handle: N8nHandle = { ...child, url: `http://localhost:${port}` };
	const servesRest = (options.command ?? ['start'])[0] === 'start';
	await waitUntilReady({
		name: 'n8n',
		// n8n 1.x answers readiness before its REST routes are mounted: wait for /rest/settings too
		// (a queue worker serves no REST API: its health answer is all there is).
		ready: async () =>
			(await httpStatus(`http://127.0.0.1:${port}/healthz/readiness`)) === 200 &&
			(!servesRest || (await httpStatus(`http://127.0.0.1:${port}/rest/settings`)) !== 404),
		exitCode: child.exitCode,
		output: child.output,
		logFile,
		timeoutMs: options.timeoutMs ?? 180_000,
		onTimeout: () => handle.stop(),
	});
	log(`n8n ready on ${handle.url} (${seconds(started)})`);
	return handle;
}

export function makeUserFolder(prefix = 'n8n-user-'): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}