/** The node under each of n8n's node Settings other than On Error (the contract matrix walks those). */
import { AGENT_NODE, ERROR_BRANCH, NODE_UNDER_TEST, SUCCESS_BRANCH } from '../../tools/harness';
import { OTHER_LOCATION_ID } from '../../tools/sandbox/fixtures';
import { addParameters, aiToolNode, contactItems, failureOf, GET_ALL_WORKFLOWS, privateIntegration, runAsAiTool, runNode, useSandbox } from './setup';

const sandbox = useSandbox();
const contacts = (count: number) => contactItems('settings', count);
/** n8n reads a wait of 0 as its default 1 s (`waitBetweenTries || 1000`); 2 tries keep the tests to one wait. */
const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 };
const REFUSAL = 'Retry On Fail is on, which would enroll contacts twice';

describe('Retry On Fail', () => {
	it('on an add, is refused before anything is sent, with what to do instead', async () => {
		const run = await runNode(sandbox(), addParameters(), contacts(3), { settings: RETRY_ON_FAIL });
		expect(run.result.error?.message).toBe(REFUSAL);
		expect(run.result.error?.description).toMatch(/Turn Retry On Fail off in this node's Settings\. Nothing was sent\.$/);
		expect(run.result.error?.description).toMatch(/already retries what is safe to send again/);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('on an add with Continue (using error output), sends every item down the error output with the refusal, nothing sent', async () => {
		const items = contacts(2);
		const run = await runNode(sandbox(), addParameters(), items, { settings: { ...RETRY_ON_FAIL, onError: 'continueErrorOutput' }, branches: true });
		expect(run.items).toEqual([]);
		expect(run.errorItems.map((item) => [item.json.contactId, failureOf(item)?.message, item.pairedItem])).toEqual([
			['settings00', REFUSAL, { item: 0 }],
			['settings01', REFUSAL, { item: 1 }],
		]);
		expect(run.result.output(ERROR_BRANCH)).toHaveLength(2);
		expect(sandbox().requests).toHaveLength(0);
	});

	it("on a removal, is allowed: n8n's whole-node retry removes the contacts again, which leaves them out", async () => {
		sandbox().configure({ faults: { settings01: { kind: 'status422', messages: ['workflowId is not valid'] } } });
		const run = await runNode(sandbox(), addParameters({ operation: 'removeFromWorkflow', options: { maxConcurrency: 1 } }), contacts(3), {
			settings: RETRY_ON_FAIL,
		});
		expect(run.result.error).toBeUndefined();
		expect(run.items.map((item) => item.json.success)).toEqual([true, true, true]);
		expect(sandbox().removals.map((removal) => removal.contactId)).toEqual(['settings00', 'settings00', 'settings01', 'settings02']);
	});

	it('on Get Many, is allowed', async () => {
		const run = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{}], { settings: RETRY_ON_FAIL });
		expect(run.result.error).toBeUndefined();
		expect(run.items.length).toBeGreaterThan(0);
	});

	it('on an AI tool that adds, tells the agent the setting is refused, nothing sent', async () => {
		const tool = aiToolNode(addParameters({ contactId: "={{ $fromAI('contactId', 'The contact', 'string') }}" }), RETRY_ON_FAIL);
		const result = await runAsAiTool(sandbox(), tool, [{ tool: 'Enrol_lead', args: { contactId: 'settings00' } }]);
		const [call] = result.output(AGENT_NODE);
		expect(String(call.json.error ?? call.json.answer)).toContain(REFUSAL);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('Always Output Data', () => {
	it('gives one empty item, paired to the input, when Get Many finds no workflow', async () => {
		const token = 'pit-00000000-0000-4000-8000-0000000e0001';
		sandbox().configure({ tokens: { [token]: { locationId: OTHER_LOCATION_ID, scopes: ['workflows.readonly'] } } });
		const credential = privateIntegration(sandbox().url, { accessToken: token, locationId: OTHER_LOCATION_ID });
		const without = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{ run: 1 }], { credential });
		expect(without.items).toEqual([]);
		const run = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{ run: 1 }], { credential, settings: { alwaysOutputData: true } });
		expect(run.items).toEqual([{ json: {}, pairedItem: [{ item: 0, input: 0 }] }]);
	});
});

describe('Execute Once', () => {
	it('enrolls only the first item', async () => {
		const run = await runNode(sandbox(), addParameters(), contacts(3), { settings: { executeOnce: true } });
		expect(run.items.map((item) => [item.json.contactId, item.pairedItem])).toEqual([['settings00', { item: 0 }]]);
		expect(sandbox().enrolments.map((enrolment) => enrolment.contactId)).toEqual(['settings00']);
	});
});

describe('pinned input data', () => {
	it('enrolls the pinned items as if the node before had output them', async () => {
		const run = await runNode(sandbox(), addParameters(), contacts(2), { pinInput: true, branches: true });
		expect(run.items.map((item) => [item.json.contactId, item.json.success, item.pairedItem])).toEqual([
			['settings00', true, { item: 0 }],
			['settings01', true, { item: 1 }],
		]);
		expect(run.result.output(SUCCESS_BRANCH)).toHaveLength(2);
		expect(sandbox().enrolments.map((enrolment) => enrolment.contactId)).toEqual(['settings00', 'settings01']);
		expect(NODE_UNDER_TEST in run.result.runData).toBe(true);
	});
});
