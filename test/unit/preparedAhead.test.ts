import { sleep } from 'n8n-workflow';
import { preparedAhead } from '../../nodes/HighLevelWorkflows/helpers/preparedAhead';

describe('preparedAhead', () => {
	it('prepares every item in the background, each once, and gives each back by index', async () => {
		const calls: number[] = [];
		const ahead = preparedAhead(500, (index) => {
			calls.push(index);
			return index * 2;
		});
		expect(calls).toEqual([]);
		await sleep(100);
		expect(calls).toEqual(Array.from({ length: 500 }, (_, index) => index));
		expect([ahead.take(7), ahead.take(499), ahead.take(0)]).toEqual([14, 998, 0]);
		expect(calls).toHaveLength(500);
	});

	it('prepares an item at once when it is taken before its turn', () => {
		const ahead = preparedAhead(3, (index) => `item ${index}`);
		expect(ahead.take(2)).toBe('item 2');
		ahead.stop();
	});

	it('throws what preparing an item threw when that item is taken, and only then', async () => {
		const ahead = preparedAhead(3, (index) => {
			if (index === 1) throw new Error('Contact ID is empty');
			return index;
		});
		await sleep(50);
		expect(ahead.take(0)).toBe(0);
		expect(() => ahead.take(1)).toThrow('Contact ID is empty');
		expect(ahead.take(2)).toBe(2);
	});

	it('prepares nothing more once stopped', async () => {
		const calls: number[] = [];
		const ahead = preparedAhead(100, (index) => calls.push(index));
		ahead.stop();
		await sleep(50);
		expect(calls).toEqual([]);
	});

	it('lets timers and answers run between short slices of a long input', async () => {
		let prepared = 0;
		const ahead = preparedAhead(5_000, () => {
			const until = performance.now() + 0.2;
			while (performance.now() < until);
			return ++prepared;
		});
		await sleep(20);
		// A 20 ms timer fired while about a second of preparing was still to do.
		expect(prepared).toBeGreaterThan(0);
		expect(prepared).toBeLessThan(1_000);
		ahead.stop();
	});

	it('stays at most 10,000 items past the highest item taken', async () => {
		const calls: number[] = [];
		const ahead = preparedAhead(50_000, (index) => calls.push(index));
		await sleep(300);
		expect(calls).toHaveLength(10_000);
		ahead.take(20_000);
		await sleep(300);
		expect(calls).toHaveLength(30_001);
		ahead.stop();
	});
});
