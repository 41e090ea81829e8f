/** Debian's Chromium for the editor test, installed by the test setup when missing (CI, or as root). */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cleanEnv, run } from '../../../scripts/n8n/launcher';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Returns undefined when Chromium is there, else why not. */
export async function ensureChromium(log: (line: string) => void): Promise<string | undefined> {
	if (existsSync(CHROMIUM_PATH)) return undefined;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (process.env.CI !== 'true' && !isRoot) {
		return `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium)`;
	}
	const started = Date.now();
	log('installing Debian chromium (apt-get update && apt-get install -y chromium) ...');
	const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	const sudo = isRoot ? [] : ['sudo', '-n'];
	try {
		const [command, ...prefix] = [...sudo, 'apt-get'];
		await run(command, [...prefix, 'update'], { env, timeoutMs: 10 * 60_000 });
		await run(command, [...prefix, 'install', '-y', '--no-install-recommends', 'chromium'], { env, timeoutMs: 20 * 60_000 });
	} catch (error) {
		return `installing chromium failed: ${(error as Error).message}`;
	}
	log(`chromium installed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
	return existsSync(CHROMIUM_PATH) ? undefined : `apt-get installed chromium but ${CHROMIUM_PATH} is missing`;
}

/**
 * For playwright-core's chromium.launchPersistentContext(userDataDir, options): this machine's Chromium,
 * a fresh profile folder (Playwright passes it as --user-data-dir), no downloads, no outbound traffic.
 */
export function chromiumLaunchOptions(): { userDataDir: string; executablePath: string; headless: true; args: string[] } {
	const userDataDir = mkdtempSync(path.join(tmpdir(), 'chromium-e2e-'));
	return {
		userDataDir,
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	};
}
