/**
 * Real n8n for local try-outs and end-to-end tests.
 *
 *  - ensureNode24()    Node 24 from the registry (platform package node-<os>-<arch>) in .cache/node24/<version>
 *  - ensureN8n()       n8n@N8N_VERSION in .cache/n8n/<version>: npm install --ignore-scripts, then sqlite3 built for Node 24
 *  - packPackage()     npm pack of this repository (or another package folder)
 *  - installPackage()  the tarball into <userFolder>/.n8n/nodes, as Settings → Community Nodes does it
 *  - startN8n()        `n8n start` in its own process group, waits for /healthz; handle.stop() ends the group
 *  - n8nCli()          other n8n commands (import:credentials, import:workflow, execute --id, ...)
 *
 * The launcher itself runs on the project's Node (20); n8n 2.x and npm for its cache run on Node 24.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const N8N_VERSION = '2.40.7';
/** Node 24 line that n8n 2.x requires; the platform package is node-<platform>-<arch> at this version. */
export const NODE24_VERSION = '24.21.0';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CACHE_DIR = process.env.N8N_LAUNCHER_CACHE ?? path.join(REPO_ROOT, '.cache');

/** Fixed so that the server and every CLI command on the same user folder read the same credentials. */
export const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-highlevel-local-encryption-key';

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
} as const;
export type Owner = { email: string; password: string; firstName: string; lastName: string };

type Logger = (line: string) => void;
let log: Logger = (line) => void process.stdout.write(`[n8n] ${line}\n`);
/** Where progress lines go (console by default). */
export function setLogger(logger: Logger): void {
	log = logger;
}

// ---------------------------------------------------------------------------------------------
// processes
// ---------------------------------------------------------------------------------------------

/** Process groups started here; killed at exit whatever happened. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
	liveGroups.add(pid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const group of liveGroups) killGroup(group, 'SIGKILL');
	});
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const sleep = (ms: number, unref = false) =>
	new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		if (unref) timer.unref();
	});

/** Ends a process group: SIGTERM, then SIGKILL after graceMs. */
export async function stopGroup(pid: number, graceMs = 15_000): Promise<void> {
	if (!killGroup(pid, 'SIGTERM')) {
		liveGroups.delete(pid);
		return;
	}
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && groupAlive(pid)) await sleep(200);
	if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
	liveGroups.delete(pid);
}

/** Set by jest (NODE_ENV=test makes n8n refuse to start), tsx or npm; not for n8n or npm children. */
const DROPPED_VARIABLES = new Set(['INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_ENV', 'JEST_WORKER_ID', 'TS_JEST']);

/**
 * The environment for npm and n8n children: without the npm_* variables that `npm run` exports
 * (npm_config_ignore_scripts from the project's .npmrc would turn the sqlite3 rebuild into a no-op,
 * npm_config_nodedir would build it against the wrong headers) nor the test runner's.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || DROPPED_VARIABLES.has(key)) continue;
		env[key] = value;
	}
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs a command to its end in its own process group; rejects on a non-zero exit unless allowFailure. */
export function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean; echo?: boolean } = {},
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		if (child.pid) trackGroup(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk;
			if (options.echo) process.stdout.write(chunk);
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk;
			if (options.echo) process.stderr.write(chunk);
		});
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					if (child.pid) killGroup(child.pid, 'SIGKILL');
				}, options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			if (timer) clearTimeout(timer);
			if (child.pid) {
				killGroup(child.pid, 'SIGKILL'); // grandchildren left behind, if any
				liveGroups.delete(child.pid);
			}
			const result = { code, stdout, stderr };
			if (timedOut) {
				reject(Object.assign(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms`), result));
			} else if (code !== 0 && !options.allowFailure) {
				const tail = (stderr || stdout).split('\n').slice(-30).join('\n');
				reject(Object.assign(new Error(`${command} ${args.join(' ')} exited with ${code}\n${tail}`), result));
			} else {
				resolve(result);
			}
		});
	});
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Node 24 and n8n
// ---------------------------------------------------------------------------------------------

export interface Node24 {
	/** Folder of the platform package: bin/node and include/node (the headers for node-gyp). */
	dir: string;
	bin: string;
	binDir: string;
}

function npmCommand(): string {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

function writeJson(file: string, value: unknown): void {
	writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
}

/**
 * One installer at a time per cache folder (two test suites started together on a fresh machine):
 * a lock directory holding the owner's pid; a lock whose owner is gone is taken over.
 */
async function withInstallLock<T>(dir: string, body: () => Promise<T>): Promise<T> {
	const lock = `${dir}.lock`;
	mkdirSync(path.dirname(lock), { recursive: true });
	let waitingSaid = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			const owner = Number(readFileSafe(path.join(lock, 'pid')));
			if (owner && !processAlive(owner)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!waitingSaid) log(`waiting for another install into ${path.relative(REPO_ROOT, dir)} (pid ${owner || '?'}) ...`);
			waitingSaid = true;
			await sleep(2_000);
		}
	}
	try {
		return await body();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function readFileSafe(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Node 24 from the npm registry (the `node` package's platform package, installed without its scripts). */
export async function ensureNode24(version = NODE24_VERSION): Promise<Node24> {
	const prefix = path.join(CACHE_DIR, 'node24', version);
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(prefix, 'node_modules', pkg);
	const bin = path.join(dir, 'bin', 'node');
	const node: Node24 = { dir, bin, binDir: path.dirname(bin) };
	const marker = path.join(prefix, '.complete');
	if (existsSync(marker) && existsSync(bin)) return node;
	return await withInstallLock(prefix, async () => {
		if (existsSync(marker) && existsSync(bin)) return node;
		await installNode24(version, prefix, pkg, bin, marker);
		return node;
	});
}

async function installNode24(version: string, prefix: string, pkg: string, bin: string, marker: string): Promise<void> {
	const dir = path.dirname(path.dirname(bin));
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
}

export interface N8nInstall {
	version: string;
	/** The cache prefix: package.json and node_modules/n8n. */
	dir: string;
	/** node_modules/n8n/bin/n8n, to run with node24.bin. */
	n8nBin: string;
	node: Node24;
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** PATH with Node 24 first, so npm and every `node` child of n8n (task runner) run on it. */
function pathWithNode(node: Node24): string {
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
	if (existsSync(marker) && existsSync(n8nBin)) {
		if (!announced.has(dir)) log(`n8n ${version} found in ${path.relative(REPO_ROOT, dir)}`);
		announced.add(dir);
		return install;
	}
	return await withInstallLock(dir, async () => {
		if (!(existsSync(marker) && existsSync(n8nBin))) await installN8n(install, marker);
		announced.add(dir);
		return install;
	});
}

async function installN8n({ version, dir, node }: N8nInstall, marker: string): Promise<void> {
	const env = cleanEnv({ PATH: pathWithNode(node) });
	mkdirSync(dir, { recursive: true });
	// Its own package.json makes this folder npm's project root: the repository's .npmrc is not read.
	writeJson(path.join(dir, 'package.json'), { name: 'n8n-cache', private: true });

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

// ---------------------------------------------------------------------------------------------
// the package
// ---------------------------------------------------------------------------------------------

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
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

export interface InstalledPackage {
	name: string;
	version: string;
	tarball: string;
	/** <userFolder>/.n8n/nodes/node_modules/<name> */
	dir: string;
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
): Promise<InstalledPackage> {
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
		const { devDependencies, peerDependencies, optionalDependencies, ...kept } = pkg;
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		writeJson(path.join(target, 'package.json'), kept);
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
		return { name: pkg.name, version: pkg.version, tarball, dir: target };
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// running n8n
// ---------------------------------------------------------------------------------------------

/**
 * Settings for a quiet, offline, single-user n8n. Everything that would call n8n's servers
 * (telemetry, version notifications, templates, banners, the MCP server registry, the vetted
 * community-node list) is off. The JS task runner runs in n8n's default internal mode, on a broker port
 * of its own per process (a server and a CLI command on the same folder must not share 5679).
 */
export function n8nEnv(userFolder: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
	const env: Record<string, string | undefined> = {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: DEFAULT_ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '3',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...extra,
	};
	return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface StartOptions {
	userFolder: string;
	port?: number;
	/** Extra or overriding environment variables for n8n. */
	env?: Record<string, string | undefined>;
	/** n8n's output goes here (default <userFolder>/n8n.log). */
	logFile?: string;
	/** Also echo n8n's output on this process's stdout. */
	echo?: boolean;
	timeoutMs?: number;
	version?: string;
}

export interface N8nHandle {
	url: string;
	port: number;
	userFolder: string;
	pid: number;
	logFile: string;
	/** Everything n8n printed so far. */
	output(): string;
	/** Ends n8n's process group (SIGTERM, then SIGKILL); safe to call twice. */
	stop(): Promise<void>;
	exited: Promise<number | null>;
}

/** Starts `n8n start` in its own process group and waits until /healthz answers. */
export async function startN8n(options: StartOptions): Promise<N8nHandle> {
	const install = await ensureN8n(options.version ?? N8N_VERSION);
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const logFile = options.logFile ?? path.join(options.userFolder, 'n8n.log');
	mkdirSync(options.userFolder, { recursive: true });
	mkdirSync(path.dirname(logFile), { recursive: true });
	const started = Date.now();
	log(`starting n8n ${install.version} on http://localhost:${port} (user folder ${options.userFolder}) ...`);

	const child: ChildProcess = spawn(install.node.bin, [install.n8nBin, 'start'], {
		cwd: options.userFolder,
		env: cleanEnv({
			PATH: pathWithNode(install.node),
			...n8nEnv(options.userFolder, {
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
				...options.env,
			}),
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = child.pid!;
	trackGroup(pid);
	const file = createWriteStream(logFile);
	let output = '';
	const onData = (chunk: Buffer) => {
		output += chunk;
		file.write(chunk);
		if (options.echo) process.stdout.write(chunk);
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code ?? (signal ? 128 : null);
			resolve(exitCode);
		});
	});
	void exited.then(() => file.end());

	let stopped = false;
	const handle: N8nHandle = {
		url: `http://localhost:${port}`,
		port,
		userFolder: options.userFolder,
		pid,
		logFile,
		output: () => output,
		exited,
		async stop() {
			if (stopped) return;
			stopped = true;
			await stopGroup(pid);
			await Promise.race([exited, sleep(2_000, true)]);
		},
	};

	const deadline = Date.now() + (options.timeoutMs ?? 180_000);
	for (;;) {
		if (exitCode !== undefined) {
			throw new Error(`n8n exited with ${exitCode} before it was ready; see ${logFile}\n${tail(output, 40)}`);
		}
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(`n8n was not ready after ${options.timeoutMs ?? 180_000} ms; see ${logFile}\n${tail(output, 40)}`);
		}
		if ((await httpStatus(`http://127.0.0.1:${port}/healthz/readiness`)) === 200) break;
		await sleep(500);
	}
	log(`n8n ready on ${handle.url} (${seconds(started)})`);
	return handle;
}

function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}

async function httpStatus(url: string): Promise<number> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

export interface CliOptions {
	userFolder: string;
	env?: Record<string, string | undefined>;
	timeoutMs?: number;
	version?: string;
	allowFailure?: boolean;
}

/** Runs `n8n <args>` against a user folder (may run while a server uses the same folder). */
export async function n8nCli(args: string[], options: CliOptions): Promise<RunResult> {
	const install = await ensureN8n(options.version ?? N8N_VERSION);
	const brokerPort = await freePort();
	return await run(install.node.bin, [install.n8nBin, ...args], {
		cwd: options.userFolder,
		env: cleanEnv({
			PATH: pathWithNode(install.node),
			...n8nEnv(options.userFolder, {
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				...options.env,
			}),
		}),
		timeoutMs: options.timeoutMs ?? 180_000,
		allowFailure: options.allowFailure,
	});
}

/** A fresh throw-away user folder under the OS temp dir. */
/**
 * For long-running scripts: on SIGINT/SIGTERM/SIGHUP, or when `timeoutMinutes` pass, stop what they
 * started (`stop`, with a short grace) and exit; a hung stop is cut off after 15 s. Returns a function
 * that cancels the time-out once the script is done.
 */
export function stopOnAbort(options: { log: Logger; stop: (graceMs: number) => Promise<void>; timeoutMinutes: number }): () => void {
	const abort = (why: string, code: number) => {
		options.log(`${why}: stopping everything ...`);
		setTimeout(() => process.exit(code), 15_000).unref();
		void options.stop(3_000).finally(() => process.exit(code));
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => abort(signal, 130));
	const overall = setTimeout(() => abort(`not done after ${options.timeoutMinutes} min`, 1), options.timeoutMinutes * 60_000);
	overall.unref();
	return () => clearTimeout(overall);
}

export function makeUserFolder(prefix = 'n8n-user-'): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

// ---------------------------------------------------------------------------------------------
// importing
// ---------------------------------------------------------------------------------------------

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** Plain data: n8n's import:credentials encrypts it. */
	data: Record<string, unknown>;
}

/** `n8n import:credentials` of plain credentials (encrypted by n8n on import). */
export async function importCredentials(userFolder: string, credentials: CredentialImport[]): Promise<void> {
	const file = path.join(userFolder, `credentials-${randomBytes(4).toString('hex')}.json`);
	const now = new Date().toISOString();
	writeJson(
		file,
		credentials.map((credential) => ({ ...credential, createdAt: now, updatedAt: now })),
	);
	try {
		await n8nCli(['import:credentials', `--input=${file}`], { userFolder });
	} finally {
		rmSync(file, { force: true });
	}
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	[key: string]: unknown;
}

/** `n8n import:workflow` of one or more workflow objects. */
export async function importWorkflows(userFolder: string, workflows: WorkflowJson[]): Promise<void> {
	const file = path.join(userFolder, `workflows-${randomBytes(4).toString('hex')}.json`);
	writeJson(file, workflows);
	try {
		await n8nCli(['import:workflow', `--input=${file}`], { userFolder });
	} finally {
		rmSync(file, { force: true });
	}
}

export interface ExecuteResult {
	code: number | null;
	stdout: string;
	stderr: string;
	/** The run data n8n printed (IRun: data.resultData.runData ...), when it printed JSON. */
	run?: {
		status?: string;
		data: { resultData: { runData: Record<string, Array<Record<string, any>>>; error?: Record<string, any>; lastNodeExecuted?: string } };
		[key: string]: unknown;
	};
}

/** `n8n execute --id <id> --rawOutput`; parses the printed run. */
export async function executeWorkflow(userFolder: string, workflowId: string, options: Partial<CliOptions> = {}): Promise<ExecuteResult> {
	const result = await n8nCli(['execute', `--id=${workflowId}`, '--rawOutput'], {
		userFolder,
		allowFailure: true,
		...options,
	});
	return { ...result, run: parseRun(result.stdout) };
}

function parseRun(stdout: string): ExecuteResult['run'] {
	// With --rawOutput n8n prints the run as pretty JSON; on failure it logs it after "Execution error:".
	const lines = stdout.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				// keep looking
			}
		}
	}
	return undefined;
}

/** The output items (json) of one node in a run. */
export function nodeOutput(run: ExecuteResult['run'], nodeName: string, output = 0): Array<Record<string, any>> {
	const tasks = run?.data.resultData.runData[nodeName];
	if (!tasks || tasks.length === 0) return [];
	const last = tasks[tasks.length - 1];
	const items = (last.data?.main?.[output] ?? []) as Array<{ json: Record<string, any> }>;
	return items.map((item) => item.json);
}
