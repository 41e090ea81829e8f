import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { specsDir } from '../tools/contract/specs';
import { TESTED_N8N_VERSIONS } from '../tools/n8n/install';

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

	it('the GitHub workflow checks HighLevel\'s OpenAPI specs out at a pinned commit, after the repository, where HL_OPENAPI_DIR points', () => {
		const workflow = read('.github/workflows/ci.yml');
		const specs = workflow.match(/- uses: actions\/checkout@\S+\n\s+with:\n\s+repository: GoHighLevel\/highlevel-api-docs\n\s+ref: ([0-9a-f]{40})\n\s+path: (\S+)/);
		expect(specs).not.toBeNull();
		const [, , folder] = specs ?? [];
		expect(workflow).toMatch(new RegExp(`^\\s+HL_OPENAPI_DIR: \\$\\{\\{ github\\.workspace \\}\\}/${folder.replace('.', '\\.')}$`, 'm'));
		// The repository's own checkout comes first: it would clean away a folder checked out before it.
		expect(workflow.indexOf('- uses: actions/checkout@v4\n')).toBeLessThan(workflow.indexOf('repository: GoHighLevel/highlevel-api-docs'));
		expect(read('.gitignore').split('\n')).toContain(`${folder}/`);
	});

	const source = path.join(specsDir({}), 'SOURCE.txt');
	(existsSync(source) ? it : it.skip)('the GitHub workflow pins the commit the specs beside the clone come from (openapi/SOURCE.txt)', () => {
		const pinned = read('.github/workflows/ci.yml').match(/repository: GoHighLevel\/highlevel-api-docs\n\s+ref: ([0-9a-f]{40})/)?.[1];
		expect(readFileSync(source, 'utf8')).toContain(`highlevel-api-docs @ ${pinned}`);
	});

	it('.ci/run stops at the first failure and runs lint, typecheck, scan, npm test, e2e and queue mode', () => {
		const script = commands(read('.ci/run'));
		expect(script).toContain('set -euo pipefail');
		for (const step of ['npm run lint', 'npm run typecheck', 'npm run scan', 'npm test']) expect(script).toContain(step);
		expect(script.some((line) => /^(\S+=\S+ )*npm run test:e2e\b/.test(line))).toBe(true);
		expect(script.some((line) => /^npm run test:queue\b/.test(line))).toBe(true);
		// Every n8n version the README's compatibility table names, each its own e2e run.
		const e2eVersions = script.flatMap((line) => /^HL_N8N_VERSION=(\S+) .*npm run test:e2e\b/.exec(line)?.[1] ?? []);
		expect(e2eVersions).toEqual([...TESTED_N8N_VERSIONS]);
		// Nothing may swallow a failure.
		expect(script.filter((line) => /\|\| *true|; *true$/.test(line))).toEqual([]);
	});
});
