/**
 * The contract matrix (test/matrix/cases.ts) through n8n-core: every case under each On Error mode,
 * with no-op nodes on the node's outputs, so the items are checked where n8n hands them on.
 */
import { ERROR_BRANCH, SUCCESS_BRANCH } from '../../tools/harness';
import { MATRIX, ON_ERROR_MODES } from '../matrix/cases';
import { expectedOutputs, expectStoppedRun } from '../matrix/expectItems';
import { expectRefusedRequests, NODE_UNDER_TEST, privateIntegration, runNode, useSandbox } from './setup';

const sandbox = useSandbox();

describe.each(MATRIX)('contract matrix: $name', (matrixCase) => {
	it.each(ON_ERROR_MODES)('On Error → %s: each item lands where n8n users expect, and HighLevel carries out only the good ones', async (onError) => {
		expectRefusedRequests();
		sandbox().configure(matrixCase.sandbox);
		const credential = privateIntegration(sandbox().url, matrixCase.accessToken ? { accessToken: matrixCase.accessToken } : {});
		const run = await runNode(sandbox(), matrixCase.parameters, matrixCase.items, {
			settings: { onError },
			branches: true,
			seedContacts: false,
			credential,
		});

		if (onError === 'stopWorkflow') {
			expect(run.result.status).toBe('error');
			expectStoppedRun(matrixCase, run.result.error);
		} else {
			expect(run.result.error).toBeUndefined();
			const { success, error } = expectedOutputs(matrixCase, onError);
			expect(run.items).toEqual(success);
			expect(run.errorItems).toEqual(error);
			// n8n runs a branch's next node only when the branch has items.
			const received = (branch: string) => (branch in run.result.runData ? run.result.output(branch).map((item) => item.json) : []);
			expect(received(SUCCESS_BRANCH)).toEqual(success.map((item) => item.json));
			expect(received(ERROR_BRANCH)).toEqual(error.map((item) => item.json));
		}
		expect(sandbox().enrolments.map((enrolment) => enrolment.contactId).sort()).toEqual([...matrixCase.enrolled].sort());
		expect(sandbox().removals.map((removal) => removal.contactId).sort()).toEqual([...matrixCase.removed].sort());
		expect(NODE_UNDER_TEST in run.result.runData).toBe(true);
	});
});
