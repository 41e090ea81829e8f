import { createServer } from 'node:net';

import { sleep, tail } from './time';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** The HTTP status of a GET, 0 when nothing answered within 2 s. */
export async function httpStatus(url: string): Promise<number> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Polls until `ready()` says yes. Fails with the process's last output when it exits first or the
 * time runs out (after `onTimeout`, which should stop it).
 */
export async function waitUntilReady(options: {
	name: string;
	ready: () => Promise<boolean>;
	exitCode: () => number | null | undefined;
	output: () => string;
	logFile: string;
	timeoutMs: number;
	onTimeout: () => Promise<void>;
	pollMs?: number;
}): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	const failure = (what: string) => new Error(`${options.name} ${what}; see ${options.logFile}\n${tail(options.output(), 40)}`);
	for (;;) {
		const code = options.exitCode();
		if (code !== undefined) throw failure(`exited with ${code} before it was ready`);
		if (await options.ready()) return;
		if (Date.now() > deadline) {
			await options.onTimeout();
			throw failure(`was not ready after ${options.timeoutMs} ms`);
		}
		await sleep(options.pollMs ?? 500);
	}
}
