/** What bench:n8n measures: its options (scripts/bench-n8n.ts's --help), and one workflow per measured run. */
import path from 'node:path';

import { ARTIFACTS_DIR } from '../paths';
import { integer, readArgs } from '../process/script';
import { type Limit } from './report';
import { type RunPlan, type Variant, VARIANTS } from './workflows';

export const BENCH_ARTIFACTS = path.join(ARTIFACTS_DIR, 'bench-n8n');

export type Options = ReturnType<typeof readOptions>;

export function readOptions(script: string) {
	const { values, int } = readArgs(script, {
		quick: { type: 'boolean', default: false },
		items: { type: 'string' },
		limits: { type: 'string' },
		runs: { type: 'string' },
		'unlimited-items': { type: 'string' },
		'unlimited-runs': { type: 'string' },
		variants: { type: 'string', default: VARIANTS.join(',') },
		'skip-build': { type: 'boolean', default: false },
		'no-wait-idle': { type: 'boolean', default: false },
		'wait-idle-minutes': { type: 'string', default: '15' },
		keep: { type: 'boolean', default: false },
		'timeout-minutes': { type: 'string', default: '45' },
		'sub-accounts': { type: 'string', default: '0' },
		https: { type: 'boolean', default: false },
		'delay-ms': { type: 'string', default: '0' },
	});
	const quick = values.quick;
	const list = (value: string) => value.split(',').map((entry) => entry.trim());
	const runs = integer(values.runs ?? (quick ? '1' : '3'), 'runs');
	return {
		items: list(values.items ?? (quick ? '300' : '300,1000')).map((value) => integer(value, 'items')),
		// `--limits none`: only the runs with no rate limit.
		limits: list(values.limits ?? (quick ? '25/1000' : '100/10000,25/1000'))
			.filter((value) => value !== 'none')
			.map((value): Limit => {
				const match = /^(\d+)\/(\d+)$/.exec(value);
				if (!match) throw new Error(`--limits takes max/intervalMs pairs, e.g. 100/10000, got "${value}"`);
				return { max: integer(match[1], 'limits'), intervalMs: integer(match[2], 'limits') };
			}),
		runs,
		/** Item counts of the runs with no rate limit (none: no such runs). */
		unlimitedItems: list(values['unlimited-items'] ?? (quick ? '300' : '1000'))
			.map((value) => integer(value, 'unlimited-items', 0))
			.filter((count) => count > 0),
		unlimitedRuns: integer(values['unlimited-runs'] ?? String(runs), 'unlimited-runs'),
		variants: list(values.variants).map((value) => {
			if (!VARIANTS.includes(value as Variant)) throw new Error(`--variants: unknown "${value}" (known: ${VARIANTS.join(', ')})`);
			return value as Variant;
		}),
		skipBuild: values['skip-build'],
		waitIdle: !values['no-wait-idle'],
		waitIdleMinutes: int('wait-idle-minutes', 0),
		keep: values.keep,
		timeoutMinutes: int('timeout-minutes'),
		quick,
		/** > 0: the limited runs are the agency variant, items spread over this many sub-accounts each run. */
		subAccounts: int('sub-accounts', 0),
		https: values.https,
		delayMs: int('delay-ms', 0),
	};
}

/** Batching that stays under the limit: 1,000 ms between batches of what the limit allows per second. */
function batchingFor(limit: Limit | false): RunPlan['batching'] {
	if (!limit) return undefined;
	const batchInterval = Math.min(1000, limit.intervalMs);
	return { batchSize: Math.max(1, Math.floor((limit.max * batchInterval) / limit.intervalMs)), batchInterval };
}

export function planRuns(options: Options, stamp: string): RunPlan[] {
	const plans: RunPlan[] = [];
	let counter = 0;
	let nextSubAccount = 0;
	const add = (variant: Variant, items: number, limit: Limit | false, run: number, warmUp = false) => {
		counter++;
		plans.push({
			workflowId: `bn8n${stamp}w${String(counter).padStart(3, '0')}`,
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

