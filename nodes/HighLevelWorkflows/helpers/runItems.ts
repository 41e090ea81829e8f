/** Most tasks under way at once however many lanes a run has. */
export const MAX_IN_FLIGHT = 200;

interface Lane {
	indexes: number[];
	next: number;
	running: number;
	queued: boolean;
}

/**
 * Runs `task` for indexes 0..count-1 and returns the results in index order. Items run in lanes
 * (`laneOf`, e.g. their sub-account, each with its own rate limit): at most `concurrency` at once per
 * lane, lanes taking turns, at most max(concurrency, MAX_IN_FLIGHT) in all, so a lane that waits for
 * its rate limit holds only its own share. After a task throws, no new task starts; the first error
 * (by index) is thrown once the tasks already running have settled, so no request is left unaccounted for.
 */
export async function runItems<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	laneOf: (index: number) => string = () => '',
): Promise<T[]> {
	const results = new Array<T>(count);
	const errors = new Map<number, unknown>();
	const lanes = new Map<string, Lane>();
	for (let index = 0; index < count; index++) {
		const key = laneOf(index);
		let lane = lanes.get(key);
		if (!lane) {
			lane = { indexes: [], next: 0, running: 0, queued: true };
			lanes.set(key, lane);
		}
		lane.indexes.push(index);
	}
	let ready: Lane[] = [...lanes.values()];
	let head = 0;
	let inFlight = 0;
	let started = 0;
	const cap = Math.max(concurrency, MAX_IN_FLIGHT);
	const enqueue = (lane: Lane) => {
		if (!lane.queued && lane.next < lane.indexes.length && lane.running < concurrency) {
			lane.queued = true;
			ready.push(lane);
		}
	};

	return await new Promise<T[]>((resolve, reject) => {
		const settle = () => {
			if (inFlight > 0 || (errors.size === 0 && started < count)) return;
			if (errors.size > 0) reject(errors.get(Math.min(...errors.keys())));
			else resolve(results);
		};
		const pump = () => {
			while (errors.size === 0 && inFlight < cap && head < ready.length) {
				const lane = ready[head++];
				lane.queued = false;
				const index = lane.indexes[lane.next++];
				lane.running++;
				inFlight++;
				started++;
				enqueue(lane);
				void task(index)
					.then(
						(result) => void (results[index] = result),
						(error: unknown) => void errors.set(index, error),
					)
					.finally(() => {
						lane.running--;
						inFlight--;
						enqueue(lane);
						pump();
						settle();
					});
			}
			if (head > 1024 && head * 2 > ready.length) {
				ready = ready.slice(head);
				head = 0;
			}
		};
		pump();
		settle();
	});
}
