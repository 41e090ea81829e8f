/**
 * Debian's redis-server for n8n's queue mode: installed with apt-get when missing (as root), run on a
 * loopback port with no persistence, in its own process group.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

import { cleanEnv, freePort, run, stopGroup } from '../n8n/launcher';
import { spawnLogged, untrackProcessGroup } from './processes';

type Logger = (line: string) => void;

export function findRedisServer(): string | undefined {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0) return candidate;
	}
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	return found || undefined;
}

/** The path of redis-server, installing Debian's package first when it is missing. */
export async function ensureRedisServer(log: Logger): Promise<string> {
	const existing = findRedisServer();
	if (existing) return existing;
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error('redis-server is not installed and this is not root: run `sudo apt-get install -y redis-server`');
	}
	const started = Date.now();
	log('redis-server missing: apt-get install -y redis-server ...');
	const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	const install = () =>
		run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { env, timeoutMs: 10 * 60_000, allowFailure: true });
	let result = await install();
	if (result.code !== 0) {
		// A fresh machine has no package lists yet.
		await run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
		result = await install();
	}
	const installed = findRedisServer();
	if (result.code !== 0 || !installed) {
		throw new Error(`apt-get install redis-server failed (${result.code}):\n${(result.stderr || result.stdout).slice(-2000)}`);
	}
	log(`redis-server installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	return installed;
}

export interface RedisHandle {
	host: string;
	port: number;
	pid: number;
	logFile: string;
	stop(): Promise<void>;
}

/** One PING over a fresh connection; true on +PONG. */
export function pingRedis(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ port, host });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** redis-server on 127.0.0.1:<free port>, no RDB snapshots, no AOF; waits until it answers PING. */
export async function startRedis(options: { binary: string; logFile: string; port?: number; timeoutMs?: number }): Promise<RedisHandle> {
	const port = options.port ?? (await freePort());
	const workDir = path.dirname(options.logFile);
	mkdirSync(workDir, { recursive: true });
	const args = ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', workDir, '--daemonize', 'no'];
	const { pid, output, exitCode } = spawnLogged(options.binary, args, options.logFile, { cwd: workDir, env: cleanEnv() });
	const handle: RedisHandle = {
		host: '127.0.0.1',
		port,
		pid,
		logFile: options.logFile,
		async stop() {
			await stopGroup(pid, 5_000);
			untrackProcessGroup(pid);
		},
	};
	const deadline = Date.now() + (options.timeoutMs ?? 20_000);
	for (;;) {
		if (exitCode() !== undefined) throw new Error(`redis-server exited with ${exitCode()}:\n${output().slice(-2000)}`);
		if (await pingRedis(port)) return handle;
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(`redis-server did not answer PING on ${port}:\n${output().slice(-2000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
