import type { RecordedRequest, Sandbox } from '../../tools/sandbox/server';
import { addParameters, freshCredential, runNode, useSandbox } from './setup';

const sandbox = useSandbox();

/** Most requests that arrived within any `intervalMs` (a sliding window over the sandbox's records). */
function peakPerWindow(requests: readonly RecordedRequest[], intervalMs: number): number {
	const times = requests.map((request) => request.at).sort((a, b) => a - b);
	let peak = 0;
	for (let first = 0, last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= intervalMs) first++;
		peak = Math.max(peak, last - first + 1);
	}
	return peak;
}

/**
 * Most requests in one of the sandbox's fixed windows: a window opens at the first request after the
 * last one ended, as the sandbox (and HighLevel's default) counts. Two windows back to back may hold
 * up to twice the limit within one interval; each holds no more than the limit.
 */
function peakPerFixedWindow(requests: readonly RecordedRequest[], intervalMs: number): number {
	const times = requests.map((request) => request.at).sort((a, b) => a - b);
	let peak = 0;
	for (let start = 0, index = 0; index < times.length; index++) {
		if (times[index] - times[start] >= intervalMs) start = index;
		peak = Math.max(peak, index - start + 1);
	}
	return peak;
}

const contactsFor = (tag: string, count: number) =>
	Array.from({ length: count }, (_, i) => ({ contactId: `${tag}${String(i).padStart(8, '0')}` }));

async function enrolAtDefaults(box: Sandbox, tag: string, count: number) {
	const contacts = contactsFor(tag, count);
	const run = await runNode(box, addParameters(), contacts, { credential: freshCredential(box) });
	expect(run.result.error).toBeUndefined();
	expect(run.items.map((item) => item.json.success)).toEqual(contacts.map(() => true));
	const counts = box.enrolmentCounts();
	expect([...counts.keys()].map((key) => key.split('|')[0]).sort()).toEqual(contacts.map((c) => c.contactId).sort());
	expect([...counts.values()].every((count) => count === 1)).toBe(true);
	return box.summary();
}

describe('pacing at the default settings, with the sandbox limiting as HighLevel does', () => {
	it("at HighLevel's 100 per 10 s (a fixed window): 150 contacts, no 429, never more than 100 in a window, each enrolled once", async () => {
		sandbox().configure({ rateLimit: { max: 100, intervalMs: 10_000 } });
		const summary = await enrolAtDefaults(sandbox(), 'hl100p10s', 150);
		expect(summary.byStatus).toEqual({ 200: 150 });
		expect(peakPerFixedWindow(sandbox().requests, 10_000)).toBeLessThanOrEqual(100);
	}, 60_000);

	it('at 25 per second (a rolling window): 100 contacts, no 429, never more than 25 in any second, each enrolled once', async () => {
		sandbox().configure({ rateLimit: { max: 25, intervalMs: 1000, mode: 'sliding' } });
		const summary = await enrolAtDefaults(sandbox(), 'hl25p1s', 100);
		expect(summary.byStatus).toEqual({ 200: 100 });
		expect(peakPerWindow(sandbox().requests, 1000)).toBeLessThanOrEqual(25);
	}, 30_000);
});

describe('Max Concurrent Requests', () => {
	it.each([1, 3, 10])('never has more than %i requests waiting for HighLevel at once', async (maxConcurrency) => {
		sandbox().configure({ latencyMs: 40 });
		const contacts = contactsFor(`conc${maxConcurrency}x`, 30);
		const { items } = await runNode(sandbox(), addParameters({ options: { maxConcurrency } }), contacts, {
			credential: freshCredential(sandbox()),
		});
		expect(items.filter((item) => item.json.success === true)).toHaveLength(30);
		// Reached, and never passed: the option is what limits, not something else.
		expect(sandbox().summary().peakInFlight).toBe(maxConcurrency);
	});
});
