/**
 * Benchmark: the node, run by n8n-core's WorkflowExecute, enrolling N contacts against the HighLevel
 * sandbox at a rate limit. Prints figures; asserts nothing.
 *
 *   npm run bench -- [--items 1000] [--max 100] [--interval-ms 10000] [--latency-ms 0] [--unlimited-items 2000]
 *   npm run bench -- --sub-accounts 20 --items 300 [--max 100] [--interval-ms 10000]
 *
 * With --sub-accounts K, an agency credential enrols --items contacts in each of K sub-accounts
 * (each its own bucket), items of all sub-accounts interleaved; the floor is one sub-account's:
 * its first window is free, the rest come at max per interval.
 */
import { request } from 'node:http';
import { agencyItems, runAgency, runThroughCore } from '../tools/bench/agency';
import { floorSeconds } from '../tools/bench/report';
import { sandboxCredential } from '../tools/n8n/project';
import { readArgs, runMain } from '../tools/process/script';
import { DEFAULT_AGENCY, generatedAgency } from '../tools/sandbox/agency';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN, WORKFLOW_IDS } from '../tools/sandbox/fixtures';
import type { Sandbox } from '../tools/sandbox/server';
import { startSandbox } from '../tools/sandbox/server';

const WORKFLOW = WORKFLOW_IDS.newLeadNurture;

const { int } = readArgs(__filename, {
	items: { type: 'string', default: '1000' },
	max: { type: 'string', default: '100' },
	'interval-ms': { type: 'string', default: '10000' },
	'latency-ms': { type: 'string', default: '0' },
	'unlimited-items': { type: 'string', default: '2000' },
	'sub-accounts': { type: 'string', default: '0' },
});
const items = int('items');
const max = int('max');
const intervalMs = int('interval-ms');
const latencyMs = int('latency-ms', 0);
const unlimitedItems = int('unlimited-items');
const subAccounts = int('sub-accounts', 0);

let run = 0;

/** Each run gets its own token, so the node's pacing state from one run does not help the next. */
async function runNode(sandbox: Sandbox, count: number, options: Record<string, number> = {}) {
	const token = `pit-bench-${++run}-${Date.now()}`;
	sandbox.configure({ tokens: { [token]: { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.write', 'workflows.readonly'] } } });
	const contacts = Array.from({ length: count }, (_, i) => ({ contactId: `bench${run}x${String(i).padStart(12, '0')}` }));
	sandbox.configure({ contactIds: contacts.map((contact) => contact.contactId) });
	const parameters = { resource: 'contact', operation: 'addToWorkflow', contactId: '={{ $json.contactId }}', workflowId: { __rl: true, mode: 'id', value: WORKFLOW }, options };
	const result = await runThroughCore(sandboxCredential(sandbox.url, { data: { accessToken: token } }), parameters, contacts);
	// CPU time is what other processes on the machine cannot inflate much; it includes the in-process sandbox.
	return { ...result, cpuMsPerItem: result.cpuMs / Math.max(1, count) };
}

/** The baseline: one plain HTTP request after another, no n8n, no pacing. */
async function sequentialClient(sandbox: Sandbox, count: number): Promise<number> {
	const url = new URL(sandbox.url);
	const ids = Array.from({ length: count }, (_, i) => `seq${String(i).padStart(15, '0')}`);
	sandbox.configure({ contactIds: ids });
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		await new Promise<void>((resolve, reject) => {
			const req = request(
				{
					host: url.hostname,
					port: url.port,
					method: 'POST',
					path: `/contacts/${ids[i]}/workflow/${WORKFLOW}`,
					headers: { Authorization: `Bearer ${DEFAULT_TOKEN}`, Version: '2021-07-28', 'Content-Type': 'application/json' },
				},
				(res) => {
					res.resume();
					res.on('end', resolve);
				},
			);
			req.on('error', reject);
			req.end('{}');
		});
	}
	return (performance.now() - started) / 1000;
}

async function subAccountsBench() {
	const sandbox = await startSandbox({ rateLimit: { max, intervalMs }, latencyMs, agencies: [generatedAgency(subAccounts, items)] });
	try {
		const total = subAccounts * items;
		const floor = floorSeconds(total, { max, intervalMs }, subAccounts);
		console.log(`Agency: ${subAccounts} sub-accounts × ${items} contacts at ${max} per ${intervalMs} ms each, node defaults`);
		const run = await runAgency(sandbox.url, sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId), agencyItems(subAccounts, items));
		const summary = sandbox.summary();
		console.table([
			{
				items: total,
				'wall s': run.seconds.toFixed(1),
				'items/s': (total / run.seconds).toFixed(1),
				'floor s': floor.toFixed(1),
				'ratio to floor': floor > 0 ? (run.seconds / floor).toFixed(3) : '-',
				'429s': summary.byStatus['429'] ?? 0,
				'token exchanges': sandbox.locationTokenExchanges(),
				duplicates: summary.duplicatePairs,
				enrolled: summary.distinctEnrolments,
				failed: run.failed,
			},
		]);
		if (run.failed > 0) console.log('first failure:', JSON.stringify(run.firstError));
	} finally {
		await sandbox.close();
	}
}

async function main() {
	if (subAccounts > 0) return await subAccountsBench();
	const sandbox = await startSandbox({ rateLimit: { max, intervalMs }, latencyMs, recordRequests: false });
	try {
		const rate = max / (intervalMs / 1000);
		const floor = floorSeconds(items, { max, intervalMs });
		console.log(`Limited: ${items} items at ${max} per ${intervalMs} ms (${rate}/s), sandbox latency ${latencyMs} ms, node defaults`);
		const limited = await runNode(sandbox, items);
		const summary = sandbox.summary();
		console.table([
			{
				items,
				'wall s': limited.seconds.toFixed(1),
				'items/s': (items / limited.seconds).toFixed(2),
				'floor s': floor.toFixed(1),
				'ratio to floor': (limited.seconds / floor).toFixed(3),
				'429s': summary.byStatus['429'] ?? 0,
				retries: summary.totalRequests - items,
				duplicates: summary.duplicatePairs,
				failed: limited.failed,
				outputs: limited.outputs,
			},
		]);

		sandbox.configure({ rateLimit: false });
		sandbox.reset();
		console.log(`\nUnlimited: ${unlimitedItems} items, sandbox latency ${latencyMs} ms`);
		const parallel = await runNode(sandbox, unlimitedItems);
		const one = await runNode(sandbox, unlimitedItems, { maxConcurrency: 1 });
		const plain = await sequentialClient(sandbox, unlimitedItems);
		console.table([
			{ client: 'node, defaults (10 at once)', 'items/s': (unlimitedItems / parallel.seconds).toFixed(0), 'CPU ms/item': parallel.cpuMsPerItem.toFixed(2), failed: parallel.failed },
			{ client: 'node, Max Concurrent Requests 1', 'items/s': (unlimitedItems / one.seconds).toFixed(0), 'CPU ms/item': one.cpuMsPerItem.toFixed(2), failed: one.failed },
			{ client: 'plain sequential HTTP client', 'items/s': (unlimitedItems / plain).toFixed(0), failed: 0 },
		]);
		console.log(`duplicates over the unlimited runs: ${sandbox.summary().duplicatePairs}`);
	} finally {
		await sandbox.close();
	}
}

runMain(main);
