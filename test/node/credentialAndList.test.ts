import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import { credentialTestMessage } from '../../tools/harness/n8n-core-line';
import { type HarnessCredential, runCredentialTest } from '../../tools/harness';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN, DRAFT_WORKFLOW, GET_ALL_WORKFLOWS, listSearch, privateIntegration, runNode, useSandbox } from './setup';

const sandbox = useSandbox();
const credentialData = (overrides: Record<string, string> = {}) => privateIntegration(sandbox().url, overrides).data;
const searchWorkflows = (filter?: string, credential?: HarnessCredential) => listSearch(sandbox(), 'searchWorkflows', filter, credential);

describe('HighLevel API credential test', () => {
	it.each([
		[
			'says the token is the trouble for a bad token, without showing it',
			{ accessToken: 'pit-deadbeef-0000-4000-8000-00000000dead' },
			'HighLevel rejected the Access Token: check that it is current and that its integration has the workflows.readonly scope',
			401,
		],
		[
			"says the Location ID is the trouble when it is not the token's sub-account",
			{ locationId: 'someOtherLocation99' },
			'The Access Token does not belong to this Location ID: copy the Location ID of the sub-account the token was made in',
			403,
		],
	] as const)('%s', async (_name, overrides, message, status) => {
		const data = credentialData(overrides);
		const result = await runCredentialTest(new HighLevelPrivateIntegrationApi(), data);
		expect(result).toEqual({ status: 'Error', message: credentialTestMessage(message, status) });
		// Not even the start of the token.
		expect(JSON.stringify(result)).not.toContain(String(data.accessToken).slice(0, 12));
	});

	it.each([
		['a good token', {}],
		['a Location ID with spaces around it', { locationId: `  ${DEFAULT_LOCATION_ID} ` }],
		['a Base URL with spaces around it', { baseUrl: ` ${'SANDBOX'} ` }],
		['a Base URL with a trailing slash', { baseUrl: 'SANDBOX/' }],
	])('passes for %s, asking for the workflow list of its Location ID, as the node does', async (_, overrides: Record<string, string>) => {
		const data = credentialData(Object.fromEntries(Object.entries(overrides).map(([key, value]) => [key, value.replace('SANDBOX', sandbox().url)])));
		expect(await runCredentialTest(new HighLevelPrivateIntegrationApi(), data)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = sandbox().requests;
		expect(request).toMatchObject({ method: 'GET', path: '/workflows/', headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, version: '2021-07-28' } });
		expect(request.query).toEqual({ locationId: DEFAULT_LOCATION_ID });
		const { items } = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{}], { credential: { ...privateIntegration(sandbox().url), data } });
		expect(items.length).toBeGreaterThan(0);
	});

	it("sends the Test to HighLevel's own host when Base URL is empty, as the node does", async () => {
		const result = await runCredentialTest(new HighLevelPrivateIntegrationApi(), credentialData({ baseUrl: '' }));
		const run = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{}], { credential: privateIntegration('') });
		// Both go to services.leadconnectorhq.com: unreachable without internet (as here and in CI), HighLevel's
		// own refusal of the sandbox token with it. Before, the Test failed on the empty URL itself ("Invalid URL").
		expect(run.result.error?.message).toMatch(/^(Could not reach HighLevel at https:\/\/services\.leadconnectorhq\.com|HighLevel: .+ \(HTTP 401\))$/);
		expect(result.status).toBe('Error');
		// n8n 1.x words a host not found as "The connection cannot be established …".
		expect(result.message).toMatch(/^(ENOTFOUND|EAI_AGAIN|The connection cannot be established.*|HighLevel rejected the Access Token.*|Authorization failed.*)$/);
	});
});

describe('Workflow list (From List mode)', () => {
	it('lists every workflow of the sub-account, published first, drafts marked', async () => {
		const { results } = await searchWorkflows();
		expect(results.map((r) => r.name)).toEqual([
			'Appointment Follow-up',
			'New Lead Nurture',
			'Re-engagement / Win-back – 90 days',
			'Webinar Reminder (draft)',
		]);
		const draft = results.find((r) => r.value === DRAFT_WORKFLOW);
		expect(draft?.description).toBe('Draft: publish it in HighLevel first, or contacts may not run through it');
		expect(sandbox().requests[0].query).toEqual({ locationId: DEFAULT_LOCATION_ID });
	});

	it('filters by what the user types, in name or id', async () => {
		expect((await searchWorkflows('webinar')).results.map((r) => r.value)).toEqual([DRAFT_WORKFLOW]);
		expect((await searchWorkflows(DRAFT_WORKFLOW.slice(0, 8))).results.map((r) => r.value)).toEqual([DRAFT_WORKFLOW]);
	});

	it("shows HighLevel's reason when the list cannot be loaded", async () => {
		await expect(
			searchWorkflows(undefined, privateIntegration(sandbox().url, { locationId: 'someOtherLocation99' })),
		).rejects.toThrow('HighLevel: The token does not have access to this location (HTTP 403)');
	});
});
