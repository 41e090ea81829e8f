import { addParameters, contactItems, runNode, useSandbox } from './setup';

const sandbox = useSandbox();
const contacts = (count: number) => contactItems('failedrun', count);

/** The item numbers a list such as "0–4, 6, 9–15" names. */
function expand(list: string): number[] {
	if (list === 'none') return [];
	return list.split(', ').flatMap((part) => {
		const [from, to] = part.split('–').map(Number);
		return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
	});
}

/** The three sets a failed run's message names. */
function namedSets(description: string | null | undefined) {
	const match = /carried out in HighLevel, and in no output: ([^;]+); outcome unknown \(HighLevel did not confirm\): ([^;]+); not carried out: ([^.]+)\./.exec(description ?? '');
	if (!match) throw new Error(`no item sets in: ${description}`);
	return { carriedOut: expand(match[1]), unknown: expand(match[2]), notCarriedOut: expand(match[3]) };
}

describe('a run that stops at a failed item', () => {
	it('names the items carried out, those of unknown outcome and those not carried out, exactly as HighLevel recorded them, at the default concurrency', async () => {
		const items = contacts(30);
		sandbox().configure({ faults: { failedrun05: { kind: 'status422', messages: ['eventStartTime is not valid'] }, failedrun03: { kind: 'dropAfter' } } });
		const { result } = await runNode(sandbox(), addParameters(), items);

		// The run stops at the first failed item: item 3, whose answer was lost.
		expect(result.error?.message).toBe('HighLevel did not confirm the request (the connection broke): it may have been carried out');
		const sets = namedSets(result.error?.description);
		const enrolled = sandbox().enrolments.map((enrolment) => items.findIndex((item) => item.contactId === enrolment.contactId));
		expect(sets.unknown).toEqual([3]);
		expect([...sets.carriedOut, ...sets.unknown].sort((a, b) => a - b)).toEqual(enrolled.sort((a, b) => a - b));
		expect(sets.notCarriedOut).toContain(5);
		expect([...sets.carriedOut, ...sets.unknown, ...sets.notCarriedOut].sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
		// Items already on their way when item 5 failed were carried out too: what the old advice missed.
		expect(sets.carriedOut.some((index) => index > 5)).toBe(true);
		expect(result.error?.description).toMatch(/n8n's Retry, or running every item again, sends them all again and enrolls those contacts a second time\. To go on, run only items [^.]+ again\. Check item 3 in HighLevel before sending it again\./);
	});

	it('gives advice that sends nothing twice: running only the items it names as not carried out enrolls every contact once', async () => {
		const items = contacts(30);
		sandbox().configure({ faults: { failedrun05: { kind: 'status422', messages: ['eventStartTime is not valid'] } } });
		const first = await runNode(sandbox(), addParameters(), items);
		const { notCarriedOut, unknown } = namedSets(first.result.error?.description);
		expect(unknown).toEqual([]);

		// The user corrects item 5 (here: HighLevel takes it now) and runs only the items named.
		const second = await runNode(sandbox(), addParameters(), notCarriedOut.map((index) => items[index]));
		expect(second.result.error).toBeUndefined();
		const perContact = new Map<string, number>();
		for (const { contactId } of sandbox().enrolments) perContact.set(contactId, (perContact.get(contactId) ?? 0) + 1);
		expect([...perContact.keys()].sort()).toEqual(items.map((item) => item.contactId));
		expect(Math.max(...perContact.values())).toBe(1);
	});

	it('says a removal sent again is harmless', async () => {
		sandbox().configure({ faults: { failedrun02: { kind: 'status422', messages: ['workflowId is not valid'] } } });
		const { result } = await runNode(sandbox(), addParameters({ operation: 'removeFromWorkflow', options: { maxConcurrency: 1 } }), contacts(4));
		expect(result.error?.description).toContain(
			'carried out in HighLevel, and in no output: 0–1; outcome unknown (HighLevel did not confirm): none; not carried out: 2–3. ' +
				"n8n's Retry, or running every item again, sends them all again and removes those contacts again, which is harmless. To go on, run only items 2–3 again.",
		);
	});

	it('shortens a long list of item numbers', async () => {
		// Every other item has no contact ID: 25 carried out and 25 not, none of them next to each other.
		const items = contacts(50).map((item, index) => (index % 2 ? { contactId: '' } : item));
		const { result } = await runNode(sandbox(), addParameters({ options: { maxConcurrency: 50 } }), items);
		expect(result.error?.message).toBe('Contact ID is empty');
		expect(result.error?.description).toContain('carried out in HighLevel, and in no output: 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, and 5 more;');
		expect(sandbox().enrolments).toHaveLength(25);
	});
});
