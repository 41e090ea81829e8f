import { addParameters, contactItems, freshCredential, runNode, useSandbox } from './setup';

const sandbox = useSandbox();

// The sandbox answers 429 to any request over the limit in its window (fixed or sliding, counted when
// it records the request), so all 200s means no window held more than the limit.
describe('pacing at the default settings, with the sandbox limiting as HighLevel does', () => {
	it.each([
		[
			"at HighLevel's 100 per 10 s (a fixed window): 150 contacts, no 429, never more than 100 in a window, each enrolled once",
			{ max: 100, intervalMs: 10_000 },
			150,
		],
		[
			'at 25 per second (a rolling window): 100 contacts, no 429, never more than 25 in any second, each enrolled once',
			{ max: 25, intervalMs: 1000, mode: 'sliding' as const },
			100,
		],
	])('%s', async (_name, rateLimit, count) => {
		sandbox().configure({ rateLimit });
		const contacts = contactItems(`pace${count}x`, count);
		const run = await runNode(sandbox(), addParameters(), contacts, { credential: freshCredential(sandbox()) });
		expect(run.result.error).toBeUndefined();
		expect(run.items.map((item) => item.json.success)).toEqual(contacts.map(() => true));
		expect(sandbox().enrolments.map((enrolment) => enrolment.contactId).sort()).toEqual(contacts.map((c) => c.contactId).sort());
		expect(sandbox().summary().byStatus).toEqual({ 200: count });
	}, 60_000);
});

describe('Max Concurrent Requests', () => {
	it.each([1, 3, 10])('never has more than %i requests waiting for HighLevel at once', async (maxConcurrency) => {
		sandbox().configure({ latencyMs: 40 });
		const contacts = contactItems(`conc${maxConcurrency}x`, 30);
		const { items } = await runNode(sandbox(), addParameters({ options: { maxConcurrency } }), contacts, {
			credential: freshCredential(sandbox()),
		});
		expect(items.filter((item) => item.json.success === true)).toHaveLength(30);
		// Reached, and never passed: the option is what limits, not something else.
		expect(sandbox().summary().peakInFlight).toBe(maxConcurrency);
	});
});
