/** What every scripts/*.ts shares: --help, checked options, and its exit code. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

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

type Spec = { type: 'string' | 'boolean'; default?: string | boolean };
type Specs = Record<string, Spec>;
/** What parseArgs gives, in a type of our own (its own cannot be named in declarations). */
type Value<S extends Spec> = (S['type'] extends 'boolean' ? boolean : string) | (S extends { default: string | boolean } ? never : undefined);
type Values<T extends Specs> = { [K in keyof T]: Value<T[K]> };

/**
 * --help, then the script's options (an unknown one throws), with readers that check them: `int`,
 * `optional` (undefined when not given) and `oneOf`.
 */
export function readArgs<T extends Specs>(file: string, options: T) {
	exitOnHelp(file);
	const given: Record<string, unknown> = parseArgs({ options }).values;
	const int = (name: keyof T & string, min = 1) => integer(String(given[name]), name, min);
	const optional = (name: keyof T & string, min = 1) => (given[name] === undefined ? undefined : int(name, min));
	const oneOf = <V extends string>(name: keyof T & string, allowed: readonly V[]): V => {
		if (!allowed.includes(given[name] as V)) throw new Error(`--${name} must be ${allowed.join(' or ')}, got "${String(given[name])}"`);
		return given[name] as V;
	};
	return { values: given as Values<T>, int, optional, oneOf };
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
