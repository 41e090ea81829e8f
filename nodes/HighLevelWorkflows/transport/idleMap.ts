/**
 * A map for the node's in-process caches (rate-limit buckets, location tokens) that cannot grow
 * without limit: once it holds `softCap` entries, every idle entry is dropped, and past `hardCap`
 * the least recently used go too. A sweep runs only when the map has doubled since the last one,
 * so its cost per insert stays constant.
 */
export class IdleMap<V> {
	private readonly entries = new Map<string, V>();
	private sweepAt: number;

	constructor(
		private readonly isIdle: (value: V, now: number) => boolean,
		private readonly softCap: number,
		private readonly hardCap: number,
		private readonly now: () => number = Date.now,
	) {
		this.sweepAt = softCap;
	}

	get size(): number {
		return this.entries.size;
	}

	/** The entry, marked as recently used. */
	get(key: string): V | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, value);
		}
		return value;
	}

	set(key: string, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size >= this.sweepAt) this.sweep();
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	private sweep(): void {
		const now = this.now();
		for (const [key, value] of this.entries) {
			if (this.isIdle(value, now)) this.entries.delete(key);
		}
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.hardCap) break;
			this.entries.delete(key);
		}
		this.sweepAt = Math.min(this.hardCap + 1, Math.max(this.softCap, this.entries.size * 2));
	}
}
