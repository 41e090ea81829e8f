/**
 * `npm run test:memory`: the node's in-process caches stay bounded. Drives 10,000 distinct
 * sub-accounts (each its own rate-limit bucket and location token) and 50,000 items through
 * n8n-core against a sandbox with a high limit, in its own process, and checks that the heap after
 * GC comes back near where it started, and does not grow over the second half (past the caches' caps). Prints heap before, peak and after; exits 1 when it does not.
 *
 *   npm run test:memory -- [--sub-accounts 10000] [--per-sub-account 5] [--runs 10] [--max-growth-mb 17]
 *        [--max-second-half-mb 4]
 *
 * A reading after GC moves by up to 2 MB from run to run with when the caches last swept their idle
 * entries, so each figure compares means of three readings: the last three runs against the start
 * (growth) and against the three runs around halfway (second half). At the defaults, with the caps
 * removed they read 21.1–21.6 and 7.8–7.9 MB; with them, 10.0–11.8 and −0.4–2.5 MB over nine runs
 * (the 2.5 in a fresh-clone CI run, hence 4 MB and not 3).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { agencyItems, runAgency } from '../tools/bench/agency';
import { startSandboxProcess } from '../tools/n8n/sandboxProcess';
import { DEFAULT_AGENCY } from '../tools/sandbox/agency';
import { readArgs, runMain } from '../tools/process/script';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { values, int } = readArgs(__filename, {
	'sub-accounts': { type: 'string', default: '10000' },
	'per-sub-account': { type: 'string', default: '5' },
	runs: { type: 'string', default: '10' },
	'max-growth-mb': { type: 'string', default: '17' },
	'max-second-half-mb': { type: 'string', default: '4' },
});
const subAccounts = int('sub-accounts');
const perSubAccount = int('per-sub-account');
const runs = int('runs');
const maxGrowthMb = Number(values['max-growth-mb']);
const maxSecondHalfMb = Number(values['max-second-half-mb']);

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function settledHeap(): number {
	for (let i = 0; i < 3; i++) gc();
	return process.memoryUsage().heapUsed;
}

async function main(): Promise<number> {
	const sandbox = await startSandboxProcess({
		config: { generatedAgency: { locations: subAccounts, contactsPerLocation: perSubAccount }, rateLimit: { max: 1_000_000 }, recordRequests: false },
		timeoutMs: 120_000,
	});
	try {
		const tokens = await sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId);
		// Warm-up: n8n-core's and the node's modules loaded, the harness's first-run costs paid.
		await runAgency(sandbox.url, tokens, agencyItems(10, 2, subAccounts));
		await sandbox.reset();
		const before = settledHeap();
		const readings: number[] = [];
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);

		const perRun = Math.ceil(subAccounts / runs);
		let items = 0;
		let failed = 0;
		const started = performance.now();
		for (let run = 0; run < runs; run++) {
			const batch = agencyItems(Math.min(perRun, subAccounts - run * perRun), perSubAccount, run * perRun);
			const result = await runAgency(sandbox.url, tokens, batch);
			items += result.outputs;
			failed += result.failed;
			if (result.failed > 0 && failed === result.failed) console.log('first failure:', JSON.stringify(result.firstError));
			const settled = settledHeap();
			readings.push(settled);
			console.log(`run ${run + 1}/${runs}: ${batch.length} items over ${batch.length / perSubAccount} sub-accounts in ${result.seconds.toFixed(1)} s, heap after GC ${mb(settled)} MB`);
		}
		clearInterval(sampler);
		const halfwayIndex = Math.ceil(runs / 2) - 1;
		const halfway = mean(readings.slice(Math.max(0, halfwayIndex - 1), halfwayIndex + 2));
		const after = mean(readings.slice(-3));
		const seconds = (performance.now() - started) / 1000;
		const summary = await sandbox.state<{ enrolments: number; duplicatePairs: number; byStatus: Record<string, number> }>(true);
		console.table([
			{
				'sub-accounts': subAccounts,
				items,
				failed,
				'wall s': seconds.toFixed(1),
				'heap before MB': mb(before),
				'heap peak MB': mb(peak),
				'heap after GC MB, last 3': mb(after),
				'growth MB': mb(after - before),
				'second-half growth MB': mb(after - halfway),
				enrolments: summary.enrolments,
				duplicates: summary.duplicatePairs,
			},
		]);
		const problems = [
			failed > 0 && `${failed} items failed`,
			items !== subAccounts * perSubAccount && `${items} outputs for ${subAccounts * perSubAccount} items`,
			after - before > maxGrowthMb * 1024 * 1024 && `the heap grew by ${mb(after - before)} MB (allowed ${maxGrowthMb} MB)`,
			// Past the caches' caps, more sub-accounts must not mean more memory.
			after - halfway > maxSecondHalfMb * 1024 * 1024 && `the heap grew by ${mb(after - halfway)} MB over the second half (allowed ${maxSecondHalfMb} MB)`,
		].filter((problem) => typeof problem === 'string');
		for (const problem of problems) console.error(`FAIL: ${problem}`);
		if (problems.length === 0) console.log('OK: the heap came back near its start');
		return problems.length === 0 ? 0 : 1;
	} finally {
		await sandbox.stop();
	}
}

runMain(main);
