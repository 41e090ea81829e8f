/**
 * Every child the tools start runs in a process group of its own, so that stopping it also stops
 * what it started (n8n's task runners, npm's scripts). Tracked groups are killed when this process
 * exits, whatever happened.
 */
import { sleep } from './time';

const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function trackGroup(pid: number): void {
	liveGroups.add(pid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const group of liveGroups) killGroup(group, 'SIGKILL');
	});
}

export function untrackGroup(pid: number): void {
	liveGroups.delete(pid);
}

export function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

/** Whether a process (or, for -pid, its group) is still there. */
export const processAlive = (pid: number) => killGroup(-pid, 0);
const groupAlive = (pid: number) => killGroup(pid, 0);

/** Ends a process group: SIGTERM, then SIGKILL after graceMs. */
export async function stopGroup(pid: number, graceMs = 15_000): Promise<void> {
	if (killGroup(pid, 'SIGTERM')) {
		const deadline = Date.now() + graceMs;
		while (Date.now() < deadline && groupAlive(pid)) await sleep(200);
		if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
	}
	liveGroups.delete(pid);
}
