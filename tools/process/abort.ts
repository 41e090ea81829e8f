import type { Logger } from './log';

/**
 * For long-running scripts: on SIGINT/SIGTERM/SIGHUP, or when `timeoutMinutes` pass, stop what they
 * started (`stop`, with a short grace) and exit; a hung stop is cut off after 15 s. Returns a function
 * that cancels the time-out once the script is done.
 */
export function stopOnAbort(options: { log: Logger; stop: (graceMs: number) => Promise<void>; timeoutMinutes: number }): () => void {
	const abort = (why: string, code: number) => {
		options.log(`${why}: stopping everything ...`);
		setTimeout(() => process.exit(code), 15_000).unref();
		void options.stop(3_000).finally(() => process.exit(code));
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => abort(signal, 130));
	const overall = setTimeout(() => abort(`not done after ${options.timeoutMinutes} min`, 1), options.timeoutMinutes * 60_000);
	overall.unref();
	return () => clearTimeout(overall);
}
