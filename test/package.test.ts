import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	main: string;
	files: string[];
	n8n: { nodes: string[]; credentials: string[] };
};

describe('the package card', () => {
	it('has index.js as main, shipped in the tarball, exporting every node and credential class n8n loads', () => {
		expect(pkg.main).toBe('index.js');
		expect(pkg.files).toContain('index.js');
		const index = readFileSync(path.join(ROOT, 'index.js'), 'utf8');
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const className = path.basename(file).split('.')[0];
			const required = `./${file.replace(/\.js$/, '')}`;
			expect(index).toContain(`require('${required}').${className}`);
			expect(index).toContain(`get ${className}()`);
		}
	});

	it.each([
		['credentials/HighLevelPrivateIntegrationApi.credentials.ts', 'n8n-nodes-base/cred-class-field-display-name-missing-api'],
		['nodes/HighLevelWorkflows/HighLevelWorkflows.node.ts', 'n8n-nodes-base/node-class-description-missing-subtitle'],
	])('npm run lint applies eslint-plugin-n8n-nodes-base rules to %s', (file, rule) => {
		// ESLint's config is an ES module, which jest cannot import: ask the CLI `npm run lint` runs.
		const printed = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--print-config', file], { cwd: ROOT, encoding: 'utf8' });
		const config = JSON.parse(printed) as { rules: Record<string, unknown> };
		expect(config.rules[rule]).toEqual([2]);
	});
});

describe('publishing', () => {
	const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
	const workflow = readFileSync(path.join(ROOT, '.github', 'workflows', 'publish.yml'), 'utf8');

	it('publishes only through n8n-node release from GitHub Actions, with an OIDC token for provenance', () => {
		expect(scripts.release).toBe('n8n-node release');
		expect(scripts.prepublishOnly).toBe('n8n-node prerelease');
		expect(workflow).toMatch(/id-token: write/);
		expect(workflow).toMatch(/^\s+npm run release$/m);
		expect(workflow).not.toMatch(/run: .*npm publish/);
	});
});
