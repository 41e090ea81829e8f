import { type Logger, prefixedLogger } from '../process/log';

let current: Logger = prefixedLogger('n8n');

/** Progress lines of the n8n tools (console by default). */
export function log(line: string): void {
	current(line);
}

export function setLogger(logger: Logger): void {
	current = logger;
}
