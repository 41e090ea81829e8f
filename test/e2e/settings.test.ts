/**
 * Node Settings in real n8n, and the item-field shortcut (helpers/itemParameter.ts) against n8n's
 * own expression engine (`vm`, n8n 2.x's default, which jest cannot run on Node 20).
 */
import { createWorkflow, outputItems, runManually, type ExecutionRun } from '../../tools/n8n/executions';
import { N8N_VERSION } from '../../tools/n8n/install';
import { SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME } from '../../tools/n8n/project';
import { WORKFLOW } from '../matrix/cases';
import { HIGHLEVEL, matrixWorkflow, TRIGGER, type NodeSettings } from './support/matrixWorkflows';
import { ownerSession, sandboxAdmin } from './support/state';

const session = ownerSession();
const credential = { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME };
const addParameters = (contactId = '={{ $json.contactId }}') => ({
	resource: 'contact',
	operation: 'addToWorkflow',
	contactId,
	workflowId: { __rl: true, mode: 'id', value: WORKFLOW },
});

const requests = async () => (await sandboxAdmin<{ requests: Array<{ path: string }> }>('GET', 'state')).requests;

async function run(name: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, settings: NodeSettings): Promise<ExecutionRun> {
	const workflow = await createWorkflow(session, matrixWorkflow(name, parameters, items, credential, settings));
	return await runManually(session, workflow, TRIGGER, N8N_VERSION);
}

beforeAll(async () => {
	await sandboxAdmin('POST', 'config', { contactIds: ['e2eSettings01', 'e2eSettings02', 'e2eSettings03'] });
});

beforeEach(async () => {
	await sandboxAdmin('POST', 'reset');
});

const items = [{ contactId: 'e2eSettings01' }, { contactId: 'e2eSettings02' }, { contactId: 'e2eSettings03' }];

describe(`node Settings in real n8n ${N8N_VERSION}`, () => {
	test('Retry On Fail on an add: the run stops before anything is sent, saying why', async () => {
		const execution = await run('Settings: Retry On Fail', addParameters(), items, { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 });
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error?.message).toBe('Retry On Fail is on, which would enroll contacts twice');
		expect(await requests()).toEqual([]);
	});

	test('Execute Once: only the first item is enrolled', async () => {
		const execution = await run('Settings: Execute Once', addParameters(), items, { executeOnce: true });
		expect(outputItems(execution, HIGHLEVEL).map((item) => item.json.contactId)).toEqual(['e2eSettings01']);
		expect((await requests()).map((request) => request.path)).toEqual([`/contacts/e2eSettings01/workflow/${WORKFLOW}`]);
	});
});

describe(`a field mapped whole, read from the item, against n8n ${N8N_VERSION}'s own expression engine`, () => {
	// Wrapped in brackets, the same expression is no longer a field mapped whole: n8n evaluates it.
	const values = [
		{ field: 'contactId', items: [{ contactId: 'e2eSettings01' }, { contactId: '  e2eSettings02  ' }, { contactId: 'ünïcødé ✓' }, { contactId: 42 }, { contactId: null }, {}, { contactId: { id: 'x' } }] },
		{ field: 'constructor', items: [{ constructor: 'e2eSettings01' }] },
		{ field: 'mainModule', items: [{ mainModule: 'e2eSettings01' }] },
	];
	test.each(values)('$field: the node sends and says what it would with n8n evaluating the expression', async ({ field, items: fieldItems }) => {
		const outcome = async (contactId: string) => {
			await sandboxAdmin('POST', 'reset');
			const execution = await run(`Shortcut: ${contactId}`, addParameters(contactId), fieldItems, { onError: 'continueRegularOutput' });
			// Trace ids are the sandbox's, new for every answer.
			const shown = JSON.stringify(outputItems(execution, HIGHLEVEL).map((item) => item.json)).replace(/(trace ID: |"traceId":")[0-9a-f-]{36}/g, '$1<trace id>');
			return { items: JSON.parse(shown) as unknown[], paths: (await requests()).map((request) => request.path).sort() };
		};
		const mappedWhole = await outcome(`={{ $json.${field} }}`);
		const evaluatedByN8n = await outcome(`={{ ($json.${field}) }}`);
		expect(mappedWhole).toEqual(evaluatedByN8n);
		expect(mappedWhole.items).toHaveLength(fieldItems.length);
	});
});
