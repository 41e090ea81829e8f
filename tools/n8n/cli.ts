/** n8n's command line on a user folder: imports, `execute`, anything else. */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';

import { writeJson } from '../process/files';
import { run, type RunResult } from '../process/run';
import type { ExecutionRun } from './executions';
import { ensureN8n, N8N_VERSION } from './install';
import { n8nProcessEnv } from './server';

/** Runs `n8n <args>` against a user folder (may run while a server uses the same folder). */
export async function n8nCli(args: string[], options: { userFolder: string; version?: string; allowFailure?: boolean }): Promise<RunResult> {
	const install = await ensureN8n(options.version ?? N8N_VERSION);
	return await run(install.node.bin, [install.n8nBin, ...args], {
		cwd: options.userFolder,
		env: await n8nProcessEnv(install, options.userFolder),
		timeoutMs: 180_000,
		allowFailure: options.allowFailure,
	});
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** Plain data: n8n's import:credentials encrypts it. */
	data: Record<string, unknown>;
}

/** `n8n import:<kind>` of what is written to a file in the user folder for it. */
async function importFile(userFolder: string, kind: 'credentials' | 'workflow', content: unknown[]): Promise<void> {
	const file = path.join(userFolder, `${kind}-${randomBytes(4).toString('hex')}.json`);
	writeJson(file, content);
	try {
		await n8nCli([`import:${kind}`, `--input=${file}`], { userFolder });
	} finally {
		rmSync(file, { force: true });
	}
}

/** `n8n import:credentials` of plain credentials (encrypted by n8n on import). */
export async function importCredentials(userFolder: string, credentials: CredentialImport[]): Promise<void> {
	const now = new Date().toISOString();
	await importFile(userFolder, 'credentials', credentials.map((credential) => ({ ...credential, createdAt: now, updatedAt: now })));
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	[key: string]: unknown;
}

/** A workflow of `nodes` run one after another, inactive; `extra` adds fields or replaces its settings (executionOrder v1). */
export function chainWorkflow(id: string, name: string, nodes: Array<{ name: string; [key: string]: unknown }>, extra = {}): WorkflowJson {
	const link = (to: { name: string }) => ({ main: [[{ node: to.name, type: 'main', index: 0 }]] });
	const connections = Object.fromEntries(nodes.slice(1).map((node, i) => [nodes[i].name, link(node)]));
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, ...extra, active: false };
}

/** `n8n import:workflow` of one or more workflow objects. */
export async function importWorkflows(userFolder: string, workflows: WorkflowJson[]): Promise<void> {
	await importFile(userFolder, 'workflow', workflows);
}

export interface ExecuteResult extends RunResult {
	/** The run data n8n printed (IRun: data.resultData.runData ...), when it printed JSON. */
	run?: Pick<ExecutionRun, 'status' | 'data'>;
}

/** `n8n execute --id <id> --rawOutput`; parses the printed run. */
export async function executeWorkflow(userFolder: string, workflowId: string): Promise<ExecuteResult> {
	const result = await n8nCli(['execute', `--id=${workflowId}`, '--rawOutput'], { userFolder, allowFailure: true });
	return { ...result, run: parseRun(result.stdout) };
}

function parseRun(stdout: string): ExecuteResult['run'] {
	// With --rawOutput n8n prints the run as pretty JSON; on failure it logs it after "Execution error:".
	const lines = stdout.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				// keep looking
			}
		}
	}
	return undefined;
}
