import { sleep } from 'n8n-workflow';

/** Longest stretch of preparing before other callbacks (answers, timers) get their turn. */
const SLICE_MS = 2;
/** Furthest the preparing runs past the highest item taken, so a huge input is not held twice. */
const AHEAD = 10_000;

/** How long to wait before looking again once the preparing is AHEAD items past the highest taken. */
const CAUGHT_UP_WAIT_MS = 50;

type Outcome<T> = { value: T } | { error: unknown };
const TAKEN = Symbol('taken');

export interface PreparedAhead<T> {
	/** Item `index`'s prepared value, prepared now if its turn has not come; throws what preparing threw. */
	take(index: number): T;
	stop(): void;
}

/**
 * Runs `prepare` (reading and checking an item's parameters, nothing sent) for items 0..count-1 in
 * short slices between the run's other work. Items that wait for their rate-limit window are then
 * ready when it opens, and the burst of requests that follows spends its time on requests.
 */
export function preparedAhead<T>(count: number, prepare: (index: number) => T): PreparedAhead<T> {
	const outcomes = new Array<Outcome<T> | typeof TAKEN | undefined>(count);
	const run = (index: number): Outcome<T> => {
		try {
			return { value: prepare(index) };
		} catch (error) {
			return { error };
		}
	};
	let next = 0;
	let highestTaken = -1;
	let stopped = false;

	void (async () => {
		while (!stopped && next < count) {
			await sleep(next > highestTaken + AHEAD ? CAUGHT_UP_WAIT_MS : 0);
			const until = Date.now() + SLICE_MS;
			while (!stopped && next < count && next <= highestTaken + AHEAD && Date.now() < until) {
				if (outcomes[next] === undefined) outcomes[next] = run(next);
				next++;
			}
		}
	})();

	return {
		take(index) {
			const stored = outcomes[index];
			const outcome = stored === undefined || stored === TAKEN ? run(index) : stored;
			outcomes[index] = TAKEN;
			highestTaken = Math.max(highestTaken, index);
			if ('error' in outcome) throw outcome.error;
			return outcome.value;
		},
		stop() {
			stopped = true;
		},
	};
}
