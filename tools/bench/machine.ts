/** What else runs on this machine while bench:n8n measures, and which build it measures. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

import { REPO_ROOT } from '../paths';
import { prefixedLogger } from '../process/log';
import { sleep } from '../process/time';

const log = prefixedLogger('bench-n8n');

/** n8n (start, worker, execute, its task runner), Chromium (e2e tests) and Redis (queue mode). */
const BUSY_PATTERN = /node_modules\/n8n\/bin\/n8n|@n8n\/task-runner|chromium|redis-server/;

/** Processes of the pattern not in one of our own process groups. */
export function foreignProcesses(ownGroups: number[]): string[] {
	let listing = '';
	try {
		listing = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
	} catch {
		return [];
	}
	const found: string[] = [];
	for (const line of listing.split('\n')) {
		const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
		if (!match) continue;
		const [, pid, pgid, args] = match;
		if (Number(pid) === process.pid || ownGroups.includes(Number(pgid))) continue;
		if (BUSY_PATTERN.test(args)) found.push(`${pid} ${args.slice(0, 120)}`);
	}
	return found;
}

/**
 * Keeps the measured runs off a machine busy with other n8n instances: waits (polling every 15 s)
 * before the bench and before each run while others run, out of one budget for the whole bench;
 * once the budget is spent it measures anyway and the runs say what they shared the machine with.
 */
export class IdleGuard {
	private spentMs = 0;
	readonly seen = new Set<string>();
	ownGroups: number[] = [];

	constructor(private readonly budgetMs: number) {}

	/** Other processes now (and remembered). */
	sample(): string[] {
		const busy = foreignProcesses(this.ownGroups);
		for (const line of busy) this.seen.add(line);
		return busy;
	}

	/** Waits while others run, as long as the budget lasts. */
	async waitIdle(what: string): Promise<void> {
		const started = Date.now();
		let said = false;
		for (;;) {
			const busy = this.sample();
			if (busy.length === 0) break;
			if (this.spentMs + (Date.now() - started) >= this.budgetMs) {
				if (said || this.budgetMs > 0) log(`still ${busy.length} other n8n/Chromium/Redis processes; waiting budget spent, measuring anyway (figures may be skewed)`);
				break;
			}
			if (!said) {
				const left = Math.round((this.budgetMs - this.spentMs) / 60_000);
				log(`${what}: other n8n/Chromium/Redis processes are running (${busy.length}, e.g. ${busy[0]}); waiting for them to end (up to ${left} min more) ...`);
				said = true;
			}
			await sleep(15_000);
		}
		const waited = Date.now() - started;
		this.spentMs += waited;
		if (said && waited > 0) log(`waited ${(waited / 1000).toFixed(0)} s`);
	}

	get waitedSeconds(): number {
		return this.spentMs / 1000;
	}
}

/** The commit measured, and whether the node's or credentials' sources differ from it. */
export function sourceVersion(): string {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${commit} (nodes/ or credentials/ modified)` : commit;
	} catch {
		return 'unknown';
	}
}

export function machine(): string {
	const cpu = cpus();
	return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GiB`;
}
