/**
 * The contract matrix (test/matrix/cases.ts) in real n8n, run by hand through its REST API on one
 * server: each case under each On Error mode, its items pinned on the trigger. On the newest n8n
 * tested every case runs; on the others the first case and the phone case.
 */
import { createWorkflow, outputItems, runManually, type ExecutionRun, type RestWorkflow } from '../../tools/n8n/executions';
import { N8N_VERSION, NEWEST_N8N_VERSION } from '../../tools/n8n/install';
import { SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME, sandboxCredential } from '../../tools/n8n/project';
import { CREDENTIAL_TYPE } from '../../tools/project';
import { MATRIX, ON_ERROR_MODES, type MatrixCase, type OnErrorMode } from '../matrix/cases';
import { expectedOutputs, expectStoppedRun } from '../matrix/expectItems';
import { ERROR_BRANCH, HIGHLEVEL, matrixWorkflow, SUCCESS_BRANCH, TRIGGER } from './support/matrixWorkflows';
import { ownerSession, readState, sandboxAdmin } from './support/state';

const state = readState();
const session = ownerSession();
const SMOKE = N8N_VERSION !== NEWEST_N8N_VERSION;
const CASES = SMOKE ? MATRIX.filter((matrixCase, index) => index === 0 || /phone, creating/.test(matrixCase.name)) : MATRIX;

/** A credential per token the cases use, the default one imported by the global setup. */
const credentials = new Map<string, { id: string; name: string }>();

async function credentialFor(matrixCase: MatrixCase): Promise<{ id: string; name: string }> {
	if (!matrixCase.accessToken) return { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME };
	let credential = credentials.get(matrixCase.accessToken);
	if (!credential) {
		const created = await session.request<{ id: string; name: string }>('POST', '/rest/credentials', {
			name: `HighLevel sandbox ${matrixCase.accessToken.slice(-6)}`,
			type: CREDENTIAL_TYPE,
			data: sandboxCredential(state.sandboxUrl, { data: { accessToken: matrixCase.accessToken } }).data,
		});
		credential = { id: created.id, name: created.name };
		credentials.set(matrixCase.accessToken, credential);
	}
	return credential;
}

async function runCase(matrixCase: MatrixCase, onError: OnErrorMode): Promise<{ run: ExecutionRun; enrolled: string[]; removed: string[] }> {
	await sandboxAdmin('POST', 'reset');
	await sandboxAdmin('POST', 'config', matrixCase.sandbox);
	const workflow: RestWorkflow = await createWorkflow(
		session,
		matrixWorkflow(`Matrix: ${matrixCase.name} (${onError})`, matrixCase.parameters, matrixCase.items, await credentialFor(matrixCase), { onError }),
	);
	const run = await runManually(session, workflow, TRIGGER, N8N_VERSION);
	const recorded = await sandboxAdmin<{ enrolments: Array<{ contactId: string }>; removals: Array<{ contactId: string }> }>('GET', 'state');
	return { run, enrolled: recorded.enrolments.map((e) => e.contactId), removed: recorded.removals.map((r) => r.contactId) };
}

describe.each(CASES)(`contract matrix in real n8n ${N8N_VERSION}: $name`, (matrixCase) => {
	test.each(ON_ERROR_MODES)('On Error → %s: each item lands where n8n users expect, and HighLevel carries out only the good ones', async (onError) => {
		const { run, enrolled, removed } = await runCase(matrixCase, onError);
		if (onError === 'stopWorkflow') {
			expect(run.status).toBe('error');
			expectStoppedRun(matrixCase, run.data.resultData.error);
		} else {
			expect({ status: run.status, error: run.data.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
			const { success, error } = expectedOutputs(matrixCase, onError);
			expect(outputItems(run, HIGHLEVEL, 0).map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual(success);
			expect(outputItems(run, HIGHLEVEL, 1).map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual(error);
			expect(outputItems(run, SUCCESS_BRANCH).map((item) => item.json)).toEqual(success.map((item) => item.json));
			expect(outputItems(run, ERROR_BRANCH).map((item) => item.json)).toEqual(error.map((item) => item.json));
		}
		expect([...enrolled].sort()).toEqual([...matrixCase.enrolled].sort());
		expect([...removed].sort()).toEqual([...matrixCase.removed].sort());
	});
});
