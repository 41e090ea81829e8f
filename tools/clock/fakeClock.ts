/**
 * Fake time for pacing tests: sleep() resolves when run() moves the clock to its moment, so a test
 * of many seconds of rate limiting takes milliseconds of real time and always unfolds the same way.
 */
export class FakeClock {
	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;

	constructor(private time = 1_000_000) {}

	readonly now = (): number => this.time;

	readonly sleep = async (ms: number): Promise<void> => {
		await new Promise<void>((resolve) => {
			this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
		});
	};

	/** Moves time forward timer by timer until `done` settles; fails past `limitMs` of fake time. */
	async run<T>(done: Promise<T>, limitMs = 24 * 3_600_000): Promise<T> {
		let finished = false;
		const result = done.finally(() => {
			finished = true;
		});
		const end = this.time + limitMs;
		for (;;) {
			// Every promise that can go on without time passing does.
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (finished) return await result;
			if (this.timers.length === 0) throw new Error('FakeClock: nothing left to wait for, yet the work is not done');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			if (next.at > end) throw new Error(`FakeClock: still running after ${limitMs} ms of fake time`);
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}
