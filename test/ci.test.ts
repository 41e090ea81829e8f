import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
/** The commands a shell script runs, comments and blank lines aside. */
const commands = (script: string) =>
	script
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'));

describe('CI blocks a pull request on every suite the README names', () => {
	it('the GitHub workflow runs .ci/run on pull requests', () => {
		const workflow = read('.github/workflows/ci.yml');
		expect(workflow).toMatch(/^\s*pull_request:/m);
		expect(workflow).toMatch(/^\s*- run: \.ci\/run\s*$/m);
	});

	it('.ci/run stops at the first failure and runs lint, typecheck, scan, npm test, e2e and queue mode', () => {
		const script = commands(read('.ci/run'));
		expect(script).toContain('set -euo pipefail');
		for (const step of ['npm run lint', 'npm run typecheck', 'npm run scan', 'npm test']) expect(script).toContain(step);
		expect(script.some((line) => /^(\S+=\S+ )*npm run test:e2e\b/.test(line))).toBe(true);
		expect(script.some((line) => /^npm run test:queue\b/.test(line))).toBe(true);
		// Nothing may swallow a failure.
		expect(script.filter((line) => /\|\| *true|; *true$/.test(line))).toEqual([]);
	});
});
