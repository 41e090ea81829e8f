/** What every scripts/*.ts shares: --help, checked integers, and its exit code. */
import { readFileSync } from 'node:fs';

/** With --help, prints the script's opening comment and exits. */
export function exitOnHelp(file: string): void {
	if (!process.argv.includes('--help')) return;
	process.stdout.write(`${readFileSync(file, 'utf8').split('*/')[0]}*/\n`);
	process.exit(0);
}

export function integer(value: string, name: string, min = 1): number {
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} needs an integer ≥ ${min}, got "${value}"`);
	return parsed;
}

/** Runs a script's main and exits with its code (1 when it throws). */
export function runMain(main: () => Promise<number | void>): void {
	main().then(
		(code) => process.exit(code ?? 0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
