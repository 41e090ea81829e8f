import { spawnSync } from 'node:child_process';

import type { Logger } from './log';
import { cleanEnv, run } from './run';
import { secondsSince } from './time';

/** The first of `candidates` (paths or command names) that exists, or undefined. */
export function findCommand(candidates: string[]): string | undefined {
	for (const candidate of candidates) {
		const found = spawnSync('sh', ['-c', `command -v "${candidate}"`], { encoding: 'utf8' }).stdout.trim();
		if (found) return found;
	}
	return undefined;
}

/**
 * The path of a command that a Debian package provides, installing the package with apt-get first
 * when it is missing (as root, or with `sudo -n` on CI). Throws with the reason when it cannot.
 */
export async function ensureDebianCommand(options: { packageName: string; candidates: string[]; log: Logger }): Promise<string> {
	const existing = findCommand(options.candidates);
	if (existing) return existing;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot && process.env.CI !== 'true') {
		throw new Error(`${options.candidates[0]} is missing: install Debian's ${options.packageName} (apt-get install -y ${options.packageName})`);
	}
	const started = Date.now();
	options.log(`${options.packageName} missing: apt-get update && apt-get install -y ${options.packageName} ...`);
	const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	const [command, ...prefix] = isRoot ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
	await run(command, [...prefix, 'update'], { env, timeoutMs: 10 * 60_000 });
	await run(command, [...prefix, 'install', '-y', '--no-install-recommends', options.packageName], { env, timeoutMs: 20 * 60_000 });
	const installed = findCommand(options.candidates);
	if (!installed) throw new Error(`apt-get installed ${options.packageName} but ${options.candidates.join(' / ')} is still missing`);
	options.log(`${options.packageName} installed (${secondsSince(started)})`);
	return installed;
}
