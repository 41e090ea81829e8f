/**
 * The example workflow and variants of it, run by hand through n8n's REST API against the sandbox,
 * and the example once from the command line (`n8n execute --id`).
 */
import { executeWorkflow, type ExecuteResult } from '../../tools/n8n/cli';
import { getWorkflow, outputItems, runManually, type ExecutionRun } from '../../tools/n8n/executions';
import { N8N_VERSION } from '../../tools/n8n/install';
import { ownerSession, readState, sandboxAdmin, sandboxEnrolments as enrolments } from './support/state';
import { EXAMPLE_CONTACT_IDS, FIXED_EVENT_START, HIGHLEVEL_NODE, SANDBOX_WORKFLOWS, WORKFLOW_IDS } from './support/workflows';

const state = readState();
const session = ownerSession();
/** The example's trigger, kept by every variant. */
const TRIGGER = "When clicking 'Execute workflow'";

async function executeFromCli(workflowId: string): Promise<ExecuteResult> {
	const result = await executeWorkflow(state.userFolder, workflowId);
	if (result.signal || !result.run) {
		const afterRun = result.run ? ' after printing its run' : '';
		const how = result.signal ? `ended on ${result.signal}${afterRun}` : `printed no run (exit ${result.code})`;
		throw new Error(`n8n execute ${how}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	}
	return result;
}

const execute = async (workflowId: string) => await runManually(session, await getWorkflow(session, workflowId), TRIGGER, N8N_VERSION);

const output = (run: ExecutionRun) => outputItems(run, HIGHLEVEL_NODE).map((item) => item.json);

/** The output item of a contact enrolled by its given ID. */
const added = (contactId: string, workflowId: string, extra: Record<string, unknown> = {}) => ({
	success: true,
	action: 'addToWorkflow',
	contactId,
	workflowId,
	contactLookup: 'given',
	skipped: false,
	...extra,
});

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

beforeEach(async () => {
	await sandboxAdmin('POST', 'reset');
});

describe('workflows run by hand', () => {
	test('the example workflow enrolls every contact with an event start time, from the editor and from the command line', async () => {
		const fromCli = await executeFromCli(WORKFLOW_IDS.example);
		expect(fromCli.code).toBe(0);
		expect(fromCli.run!.data.resultData.error).toBeUndefined();
		expect(outputItems(fromCli.run!, HIGHLEVEL_NODE)).toHaveLength(EXAMPLE_CONTACT_IDS.length);
		await sandboxAdmin('POST', 'reset');

		const run = await execute(WORKFLOW_IDS.example);
		expect(run.status).toBe('success');
		expect(run.data.resultData.error).toBeUndefined();

		const items = output(run);
		const eventStartTime = expect.stringMatching(ISO_WITH_OFFSET);
		expect(items).toEqual(EXAMPLE_CONTACT_IDS.map((contactId) => added(contactId, SANDBOX_WORKFLOWS.newLeadNurture.id, { eventStartTime })));

		// The requests go out side by side, so HighLevel records them in the order they arrive.
		const recorded = new Map((await enrolments()).map((enrolment) => [enrolment.contactId, enrolment]));
		expect([...recorded.keys()].sort()).toEqual([...EXAMPLE_CONTACT_IDS].sort());
		// what the node reports is what HighLevel received
		for (const item of items) {
			expect(recorded.get(String(item.contactId))).toMatchObject({ workflowId: SANDBOX_WORKFLOWS.newLeadNurture.id, eventStartTime: item.eventStartTime });
		}
	});

	test('a fixed event start time reaches HighLevel unchanged in meaning', async () => {
		const run = await execute(WORKFLOW_IDS.fixedStartTime);
		expect(run.status).toBe('success');
		const [item] = output(run);
		expect(item).toMatchObject({ success: true, contactId: 'e2eFixedStart01', workflowId: SANDBOX_WORKFLOWS.newLeadNurture.id });
		expect(Date.parse(String(item.eventStartTime))).toBe(Date.parse(FIXED_EVENT_START));
		const [enrolment] = await enrolments();
		expect(enrolment).toMatchObject({ contactId: 'e2eFixedStart01', eventStartTime: item.eventStartTime });
	});

	test('without an event start time the request and the output carry none', async () => {
		const run = await execute(WORKFLOW_IDS.noStartTime);
		expect(run.status).toBe('success');
		const workflowId = SANDBOX_WORKFLOWS.appointmentFollowUp.id;
		expect(output(run)).toEqual([added('e2eNoStart01', workflowId), added('e2eNoStart02', workflowId)]);
		const recorded = (await enrolments()).map(({ workflowId, eventStartTime }) => ({ workflowId, eventStartTime }));
		expect(recorded).toEqual([{ workflowId }, { workflowId }]);
	});

	test('with continue on fail, a contact HighLevel does not know becomes an error item and the rest go through', async () => {
		const run = await execute(WORKFLOW_IDS.continueOnFail);
		expect(run.status).toBe('success');
		expect(run.data.resultData.error).toBeUndefined();
		const items = output(run);
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ success: true, contactId: 'e2eGood01' });
		expect(items[2]).toMatchObject({ success: true, contactId: 'e2eGood02' });
		expect(items[1]).toHaveProperty('error');
		expect(JSON.stringify(items[1])).toMatch(/contact/i);
		process.stdout.write(`[e2e] continue-on-fail error item: ${JSON.stringify(items[1])}\n`);

		expect((await enrolments()).map((enrolment) => enrolment.contactId).sort()).toEqual(['e2eGood01', 'e2eGood02']);
	});

	test('without continue on fail the execution fails with a message about the contact', async () => {
		const run = await execute(WORKFLOW_IDS.stopOnFail);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error!;
		expect(error).toBeDefined();
		expect(run.data.resultData.lastNodeExecuted).toBe(HIGHLEVEL_NODE);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/contact/i);
		process.stdout.write(`[e2e] stop-on-fail error: ${JSON.stringify({ message: error.message, description: error.description })}\n`);
		expect(await enrolments()).toEqual([]);
	});
});
