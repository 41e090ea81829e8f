export type Logger = (line: string) => void;

/** A logger that prints `[prefix] line` on stdout. */
export function prefixedLogger(prefix: string): Logger {
	return (line) => void process.stdout.write(`[${prefix}] ${line}\n`);
}
