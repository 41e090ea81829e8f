import { addParameters, runNode, useSandbox } from './setup';

const sandbox = useSandbox();
const contacts = (count: number) => Array.from({ length: count }, (_, i) => ({ contactId: `failedrun${i}` }));

describe('a run that stops at a failed item', () => {
	it("says how many items were carried out before it, and that n8n's Retry would send them again", async () => {
		sandbox().setFault('failedrun10', { kind: 'status422', messages: ['eventStartTime is not valid'] });
		const { result } = await runNode(sandbox(), addParameters({ options: { maxConcurrency: 1 } }), contacts(20));
		expect(result.error?.message).toBe('HighLevel: eventStartTime is not valid (HTTP 422)');
		expect(result.error?.description).toMatch(
			/^HighLevel refused the values sent: correct the fields named in the message \(HighLevel trace ID: [^)]+\)\. 10 items of 20 were carried out in HighLevel before this one failed and appear in no output: n8n's Retry runs this node again for every item and re-sends them, enrolling those contacts a second time\./,
		);
		expect(sandbox().enrolments).toHaveLength(10);
	});

	it('adds no such note when nothing was carried out before the failed item', async () => {
		sandbox().setFault('failedrun0', { kind: 'status422', messages: ['eventStartTime is not valid'] });
		const { result } = await runNode(sandbox(), addParameters({ options: { maxConcurrency: 1 } }), contacts(3));
		expect(result.error?.description).toMatch(/^HighLevel refused the values sent: correct the fields named in the message \(HighLevel trace ID: [^)]+\)$/);
	});
});
