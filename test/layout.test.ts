/**
 * The repository's layout (CONTRIBUTING.md): the product (nodes/, credentials/) imports no tooling;
 * the tooling (tools/) imports neither test files nor scripts; scripts import no test files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && /\.(ts|mjs|js)$/.test(entry.name))
		.map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** Top-level folders a file's relative imports reach, e.g. ['tools', 'nodes']. */
function importedFolders(file: string): string[] {
	const text = readFileSync(path.join(ROOT, file), 'utf8');
	const specifiers = [...text.matchAll(/(?:from\s+|import\(|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]);
	return specifiers.map((specifier) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)).split(path.sep)[0]);
}

function offenders(dirs: string[], forbidden: string[]): string[] {
	return dirs
		.flatMap(sources)
		.flatMap((file) => importedFolders(file).filter((folder) => forbidden.includes(folder)).map((folder) => `${file} → ${folder}/`));
}

describe('import direction', () => {
	it('keeps the product free of tooling, scripts and tests', () => {
		expect(offenders(['nodes', 'credentials'], ['tools', 'scripts', 'test'])).toEqual([]);
	});

	it('lets the tooling import neither test files nor scripts', () => {
		expect(offenders(['tools'], ['test', 'scripts'])).toEqual([]);
	});

	it('lets scripts import tooling and the product, never test files', () => {
		expect(offenders(['scripts'], ['test'])).toEqual([]);
	});

	it('finds a forbidden import when there is one', () => {
		// The checker itself: this test file imports nothing from tools/, but a test file that did would be listed.
		expect(importedFolders('test/node/setup.ts')).toContain('tools');
	});
});

describe('file size', () => {
	it('keeps every product, tooling and script file at about 300 lines or fewer', () => {
		const long = ['nodes', 'credentials', 'tools', 'scripts']
			.flatMap(sources)
			.map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), 'utf8').split('\n').length }))
			.filter(({ lines }) => lines > 320)
			.map(({ file, lines }) => `${file} (${lines})`);
		expect(long).toEqual([]);
	});
});
