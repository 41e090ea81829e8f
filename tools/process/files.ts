import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { processAlive } from './groups';
import { sleep } from './time';

export function writeJson(file: string, value: unknown): void {
	writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
}

export function readFileSafe(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/**
 * One holder at a time of `dir` (two installers started together on a fresh machine): a lock
 * directory holding the owner's pid; a lock whose owner is gone is taken over.
 */
export async function withLock<T>(dir: string, body: () => Promise<T>, onWait?: (ownerPid: number) => void): Promise<T> {
	const lock = `${dir}.lock`;
	mkdirSync(path.dirname(lock), { recursive: true });
	let waitingSaid = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			const owner = Number(readFileSafe(path.join(lock, 'pid')));
			if (owner && !processAlive(owner)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!waitingSaid) onWait?.(owner);
			waitingSaid = true;
			await sleep(2_000);
		}
	}
	try {
		return await body();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
