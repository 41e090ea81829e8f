/**
 * n8n launcher commands:
 *   npx tsx scripts/n8n.ts install                              Node 24 + n8n (pinned) into .cache/ (idempotent)
 *   npx tsx scripts/n8n.ts start [--port N] [--version X.Y.Z]   n8n with this package (built dist/) in a throw-away user folder
 * `npm run dev` (scripts/dev.ts) adds the HighLevel sandbox, a credential and the example workflow.
 */
import { parseArgs } from 'node:util';

import { DEFAULT_OWNER, makeUserFolder, startN8n } from '../tools/n8n/server';
import { ensureN8n, N8N_VERSION } from '../tools/n8n/install';
import { installPackage } from '../tools/n8n/package';
import { N8nSession } from '../tools/n8n/rest';
import { exitOnHelp, integer, runMain } from '../tools/process/script';

async function main(): Promise<void> {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: {
			port: { type: 'string', default: '5678' },
			version: { type: 'string', default: N8N_VERSION },
		},
	});
	const command = positionals[0];
	if (command === 'install') {
		const install = await ensureN8n(values.version);
		console.log(`n8n ${install.version}: ${install.node.bin} ${install.n8nBin}`);
		return;
	}
	if (command === 'start') {
		const userFolder = makeUserFolder();
		await installPackage(userFolder);
		const n8n = await startN8n({ userFolder, port: integer(values.port, 'port'), version: values.version });
		await new N8nSession(n8n.url).setupOwner();
		console.log(`\nEditor: ${n8n.url}\nLogin:  ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}\nLog:    ${n8n.logFile}\nCtrl-C stops n8n.`);
		const stop = () => void n8n.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		await n8n.exited;
		return;
	}
	throw new Error(`unknown command "${command ?? ''}": install or start (--help)`);
}

exitOnHelp(__filename);
runMain(main);
