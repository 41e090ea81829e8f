// n8n's verification lint gate, run locally: @n8n/scan-community-package lints the source
// (package.json, nodes/, credentials/) and the packed tarball, with inline disables ignored.
// Needs `npm run build` first (the tarball holds dist/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'hl-scan-'));
try {
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	);
	execFileSync('tar', ['-xzf', path.join(work, filename), '-C', work]);
	const checks = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['tarball', await analyzePackage(path.join(work, 'package'), ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [name, result] of checks) {
		console.log(`scan ${name}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
