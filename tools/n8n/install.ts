/**
 * Node 24 and n8n, installed once into the cache folder (.cache/ or N8N_LAUNCHER_CACHE). The tools
 * themselves run on the project's Node (20); n8n and npm for its cache run on Node 24.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CACHE_DIR, REPO_ROOT } from '../paths';
import { withLock, writeJson } from '../process/files';
import { cleanEnv, npmCommand, run } from '../process/run';
import { secondsSince as seconds } from '../process/time';
import { log } from './log';

/**
 * Every n8n version CI runs the e2e tests on, newest first: the newest runs every case of the
 * contract matrix, the others a smoke subset. 2.41.3 needs @n8n/agents@0.26.2, which the registry
 * here lacks; 1.123.81 is the maintained 1.x line.
 */
export const TESTED_N8N_VERSIONS = ['2.41.1', '2.40.7', '1.123.81'] as const;
export const NEWEST_N8N_VERSION = TESTED_N8N_VERSIONS[0];
/** The n8n every launcher tool (install, cli, server, e2e, dev, queue, benchmarks) uses: the newest tested, or HL_N8N_VERSION. */
export const N8N_VERSION = process.env.HL_N8N_VERSION || NEWEST_N8N_VERSION;
/** Node 24 line that n8n 2.x requires; the platform package is node-<platform>-<arch> at this version. */
export const NODE24_VERSION = '24.21.0';

export interface Node24 {
	/** Folder of the platform package: bin/node and include/node (the headers for node-gyp). */
	dir: string;
	bin: string;
	binDir: string;
}

/** Node 24 from the npm registry (the `node` package's platform package, installed without its scripts). */
export async function ensureNode24(): Promise<Node24> {
	const version = NODE24_VERSION;
	const prefix = path.join(CACHE_DIR, 'node24', version);
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(prefix, 'node_modules', pkg);
	const bin = path.join(dir, 'bin', 'node');
	const marker = path.join(prefix, '.complete');
	await installOnce(prefix, () => existsSync(marker) && existsSync(bin), async () => {
		const started = Date.now();
		log(`installing Node ${version} (${pkg}) into ${path.relative(REPO_ROOT, prefix)} ...`);
		mkdirSync(prefix, { recursive: true });
		writeJson(path.join(prefix, 'package.json'), { name: 'node24-cache', private: true });
		await run(
			npmCommand(),
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `${pkg}@${version}`],
			{ cwd: prefix, timeoutMs: 10 * 60_000 },
		);
		const printed = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		if (printed !== `v${version}`) throw new Error(`${bin} printed "${printed}", expected v${version}`);
		if (!existsSync(path.join(dir, 'include', 'node', 'node.h'))) throw new Error(`${dir} has no include/node headers`);
		writeFileSync(marker, `${printed}\n`);
		log(`Node ${printed} ready (${seconds(started)})`);
	});
	return { dir, bin, binDir: path.dirname(bin) };
}

export interface N8nInstall {
	version: string;
	/** The cache prefix: package.json and node_modules/n8n. */
	dir: string;
	/** node_modules/n8n/bin/n8n, to run with node24.bin. */
	n8nBin: string;
	node: Node24;
}

/** PATH with Node 24 first, so npm and every `node` child of n8n (task runner) run on it. */
export function pathWithNode(node: Node24): string {
	return [node.binDir, process.env.PATH ?? ''].join(path.delimiter);
}

const announced = new Set<string>();

/**
 * n8n@version in .cache/n8n/<version>. Idempotent: a marker file (.n8n-ready.json) is written
 * only after every step passed, and a cache with it is used as it is.
 */
export async function ensureN8n(version = N8N_VERSION): Promise<N8nInstall> {
	const node = await ensureNode24();
	const dir = path.join(CACHE_DIR, 'n8n', version);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const install: N8nInstall = { version, dir, n8nBin, node };
	const marker = path.join(dir, '.n8n-ready.json');
	const ready = () => existsSync(marker) && existsSync(n8nBin);
	if (ready() && !announced.has(dir)) log(`n8n ${version} found in ${path.relative(REPO_ROOT, dir)}`);
	await installOnce(dir, ready, () => installN8n(install, marker));
	announced.add(dir);
	return install;
}

async function installN8n({ version, dir, node }: N8nInstall, marker: string): Promise<void> {
	const env = cleanEnv({ PATH: pathWithNode(node) });
	mkdirSync(dir, { recursive: true });
	// Its own package.json makes this folder npm's project root: the repository's .npmrc is not read.
	// n8n 1.x's nodes depend on `xlsx` from a tarball outside the npm registry (cdn.sheetjs.com): the registry's instead (CONVENTIONS.md).
	const overrides = version.startsWith('1.') ? { overrides: { xlsx: '0.18.5' } } : {};
	writeJson(path.join(dir, 'package.json'), { name: 'n8n-cache', private: true, ...overrides });

	let started = Date.now();
	log(`[1/3] npm install n8n@${version} --ignore-scripts (about 3 minutes the first time) ...`);
	await run(npmCommand(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${version}`], {
		cwd: dir,
		env,
		timeoutMs: 30 * 60_000,
	});
	const installed = JSON.parse(readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	if (installed !== version) throw new Error(`installed n8n is ${installed}, expected ${version}`);
	log(`[1/3] n8n ${installed} installed (${seconds(started)})`);

	started = Date.now();
	log(`[2/3] npm rebuild sqlite3 against Node ${NODE24_VERSION} headers (about 2 minutes) ...`);
	await run(npmCommand(), ['rebuild', 'sqlite3', '--foreground-scripts=false', '--loglevel=error'], {
		cwd: dir,
		env: cleanEnv({ PATH: pathWithNode(node), npm_config_nodedir: node.dir, npm_config_ignore_scripts: 'false' }),
		timeoutMs: 30 * 60_000,
	});
	log(`[2/3] sqlite3 rebuilt (${seconds(started)})`);

	started = Date.now();
	log('[3/3] checking sqlite3 loads on Node 24 ...');
	await run(
		node.bin,
		['-e', "const s=require('sqlite3');new s.Database(':memory:').get('select sqlite_version() v',(e,r)=>{if(e)throw e;console.log(r.v)})"],
		{ cwd: dir, env },
	);
	writeJson(marker, { n8n: version, node: NODE24_VERSION, completedAt: new Date().toISOString() });
	log(`[3/3] n8n ${version} ready in ${path.relative(REPO_ROOT, dir)} (${seconds(started)})`);
}

/** Runs `install` unless `ready()`, holding the folder's lock: one process installs, the others wait for it. */
async function installOnce(dir: string, ready: () => boolean, install: () => Promise<void>): Promise<void> {
	if (ready()) return;
	const waiting = (owner: number) => log(`waiting for another install into ${path.relative(REPO_ROOT, dir)} (pid ${owner || '?'}) ...`);
	await withLock(dir, async () => {
		if (!ready()) await install();
	}, waiting);
}
