/**
 * Runs `task` for indexes 0..count-1 with at most `concurrency` at once and returns the results in
 * index order. After a task throws, no new task starts; the first error (by index) is thrown once the
 * tasks already running have settled, so no request is left unaccounted for.
 */
export async function runItems<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const errors = new Map<number, unknown>();
	let next = 0;
	const worker = async () => {
		while (next < count && errors.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				errors.set(index, error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	if (errors.size > 0) throw errors.get(Math.min(...errors.keys()));
	return results;
}
