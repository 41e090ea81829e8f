/** Waits; an unref'd wait does not keep the process alive. */
export const sleep = (ms: number, unref = false) =>
	new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		if (unref) timer.unref();
	});

export function secondsSince(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** The last `lines` lines of a process's output, for error messages. */
export function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}
