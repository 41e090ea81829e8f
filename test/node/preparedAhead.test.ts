import { addParameters, contactItems, freshCredential, runNode, useSandbox } from './setup';

const sandbox = useSandbox();

describe('items read their parameters while they wait for their rate-limit window', () => {
	it('every item of the last window was read before that window opened, one request at a time', async () => {
		const box = sandbox();
		box.configure({ rateLimit: { max: 2, intervalMs: 1000 } });
		const contacts = contactItems('ahead', 6);
		const parameters = addParameters({ additionalFields: { eventStartTime: '={{ $now.toMillis() }}' }, options: { maxConcurrency: 1 } });
		const run = await runNode(box, parameters, contacts, { credential: freshCredential(box) });
		expect(run.result.error).toBeUndefined();
		expect(run.items.map((item) => item.json.success)).toEqual(contacts.map(() => true));

		const enrolments = box.requests.filter((request) => request.method === 'POST' && request.status === 200);
		expect(enrolments).toHaveLength(6);
		const lastWindowOpened = enrolments[4].at;
		// Two windows passed before the last one: its items were waiting, not being read, by then.
		expect(lastWindowOpened - enrolments[0].at).toBeGreaterThanOrEqual(1900);
		const readAt = enrolments.map((request) => Date.parse((request.body as { eventStartTime: string }).eventStartTime));
		expect(readAt.filter((at) => at >= lastWindowOpened)).toEqual([]);
	});
});
