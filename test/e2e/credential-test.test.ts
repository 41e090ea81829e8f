/**
 * The credential's "Test" button, through n8n's REST API as the editor calls it:
 * POST /rest/credentials/test with the signed-in session.
 */
import { CREDENTIAL_TYPE } from '../../tools/project';
import { credentialTestMessage } from '../../tools/harness/n8n-core-line';
import { N8N_VERSION } from '../../tools/n8n/install';
import { sandboxCredential } from '../../tools/n8n/project';
import { ownerSession, readState } from './support/state';

const state = readState();
const session = ownerSession();
const created: string[] = [];

type TestResult = { status: 'OK' | 'Error'; message: string };

const data = (overrides: Record<string, unknown> = {}) => sandboxCredential(state.sandboxUrl, { data: overrides }).data;

/** n8n 1.x shows its own text instead of the credential's rule messages (credentialTestMessage). */
const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);

/** Presses "Test" on a saved credential, with the form's `credentialData`. */
const pressTest = (id: string, name: string, credentialData: Record<string, unknown>) =>
	session.request<TestResult>('POST', '/rest/credentials/test', { credentials: { id, name, type: CREDENTIAL_TYPE, data: credentialData } });

/** Saves a credential as the editor's "Save" does, then presses "Test" on it. */
async function saveAndTest(name: string, credentialData: Record<string, unknown>): Promise<TestResult> {
	const body = { name, type: CREDENTIAL_TYPE, data: credentialData };
	const credential = await session.request<{ id: string; name: string }>('POST', '/rest/credentials', body);
	created.push(credential.id);
	return await pressTest(credential.id, credential.name, credentialData);
}

/** What a wrong Location ID gets: n8n 1.x's own text for a 403, else the credential's message. */
const WRONG_LOCATION = N8N_MAJOR < 2 ? credentialTestMessage('', 403, N8N_MAJOR) : /Location ID/;

const report = (what: string, result: TestResult) =>
	process.stdout.write(`[e2e] credential test, ${what}: ${JSON.stringify(result)}\n`);

afterAll(async () => {
	for (const id of created) await session.request('DELETE', `/rest/credentials/${id}`).catch(() => undefined);
});

describe('credential test in n8n', () => {
	test.each([
		['a good token and location: connection successful', 'good', {}],
		['a trailing slash on the base URL still works', 'trailing slash', { baseUrl: `${state.sandboxUrl}/` }],
	])('%s', async (_title, what, overrides) => {
		const result = await saveAndTest(`E2E ${what}`, data(overrides));
		report(what, result);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('a wrong token: the message names the Access Token', async () => {
		const result = await saveAndTest('E2E bad token', data({ accessToken: 'pit-00000000-0000-4000-8000-0000000000ff' }));
		report('bad token', result);
		expect(result.status).toBe('Error');
		if (N8N_MAJOR < 2) {
			expect(result.message).toBe(credentialTestMessage('', 401, N8N_MAJOR));
			return;
		}
		expect(result.message).toMatch(/Access Token/);
		expect(result.message).not.toMatch(/Location ID/);
	});

	test('a wrong Location ID: the message names the Location ID', async () => {
		const result = await saveAndTest('E2E bad location', data({ locationId: 'someOtherLocation01' }));
		report('wrong location', result);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(WRONG_LOCATION);
	});

	test('an edited but unsaved field is what gets tested (the editor sends the form, n8n merges it)', async () => {
		const good = await saveAndTest('E2E edited', data());
		expect(good.status).toBe('OK');
		const result = await pressTest(created[created.length - 1], 'E2E edited', data({ locationId: 'someOtherLocation01' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(WRONG_LOCATION);
	});
});
