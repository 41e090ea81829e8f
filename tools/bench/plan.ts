/** What bench:n8n measures: its options, and one workflow per measured run. */
import path from 'node:path';

import { ARTIFACTS_DIR } from '../paths';
import { type Limit } from './report';
import { type RunPlan, type Variant } from './workflows';

export const BENCH_ARTIFACTS = path.join(ARTIFACTS_DIR, 'bench-n8n');

export interface Options {
	items: number[];
	limits: Limit[];
	runs: number;
	/** Item counts of the runs with no rate limit (none: no such runs). */
	unlimitedItems: number[];
	unlimitedRuns: number;
	variants: Variant[];
	skipBuild: boolean;
	waitIdle: boolean;
	waitIdleMinutes: number;
	keep: boolean;
	timeoutMinutes: number;
	quick: boolean;
	/** > 0: the limited runs are the agency variant, items spread over this many sub-accounts each run. */
	subAccounts: number;
	/** The sandbox over HTTPS (n8n trusts its CA). */
	https: boolean;
	/** HighLevel this far away each way, every round trip (a delaying proxy). */
	delayMs: number;
}

export interface PlannedRun extends RunPlan {
	limit: Limit | false;
	run: number;
	warmUp?: boolean;
}

/** Batching that stays under the limit: 1,000 ms between batches of what the limit allows per second. */
export function batchingFor(limit: Limit | false): { batchSize: number; batchInterval: number } | undefined {
	if (!limit) return undefined;
	if (limit.intervalMs >= 1000) return { batchSize: Math.max(1, Math.floor((limit.max * 1000) / limit.intervalMs)), batchInterval: 1000 };
	return { batchSize: limit.max, batchInterval: limit.intervalMs };
}

export function planRuns(options: Options, stamp: string): PlannedRun[] {
	const plans: PlannedRun[] = [];
	let counter = 0;
	let nextSubAccount = 0;
	const add = (variant: Variant, items: number, limit: Limit | false, run: number, warmUp = false) => {
		counter++;
		const workflowId = `bn8n${stamp}w${String(counter).padStart(3, '0')}`;
		plans.push({
			workflowId,
			variant,
			items,
			limit,
			run,
			warmUp,
			tag: `b${stamp}r${counter}`,
			token: `pit-bench-n8n-${stamp}-${counter}`,
			batching: variant === 'httpBatched' ? batchingFor(limit) : undefined,
			// Each agency run takes sub-accounts of its own: fresh buckets and tokens, here and in the node.
			...(variant === 'agency' ? { subAccounts: options.subAccounts, firstSubAccount: (nextSubAccount += options.subAccounts) - options.subAccounts } : {}),
		});
	};
	// Warm-up (not measured): the package's module, the HTTP Request node and the Code node's task runner,
	// with enough items that V8 has optimised n8n's request path as it is in an instance that has run a while
	// (a first run after start-up took 1.05 × as long).
	add('node', 1000, false, 0, true);
	add('http', 1000, false, 0, true);
	for (const limit of options.limits) {
		for (const items of options.items) {
			// Runs interleaved (1: every variant, 2: every variant, ...), so drift touches all alike.
			for (let run = 1; run <= options.runs; run++) {
				if (options.subAccounts > 0) add('agency', items * options.subAccounts, limit, run);
				else for (const variant of options.variants) add(variant, items, limit, run);
			}
		}
	}
	const unlimitedVariants = options.variants.filter((variant) => variant === 'node' || variant === 'http');
	// What the agency runs are compared with: this node's and the HTTP Request node's items/s with no limit.
	for (const items of options.unlimitedItems) {
		for (let run = 1; run <= options.unlimitedRuns; run++) {
			for (const variant of unlimitedVariants) add(variant, items, false, run);
		}
	}
	return plans;
}

