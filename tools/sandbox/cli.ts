/**
 * Runs the HighLevel sandbox on its own, for `npm run dev` and end-to-end tests in real n8n:
 *   npx tsx tools/sandbox/cli.ts --port 5680 [--max 100 --interval-ms 10000 --daily 200000] [--seed 1]
 */
import { parseArgs } from 'node:util';

import { DEFAULT_AGENCY, generatedAgency, type AgencyOptions } from './agency';
import type { RandomFaults } from './faults';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN } from './fixtures';
import type { RateLimitOptions } from './rateLimit';
import { startSandbox } from './server';

const USAGE = `Usage: npx tsx tools/sandbox/cli.ts [options]
  --port N              port on 127.0.0.1 (default 5680; 0 picks a free one)
  --max N               burst limit per interval (default 100)
  --interval-ms N       burst interval (default 10000)
  --daily N             daily limit (default 200000)
  --window fixed|sliding  rate-limit window (default fixed)
  --no-rate-limit       no limiting (headers still sent)
  --https               HTTPS with a certificate made at start-up; prints the CA file clients must trust
  --seed N              seed for created contact ids and random faults (default 1)
  --rate-429 P          probability of a 429 per contact-workflow attempt (random faults)
  --rate-5xx-before P   probability of a 503, not carried out
  --rate-5xx-after P    probability of a 500 after carrying out
  --rate-html502 P      probability of an HTML 502
  --rate-drop-before P  probability of a dropped socket, not carried out
  --rate-drop-after P   probability of a dropped socket after carrying out
  --latency-ms N        delay every answer (default 0)
  --access-token-seconds N  lifetime of OAuth access tokens (default 86399, HighLevel's day)
  --contacts ID,ID,...  seed these contact ids (only seeded and upserted contacts exist;
                        more at run time with POST /__sandbox/config {"contactIds": [...]})
  --no-record           keep counts only, not every request (long benchmarks)
  --agency-locations N  the agency app is installed on N generated sub-accounts instead of the default ones
  --contacts-per-location N  contacts seeded in each of the agency's sub-accounts (default 5)
  --help`;

function number(value: string | undefined, flag: string): number | undefined {
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} needs a non-negative number, got "${value}"`);
	return parsed;
}

function agencyFrom(locations: string | undefined, contacts: string | undefined): AgencyOptions {
	const perLocation = number(contacts, '--contacts-per-location');
	const count = number(locations, '--agency-locations');
	if (count !== undefined) return generatedAgency(count, perLocation);
	return perLocation === undefined ? DEFAULT_AGENCY : { ...DEFAULT_AGENCY, contactsPerLocation: perLocation };
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5680' },
			max: { type: 'string' },
			'interval-ms': { type: 'string' },
			daily: { type: 'string' },
			window: { type: 'string' },
			'no-rate-limit': { type: 'boolean', default: false },
			https: { type: 'boolean', default: false },
			seed: { type: 'string' },
			'rate-429': { type: 'string' },
			'rate-5xx-before': { type: 'string' },
			'rate-5xx-after': { type: 'string' },
			'rate-html502': { type: 'string' },
			'rate-drop-before': { type: 'string' },
			'rate-drop-after': { type: 'string' },
			'latency-ms': { type: 'string' },
			'access-token-seconds': { type: 'string' },
			contacts: { type: 'string' },
			'no-record': { type: 'boolean', default: false },
			'agency-locations': { type: 'string' },
			'contacts-per-location': { type: 'string' },
			help: { type: 'boolean', default: false },
		},
		strict: true,
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	if (values.window !== undefined && values.window !== 'fixed' && values.window !== 'sliding') {
		throw new Error('--window must be fixed or sliding');
	}

	const rateLimit: RateLimitOptions = {};
	const max = number(values.max, '--max');
	const intervalMs = number(values['interval-ms'], '--interval-ms');
	const daily = number(values.daily, '--daily');
	if (max !== undefined) rateLimit.max = max;
	if (intervalMs !== undefined) rateLimit.intervalMs = intervalMs;
	if (daily !== undefined) rateLimit.daily = daily;
	if (values.window === 'fixed' || values.window === 'sliding') rateLimit.mode = values.window;

	const seed = number(values.seed, '--seed') ?? 1;
	const randomFaults: RandomFaults = {
		seed,
		rate429: number(values['rate-429'], '--rate-429'),
		rate5xxBefore: number(values['rate-5xx-before'], '--rate-5xx-before'),
		rate5xxAfter: number(values['rate-5xx-after'], '--rate-5xx-after'),
		rateHtml502: number(values['rate-html502'], '--rate-html502'),
		rateDropBefore: number(values['rate-drop-before'], '--rate-drop-before'),
		rateDropAfter: number(values['rate-drop-after'], '--rate-drop-after'),
	};
	const anyRandom = Object.entries(randomFaults).some(([key, value]) => key !== 'seed' && value !== undefined);

	const sandbox = await startSandbox({
		port: number(values.port, '--port'),
		https: values.https,
		rateLimit: values['no-rate-limit'] ? false : rateLimit,
		seed,
		randomFaults: anyRandom ? randomFaults : undefined,
		latencyMs: number(values['latency-ms'], '--latency-ms'),
		accessTokenLifetimeMs: values['access-token-seconds'] === undefined ? undefined : number(values['access-token-seconds'], '--access-token-seconds')! * 1000,
		contactIds: values.contacts ? values.contacts.split(',').filter(Boolean) : undefined,
		recordRequests: !values['no-record'],
		agencies: [agencyFrom(values['agency-locations'], values['contacts-per-location'])],
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
	console.error(USAGE);
	process.exit(2);
});
