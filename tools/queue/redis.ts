/**
 * Debian's redis-server for n8n's queue mode: installed with apt-get when missing (as root), run on a
 * loopback port with no persistence, in its own process group.
 */
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

import { ensureDebianCommand } from '../process/apt';
import type { Logger } from '../process/log';
import { freePort, waitUntilReady } from '../process/net';
import { cleanEnv } from '../process/run';
import { spawnLogged } from '../process/spawnLogged';

/** The path of redis-server, installing Debian's package first when it is missing. */
export function ensureRedisServer(log: Logger): Promise<string> {
	return ensureDebianCommand({ packageName: 'redis-server', candidates: ['/usr/bin/redis-server', 'redis-server'], log });
}

export type RedisHandle = Awaited<ReturnType<typeof startRedis>>;

/** One PING over a fresh connection; true on +PONG. */
function pingRedis(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ port, host: '127.0.0.1' });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** redis-server on 127.0.0.1:<free port>, no RDB snapshots, no AOF; waits until it answers PING. */
export async function startRedis(options: { binary: string; logFile: string }) {
	const port = await freePort();
	const workDir = path.dirname(options.logFile);
	mkdirSync(workDir, { recursive: true });
	const args = ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', workDir, '--daemonize', 'no'];
	const child = spawnLogged(options.binary, args, options.logFile, { cwd: workDir, env: cleanEnv() });
	const stop = () => child.stop(5_000);
	await waitUntilReady({
		name: 'redis-server',
		ready: () => pingRedis(port),
		exitCode: child.exitCode,
		output: child.output,
		logFile: options.logFile,
		timeoutMs: 20_000,
		onTimeout: stop,
		pollMs: 100,
	});
	return { port, stop };
}
