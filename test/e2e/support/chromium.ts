/** Debian's Chromium for the editor test, installed by the test setup when missing (CI, or as root). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ensureDebianCommand } from '../../../tools/process/apt';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Returns undefined when Chromium is there (installed now if need be), else why not. */
export async function ensureChromium(log: (line: string) => void): Promise<string | undefined> {
	return await ensureDebianCommand({ packageName: 'chromium', candidates: [CHROMIUM_PATH], log }).then(
		() => undefined,
		(error: Error) => error.message,
	);
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
		// Playwright itself adds --headless, --no-sandbox, --no-first-run, --disable-background-networking and --disable-component-update.
		args: ['--disable-gpu', '--disable-quic', '--disable-sync'],
	};
}
