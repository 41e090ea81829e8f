/**
 * Distance as users have it: a TCP proxy on 127.0.0.1 that holds every chunk `delayMs` in each
 * direction, in order, so every round trip pays it, TCP's and TLS's handshakes included (HighLevel
 * 50 ms away costs a new connection 100 ms before its first byte, a TLS handshake another 100).
 * A connection's first bytes wait one round trip more: the TCP handshake the proxy answered at once.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DelayProxy {
	/** host:port to connect to instead of the target. */
	port: number;
	connections: number;
	close(): Promise<void>;
}

/** Copies `from` to `to`, each chunk `delayMs` after it came (and no sooner than `notBefore`). */
function delayedPipe(from: Socket, to: Socket, delayMs: number, notBefore: number): void {
	let last = 0;
	from.on('data', (chunk: Buffer) => {
		const due = Math.max(Date.now() + delayMs, notBefore, last);
		last = due;
		setTimeout(() => {
			if (!to.destroyed) to.write(chunk);
		}, due - Date.now());
	});
	from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now()) + delayMs));
	from.on('error', () => to.destroy());
	from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now()) + delayMs + 1));
}

export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
	let connections = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		connections++;
		const acceptedAt = Date.now();
		const upstream = connect(target.port, target.host);
		for (const socket of [client, upstream]) {
			socket.setNoDelay(true);
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		}
		delayedPipe(client, upstream, delayMs, acceptedAt + 3 * delayMs);
		delayedPipe(upstream, client, delayMs, 0);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		get connections() {
			return connections;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
