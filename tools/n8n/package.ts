/** This package as n8n gets it: `npm pack`, then installed the way Settings → Community Nodes does. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from '../paths';
import { writeJson } from '../process/files';
import { npmCommand, run } from '../process/run';
import { secondsSince as seconds } from '../process/time';
import { log } from './log';

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

/** `npm run build`: dist/, which the tarball holds. */
export async function buildPackage(): Promise<void> {
	log('npm run build ...');
	await run(npmCommand(), ['run', 'build'], { cwd: REPO_ROOT, timeoutMs: 10 * 60_000 });
}

function readPackageJson(dir: string): PackageJson {
	return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** `npm pack` of a package folder (this repository by default); returns the tarball's path. */
export async function packPackage(packageDir = REPO_ROOT, outDir?: string): Promise<string> {
	const pkg = readPackageJson(packageDir);
	const built = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = built.filter((file) => !existsSync(path.join(packageDir, file)));
	if (missing.length > 0) {
		throw new Error(`${pkg.name}: ${missing.join(', ')} missing; run \`npm run build\` first`);
	}
	const destination = outDir ?? mkdtempSync(path.join(tmpdir(), 'n8n-pack-'));
	mkdirSync(destination, { recursive: true });
	const { stdout } = await run(
		npmCommand(),
		['pack', '--ignore-scripts', '--json', '--pack-destination', destination, '--loglevel=error'],
		{ cwd: packageDir },
	);
	const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(destination, info.filename);
}

/**
 * Installs the package into <userFolder>/.n8n/nodes the way n8n 2.40's community-packages service
 * does for Settings → Community Nodes (CommunityPackagesService.downloadPackage): unpack the tarball
 * into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json, run
 * `npm install --ignore-scripts` for its runtime dependencies inside it, and record the dependency in
 * nodes/package.json. (A plain `npm install <tarball>` in nodes/ would also install the peer
 * dependency n8n-workflow from the registry, which n8n itself never does.)
 */
export async function installPackage(
	userFolder: string,
	options: { packageDir?: string; tarball?: string } = {},
): Promise<void> {
	const started = Date.now();
	const tarball = options.tarball ?? (await packPackage(options.packageDir ?? REPO_ROOT, path.join(userFolder, 'pack')));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });

	const staging = mkdtempSync(path.join(tmpdir(), 'n8n-unpack-'));
	try {
		await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
		const pkg = readPackageJson(staging);
		const target = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
		rmSync(target, { recursive: true, force: true });
		mkdirSync(path.dirname(target), { recursive: true });
		await run('cp', ['-R', staging, target]);
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete pkg[field];
		writeJson(path.join(target, 'package.json'), pkg);
		await run(
			npmCommand(),
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			],
			{ cwd: target },
		);
		const nodesPackageJson = path.join(nodesDir, 'package.json');
		const manifest = existsSync(nodesPackageJson)
			? (JSON.parse(readFileSync(nodesPackageJson, 'utf8')) as { dependencies?: Record<string, string> })
			: { name: 'installed-nodes', private: true, dependencies: {} };
		manifest.dependencies = { ...(manifest.dependencies ?? {}), [pkg.name]: pkg.version };
		writeJson(nodesPackageJson, manifest);
		log(`${pkg.name}@${pkg.version} installed into ${nodesDir} (${seconds(started)})`);
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}