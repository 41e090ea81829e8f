/**
 * The minimum of n8n-core's dependency-injection setup that executing nodes needs.
 *
 * n8n-core 2.40.3 ships its own copies of `@n8n/di`, `@n8n/backend-common`, `@n8n/config` and
 * `@n8n/backend-network` under `node_modules/n8n-core/node_modules` (newer than the hoisted
 * ones that `@n8n/node-cli` brought in). The DI `Container` is a module-level singleton, so the
 * services must be registered on n8n-core's own copy: every such module is required here
 * relative to n8n-core, never from the top-level `node_modules`. Everything else n8n-core asks the
 * container for (`OutboundHttp` with SSRF checks off, `LockService`, `BinaryDataService` in memory
 * mode) resolves with its own defaults.
 */
import * as os from 'node:os';
import * as path from 'node:path';

import { ErrorReporter, InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';
import { executionOfReport } from './n8n-core-line';
import type { Logger as WorkflowLogger, LogMetadata } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyConstructor<T> = abstract new (...args: any[]) => T;

interface DiContainer {
	get<T>(type: AnyConstructor<T>): T;
	set<T>(type: AnyConstructor<T>, instance: T): void;
}

const coreEntry = require.resolve('n8n-core');

/** Requires a module the way n8n-core itself resolves it (its nested copy wins). */
function requireFromN8nCore<T>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [path.dirname(coreEntry)] })) as T;
}

export const Container = requireFromN8nCore<{ Container: DiContainer }>('@n8n/di').Container;
const { Logger } = requireFromN8nCore<{ Logger: AnyConstructor<WorkflowLogger> }>(
	'@n8n/backend-common',
);

type Level = 'error' | 'warn' | 'info' | 'debug';
const LEVELS: Level[] = ['error', 'warn', 'info', 'debug'];

/** Everything n8n-core logged in this test file (cleared with `harnessLog.length = 0`); N8N_HARNESS_LOG=debug|info|warn|error prints it. */
export const harnessLog: Array<{ level: Level; message: string; metadata?: LogMetadata }> = [];

function createQuietLogger(): WorkflowLogger & { scoped(): WorkflowLogger } {
	const printUpTo = LEVELS.indexOf((process.env.N8N_HARNESS_LOG ?? '') as Level);
	const log =
		(level: Level) =>
		(message: string, metadata?: LogMetadata): void => {
			harnessLog.push({ level, message, metadata });
			if (harnessLog.length > 1000) harnessLog.shift();
			if (printUpTo >= 0 && LEVELS.indexOf(level) <= printUpTo) {
				console[level === 'debug' ? 'log' : level](`[n8n ${level}] ${message}`, metadata ?? '');
			}
		};
	const logger = {
		error: log('error'),
		warn: log('warn'),
		info: log('info'),
		debug: log('debug'),
		scoped: () => logger,
	};
	return logger;
}

type ErrorListener = (error: unknown, extra: Record<string, unknown>) => void;
const errorListeners = new Map<string, ErrorListener>();

/** Receives what n8n-core reports through `ErrorReporter` for one execution id. */
export function onReportedError(executionId: string, listener: ErrorListener): () => void {
	errorListeners.set(executionId, listener);
	return () => errorListeners.delete(executionId);
}

let initialised = false;

/** Idempotent: registers the quiet services on n8n-core's container. */
export function setupN8nCore(): void {
	if (initialised) return;
	initialised = true;

	const logger = createQuietLogger();
	Container.set(Logger, logger);
	LoggerProxy.init(logger);

	// Prototype-backed with fixed values: the real constructor creates ~/.n8n/config and an encryption key.
	const n8nFolder = path.join(os.tmpdir(), 'n8n-harness', '.n8n');
	const instanceSettings = Object.assign(Object.create(InstanceSettings.prototype) as object, {
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		settingsFile: path.join(n8nFolder, 'config'),
		instanceType: 'main',
		instanceRole: 'unset',
		isMultiMainEnabled: false,
		isMultiMainLicensed: false,
		hostId: 'main-harness',
		settings: { encryptionKey: 'n8n-nodes-highlevel-test-harness-key' },
		instanceId: 'harness-instance',
		derivedInstanceId: 'harness-instance',
		hmacSignatureSecret: 'harness-hmac-secret',
	}) as unknown as InstanceSettings;
	Container.set(InstanceSettings, instanceSettings);

	// What WorkflowExecute reports goes to the execution's listener: runWorkflow keeps the instance a node threw.
	const report =
		(kind: 'error' | 'warn' | 'info') =>
		(error: unknown, options?: { extra?: Record<string, unknown> }): void => {
			const extra = options?.extra ?? {};
			const executionId = executionOfReport(extra, [...errorListeners.keys()]);
			const listener = executionId ? errorListeners.get(executionId) : undefined;
			if (listener && kind === 'error') listener(error, extra);
			else logger[kind](`ErrorReporter.${kind}: ${String((error as Error)?.message ?? error)}`);
		};
	Container.set(ErrorReporter, {
		error: report('error'),
		warn: report('warn'),
		info: report('info'),
	} as unknown as ErrorReporter);

	// n8n-core 1.x starts the SSH tunnel manager's cleanup interval without unref() (2.x unrefs it), so
	// a test process would not exit after its last test. No harness run opens a tunnel: stop it at once.
	const sshClientsManager = path.join(path.dirname(coreEntry), 'execution-engine', 'ssh-clients-manager');
	const { SSHClientsManager } = requireFromN8nCore<{ SSHClientsManager: AnyConstructor<{ onShutdown(): void }> }>(sshClientsManager);
	Container.get(SSHClientsManager).onShutdown();
}
