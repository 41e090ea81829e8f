/**
 * Runs the HighLevel sandbox on its own, for `npm run dev`, the e2e tests, queue mode and benchmarks:
 *   npx tsx tools/sandbox/cli.ts [--port 5680] [--config sandbox.json]
 * The config file holds startSandbox()'s options as JSON (tools/sandbox/options.ts, SandboxOptions):
 * the runtime settings POST /__sandbox/config takes (rateLimit, faults, randomFaults, latencyMs,
 * contactIds, tokens, …), checked the same way, plus start-up ones (accessTokenLifetimeMs,
 * recordRequests, https, …) and `generatedAgency: { locations, contactsPerLocation }` for an agency
 * of generated sub-accounts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { parseConfig } from './admin';
import { DEFAULT_AGENCY, generatedAgency } from './agency';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN } from './fixtures';
import type { SandboxOptions } from './options';
import { startSandbox } from './server';

/** What the config file holds. */
export interface SandboxFileConfig extends SandboxOptions {
	generatedAgency?: { locations: number; contactsPerLocation?: number };
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: { port: { type: 'string', default: '5680' }, config: { type: 'string' }, help: { type: 'boolean', default: false } },
		strict: true,
	});
	if (values.help) {
		console.log(readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
		return;
	}
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0) throw new Error(`--port needs a port number, got "${values.port}"`);
	const { generatedAgency: generated, ...options } = values.config ? (JSON.parse(readFileSync(values.config, 'utf8')) as SandboxFileConfig) : ({} as SandboxFileConfig);
	const problem = parseConfig(options);
	if (typeof problem === 'string') throw new Error(`${values.config}: ${problem}`);
	const sandbox = await startSandbox({
		...options,
		port,
		...(generated ? { agencies: [generatedAgency(generated.locations, generated.contactsPerLocation)] } : {}),
	});
	// Before the line readers wait for, so a reader that sees that one has this one too.
	if (sandbox.caFile) console.log(`  ca: ${sandbox.caFile}`);
	console.log(`HighLevel sandbox listening on ${sandbox.url}`);
	console.log(`  token: ${DEFAULT_TOKEN}`);
	console.log(`  locationId: ${DEFAULT_LOCATION_ID}`);
	console.log(`  agency app: client id ${DEFAULT_AGENCY.clientId}, secret ${DEFAULT_AGENCY.clientSecret}`);
	console.log(`  admin: ${sandbox.url}/__sandbox/state?summary=1`);

	let closing = false;
	const stop = (): void => {
		if (closing) return;
		closing = true;
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(2);
});
