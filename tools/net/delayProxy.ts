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

/**
 * Copies `from` to `to`, each chunk `delayMs` after it came (and no sooner than `notBefore`). An end,
 * a close or an error on `from` reaches `to` as late as a chunk sent then would: after every chunk
 * still on its way, which would otherwise be lost.
 * One queue and one timer per direction: a timer per chunk can fire out of order (Node starts timers
 * from the event loop's cached time, which lags Date.now() on a busy loop), and TLS records swapped
 * on the way break the connection.
 */
function delayedPipe(from: Socket, to: Socket, delayMs: number, notBefore: number): void {
	const queue: Array<{ due: number; action: () => void }> = [];
	let timer: NodeJS.Timeout | undefined;
	const schedule = () => {
		timer = queue.length > 0 ? setTimeout(drain, Math.max(0, queue[0].due - Date.now())) : undefined;
	};
	const drain = () => {
		while (queue.length > 0 && queue[0].due <= Date.now()) queue.shift()?.action();
		schedule();
	};
	const later = (action: () => void) => {
		queue.push({ due: Math.max(Date.now() + delayMs, notBefore), action });
		if (!timer) schedule();
	};
	from.on('data', (chunk: Buffer) => later(() => !to.destroyed && to.write(chunk)));
	from.on('end', () => later(() => !to.destroyed && to.end()));
	// Destroying `to` at once could drop what it has not flushed yet, and reset the other side: end it,
	// and destroy it only if it is still open a while later.
	from.on('close', () =>
		later(() => {
			to.end();
			setTimeout(() => to.destroy(), 5_000).unref();
		}),
	);
	// The close that follows an error does the rest.
	from.on('error', () => undefined);
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

/** The Base URL a client should use for a server `delayMs` away each way (the server's own when 0), and the proxy to close. */
export async function atDistance(serverUrl: string, delayMs: number): Promise<{ baseUrl: string; proxy?: DelayProxy }> {
	if (delayMs <= 0) return { baseUrl: serverUrl };
	const url = new URL(serverUrl);
	const proxy = await startDelayProxy({ host: url.hostname, port: Number(url.port) }, delayMs);
	return { baseUrl: `${url.protocol}//${url.hostname}:${proxy.port}`, proxy };
}
