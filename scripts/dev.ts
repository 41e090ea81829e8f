/**
 * `npm run dev`: this package in a real n8n, against the HighLevel sandbox.
 *
 *   npx tsx scripts/dev.ts [--port 5678] [--sandbox-port 5680] [--fresh] [--skip-build]
 *
 * Builds the package, installs n8n (first run only, a few minutes) and the package into the user
 * folder .n8n-dev/ (git-ignored; kept between runs, --fresh starts it over), starts the sandbox and
 * n8n, imports the sandbox credentials and the example workflows (the trigger example published,
 * so the sandbox can send it signed events), creates the owner account and prints
 * where to sign in. Ctrl-C stops everything.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_OWNER, startN8n, type N8nHandle } from '../tools/n8n/server';
import { ensureN8n } from '../tools/n8n/install';
import { importCredentials, importWorkflows } from '../tools/n8n/cli';
import { buildPackage, installPackage } from '../tools/n8n/package';
import { REPO_ROOT } from '../tools/paths';
import { readArgs } from '../tools/process/script';
import {
	AGENCY_EXAMPLE_FILE,
	AGENCY_EXAMPLE_ID,
	EXAMPLE_WORKFLOW_ID,
	exampleContactIds,
	loadExampleWorkflow,
	sandboxAgencyCredential,
	sandboxCredential,
} from '../tools/n8n/project';
import { DEFAULT_AGENCY } from '../tools/sandbox/agency';
import { N8nSession } from '../tools/n8n/rest';
import { publishWorkflow } from '../tools/trigger/instance';
import { exampleWebhookId, sandboxTriggerExample, TRIGGER_EXAMPLE_ID, triggerUrl } from '../tools/trigger/workflows';
import { startSandboxProcess, type SandboxProcess } from '../tools/n8n/sandboxProcess';

const step = (text: string) => console.log(`[dev] ${text}`);

async function main(): Promise<void> {
	const { values, int } = readArgs(__filename, {
		port: { type: 'string', default: '5678' },
		'sandbox-port': { type: 'string', default: '5680' },
		fresh: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
	});
	const started = Date.now();
	const userFolder = path.join(REPO_ROOT, '.n8n-dev');
	let sandbox: SandboxProcess | undefined;
	let n8n: N8nHandle | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		step('stopping n8n and the sandbox ...');
		await Promise.allSettled([n8n?.stop(), sandbox?.stop()]);
		step('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		if (!values['skip-build']) await buildPackage();
		step('n8n install (cached after the first run) ...');
		await ensureN8n();

		if (values.fresh) rmSync(userFolder, { recursive: true, force: true });
		step(`installing the package into ${path.relative(REPO_ROOT, userFolder)}/.n8n/nodes ...`);
		await installPackage(userFolder);

		step(`starting the HighLevel sandbox on port ${values['sandbox-port']} ...`);
		sandbox = await startSandboxProcess({ port: int('sandbox-port') });
		// The sandbox knows only seeded and created contacts: the example's, and Alice, Bruno, Chloe, Dmitri.
		await sandbox.configure({ contactIds: exampleContactIds() });
		step(`sandbox on ${sandbox.url} (contacts: the example's ${exampleContactIds().join(', ')} and sbxContactAlice00001 …)`);

		step('importing the sandbox credentials (sub-account token, agency app) and the example workflows ...');
		const agencyTokens = await sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId);
		await importCredentials(userFolder, [sandboxCredential(sandbox.url), sandboxAgencyCredential(sandbox.url, agencyTokens)]);
		await importWorkflows(userFolder, [loadExampleWorkflow(), loadExampleWorkflow(AGENCY_EXAMPLE_ID, AGENCY_EXAMPLE_FILE), sandboxTriggerExample()]);
		// Published before n8n starts, as at a user's restart: its Production URL then takes events.
		await publishWorkflow(userFolder, TRIGGER_EXAMPLE_ID);

		n8n = await startN8n({ userFolder, port: int('port'), logFile: path.join(userFolder, 'n8n.log') });
		step('creating the owner account ...');
		await new N8nSession(n8n.url).setupOwner();

		console.log(`
  n8n ${n8n.url}  (ready in ${((Date.now() - started) / 1000).toFixed(0)} s)
  Sign in:   ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}
  Example:   ${n8n.url}/workflow/${EXAMPLE_WORKFLOW_ID}
  Agency:    ${n8n.url}/workflow/${AGENCY_EXAMPLE_ID}  (an app installed on an agency, three sub-accounts)
  Trigger:   ${n8n.url}/workflow/${TRIGGER_EXAMPLE_ID}  (published, the sandbox's signing key pasted in); send it a
             signed ContactCreate: npm run sandbox:webhooks -- --url ${triggerUrl(n8n.url, exampleWebhookId())}
  Sandbox:   ${sandbox.url}  (state: ${sandbox.url}/__sandbox/state?summary=1)
  n8n log:   ${path.relative(REPO_ROOT, n8n.logFile)}
  Ctrl-C stops n8n and the sandbox.
`);
		const code = await n8n.exited;
		if (stopping) return;
		step(`n8n exited by itself with ${code}; see ${n8n.logFile}`);
		await stopAll(1);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await stopAll(1);
	}
}

void main();
