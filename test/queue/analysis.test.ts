/**
 * The pure parts of `npm run test:queue` (scripts/queue.ts): the call plan and the readers of
 * the sandbox record, the webhook answers and n8n's logs. The queue run itself needs Redis and a
 * real n8n and is not part of `npm test`.
 */
import { enrolmentReport, readLogEvents, requestReport, webhookReport } from '../../tools/queue/analysis';
import { HIGHLEVEL_WORKFLOW_ID } from '../../tools/n8n/project';
import { planCalls, queueWorkflow, SPLIT_NODE, WEBHOOK_NODE, HIGHLEVEL_NODE } from '../../tools/queue/workload';

const WF = HIGHLEVEL_WORKFLOW_ID;

describe('planCalls', () => {
	it('carries 600 contacts in 30 calls: five large, the rest 5–10 each, every id unique', () => {
		const calls = planCalls({ contacts: 600, calls: 30, tag: 'q' });
		const sizes = calls.map((call) => call.contactIds.length);
		expect(calls).toHaveLength(30);
		expect(sizes.slice(0, 5)).toEqual([100, 90, 80, 70, 60]);
		expect(sizes.slice(5).filter((size) => size < 5 || size > 10)).toEqual([]);
		const ids = calls.flatMap((call) => call.contactIds);
		expect(ids).toHaveLength(600);
		expect(new Set(ids).size).toBe(600);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,64}$/);
	});

	it('shares contacts evenly when the small calls cannot carry the rest', () => {
		const calls = planCalls({ contacts: 50, calls: 7, tag: 'x-1' });
		expect(calls.map((call) => call.contactIds.length)).toEqual([8, 7, 7, 7, 7, 7, 7]);
		expect(calls[0].contactIds[0]).toBe('x1c00000');
	});
});

describe('queueWorkflow', () => {
	it('is Webhook → Split Out → Add to Workflow, answering with the last node', () => {
		const workflow = queueWorkflow({ maxConcurrency: 3 });
		const nodes = workflow.nodes as Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
		expect(nodes.map((node) => node.name)).toEqual([WEBHOOK_NODE, SPLIT_NODE, HIGHLEVEL_NODE]);
		expect(nodes[0].parameters).toMatchObject({ httpMethod: 'POST', responseMode: 'lastNode', responseData: 'allEntries' });
		expect(nodes[2].type).toBe('n8n-nodes-highlevel.highLevelWorkflows');
		expect(nodes[2].parameters.options).toEqual({ maxConcurrency: 3 });
		expect(nodes[2].parameters.workflowId).toEqual({ __rl: true, mode: 'id', value: WF });
	});
});

describe('enrolmentReport', () => {
	it('finds duplicates, missing and unexpected enrolments, and the last one', () => {
		const report = enrolmentReport(
			[
				{ contactId: 'a', workflowId: WF, at: 10 },
				{ contactId: 'b', workflowId: WF, at: 30 },
				{ contactId: 'a', workflowId: WF, at: 20 },
				{ contactId: 'z', workflowId: WF, at: 40 },
				{ contactId: 'b', workflowId: 'other', at: 50 },
			],
			['a', 'b', 'c'],
			WF,
		);
		expect(report).toMatchObject({ expected: 3, enrolments: 5, distinct: 2, missing: ['c'], firstAt: 10, lastAt: 30 });
		expect(report.duplicates).toEqual([{ contactId: 'a', count: 2 }]);
		expect(report.unexpected.map((enrolment) => enrolment.contactId)).toEqual(['z', 'b']);
	});
});

describe('requestReport', () => {
	it('counts 429s per contact and the peak carried out per interval', () => {
		const post = (contactId: string, status: number, at: number) => ({
			method: 'POST',
			path: `/contacts/${contactId}/workflow/${WF}`,
			status,
			at,
		});
		const report = requestReport(
			[post('a', 429, 0), post('a', 429, 100), post('a', 200, 1200), post('b', 200, 50), post('c', 200, 900), post('d', 200, 1000)],
			1000,
		);
		expect(report).toMatchObject({
			total: 6,
			byStatus: { '200': 4, '429': 2 },
			enrolRequests: 6,
			tooManyRequests: 2,
			contactsWith429: 1,
			max429PerContact: 2,
			peakCountedPerInterval: 3,
			firstAt: 0,
			lastAt: 1200,
		});
	});
});

describe('webhookReport', () => {
	it('wants a 200 with one successful item per contact sent', () => {
		const item = (contactId: string) => ({ success: true, contactId, workflowId: WF });
		const report = webhookReport(
			[
				{ index: 0, status: 200, body: [item('a'), item('b')], sentContactIds: ['a', 'b'] },
				{ index: 1, status: 200, body: item('c'), sentContactIds: ['c'] },
				{ index: 2, status: 500, body: { message: 'Error in workflow' }, sentContactIds: ['d'] },
				{ index: 3, status: 200, body: [item('e')], sentContactIds: ['e', 'f'] },
			],
			WF,
		);
		expect(report).toMatchObject({ calls: 4, ok: 2, items: 4, successfulItems: 4 });
		expect(report.failed.map((failure) => failure.index)).toEqual([2, 3]);
		expect(report.failed[0].reason).toContain('Error in workflow');
	});
});

describe('readLogEvents', () => {
	it("reads n8n's JSON log lines and plain ones", () => {
		const lines = [
			JSON.stringify({ level: 'info', message: 'Worker started execution 7 (job 7)', metadata: { executionId: '7' } }),
			'Worker finished execution 7 (job 7)',
			JSON.stringify({ level: 'info', message: 'Execution 7 (job 7) finished', metadata: { workerId: 'worker-abc' } }),
			JSON.stringify({ level: 'error', message: 'Something broke', metadata: {} }),
			'    at some stack frame',
			'',
		];
		expect(readLogEvents(lines.join('\n'))).toEqual({
			started: ['7'],
			finished: ['7'],
			finishedBy: { '7': 'worker-abc' },
		});
	});
});
