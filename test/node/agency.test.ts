import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { runOptions } from '../../nodes/HighLevelWorkflows/descriptions/runOptions';
import type { HarnessCredential } from '../../tools/harness';
import { AGENCY_ADD_PARAMETERS } from '../../tools/bench/agency';
import { sandboxAgencyCredential } from '../../tools/n8n/project';
import { agencyContactId, agencyWorkflowId, appIdOf, DEFAULT_AGENCY, generatedAgency } from '../../tools/sandbox/agency';
import type { Sandbox } from '../../tools/sandbox/server';
import { addParameters, byId, DEFAULT_LOCATION_ID, everythingShown, failureOf, listSearch, marketplaceApp, runNode, useSandbox } from './setup';

const [DENTAL, GYM, BAKERY, NO_APP] = DEFAULT_AGENCY.locations.map((location) => location.id);
/** Fresh sub-accounts, one or more per test, so the node's token cache and buckets start empty. */
const SPARE = generatedAgency(8).locations.map((location) => location.id);

const sandbox = useSandbox({
	agencies: [{ ...DEFAULT_AGENCY, contactsPerLocation: 40, locations: [...DEFAULT_AGENCY.locations, ...generatedAgency(8).locations] }],
});

/** The agency app's credential (a Company token), as the benchmarks and the queue run use it. */
function agencyCredential(): { credential: HarnessCredential; agencyToken: string } {
	const tokens = sandbox().issueOAuthTokens(DEFAULT_AGENCY.clientId);
	const credential = sandboxAgencyCredential(sandbox().url, tokens);
	return { credential: { ...credential, data: credential.data as ICredentialDataDecryptedObject }, agencyToken: tokens.access_token };
}

const item = (locationId: string, index: number) => ({
	locationId,
	contactId: agencyContactId(locationId, index),
	workflowId: agencyWorkflowId(locationId),
});

const bearerOf = (request: Sandbox['requests'][number]) => String(request.headers.authorization).replace(/^Bearer /, '');

describe('an agency (Company) token', () => {
	it('enrols every contact of a mixed run over 3 sub-accounts with its own sub-account token, once, in input order', async () => {
		const { credential, agencyToken } = agencyCredential();
		const items = [0, 1, 2, 3].flatMap((index) => [DENTAL, GYM, BAKERY].map((locationId) => item(locationId, index)));
		const run = await runNode(sandbox(), AGENCY_ADD_PARAMETERS, items, { credential });

		expect(run.result.error).toBeUndefined();
		expect(run.items.map((output) => output.json.contactId)).toEqual(items.map((input) => input.contactId));
		expect(run.items.every((output) => output.json.success === true)).toBe(true);
		expect(sandbox().enrolments.map((enrolment) => enrolment.contactId).sort()).toEqual(items.map((input) => input.contactId).sort());

		const exchanges = sandbox().requests.filter((request) => request.path === '/oauth/locationToken');
		expect(exchanges.map((request) => request.body).sort()).toEqual(
			[DENTAL, GYM, BAKERY].map((locationId) => `companyId=${DEFAULT_AGENCY.companyId}&locationId=${locationId}`).sort(),
		);
		for (const exchange of exchanges) {
			expect(exchange.headers['content-type']).toBe('application/x-www-form-urlencoded');
			expect(bearerOf(exchange)).toBe(agencyToken);
		}
		const adds = sandbox().requests.filter((request) => request.path.endsWith(`/workflow/${agencyWorkflowId(DENTAL)}`));
		const tokensUsed = new Set(adds.map(bearerOf));
		expect(tokensUsed.size).toBe(1);
		expect(tokensUsed.has(agencyToken)).toBe(false);
		const allTokens = new Set(sandbox().requests.filter((request) => request.path.startsWith('/contacts/')).map(bearerOf));
		expect(allTokens.size).toBe(3);
		for (const token of allTokens) expect(everythingShown(run)).not.toContain(token);
		expect(sandbox().requests.every((request) => request.headers.version === '2021-07-28')).toBe(true);
	});

	it('fails an item without a Sub-Account, and one whose sub-account lacks the app, and carries on with the rest', async () => {
		const { credential } = agencyCredential();
		const items = [{ ...item(DENTAL, 5), locationId: '' }, item(NO_APP, 0), item(DENTAL, 6)];
		const run = await runNode(sandbox(), AGENCY_ADD_PARAMETERS, items, { credential, continueOnFail: true });
		expect(failureOf(run.items[0])).toMatchObject({ message: 'Sub-Account is empty' });
		expect(failureOf(run.items[1])).toMatchObject({
			message: `HighLevel gave no token for sub-account ${NO_APP}`,
			description: expect.stringContaining('The app is not installed on this location'),
		});
		expect(run.items[2].json).toMatchObject({ success: true });
		expect(sandbox().enrolments).toHaveLength(1);
	});

	it('runs up to Max Concurrent Requests for each sub-account at once, as the option says', async () => {
		const option = (runOptions.options as INodeProperties[]).find((property) => property.name === 'maxConcurrency');
		expect(option?.description).toMatch(/^How many requests may be under way at once for each sub-account\. With an agency credential, sub-accounts run side by side, at most 200 requests at once in all\./);
		const { credential } = agencyCredential();
		const locations = SPARE.slice(5, 8);
		const items = [0, 1, 2, 3, 4, 5].flatMap((index) => locations.map((locationId) => item(locationId, index)));
		sandbox().configure({ latencyMs: 40 });
		const run = await runNode(sandbox(), { ...AGENCY_ADD_PARAMETERS, options: { maxConcurrency: 2 } }, items, { credential });
		expect(run.items.every((output) => output.json.success === true)).toBe(true);
		expect(sandbox().summary().peakInFlight).toBe(2 * locations.length);
	});

	it('replaces an expired location token once and carries on', async () => {
		const { credential } = agencyCredential();
		const first = await runNode(sandbox(), AGENCY_ADD_PARAMETERS, [item(SPARE[0], 0)], { credential });
		expect(first.items[0].json.success).toBe(true);
		sandbox().expireLocationTokens();
		const second = await runNode(sandbox(), AGENCY_ADD_PARAMETERS, [item(SPARE[0], 1), item(SPARE[0], 2)], { credential });
		expect(second.result.error).toBeUndefined();
		expect(second.items.map((output) => output.json.success)).toEqual([true, true]);
		expect(sandbox().requests.filter((request) => request.path === '/oauth/locationToken')).toHaveLength(2);
		expect(sandbox().requests.filter((request) => request.status === 401).length).toBeGreaterThanOrEqual(1);
		expect(sandbox().enrolments).toHaveLength(3);
	});

	/** Runs the items at 10 per 3 s per sub-account: every one carried out, no 429; the add requests. */
	async function addsAt10Per3s(items: Array<ReturnType<typeof item>>) {
		sandbox().configure({ rateLimit: { max: 10, intervalMs: 3000 } });
		const run = await runNode(sandbox(), AGENCY_ADD_PARAMETERS, items, { credential: agencyCredential().credential });
		expect(run.items.every((output) => output.json.success === true)).toBe(true);
		const adds = sandbox().requests.filter((request) => request.path.includes('/workflow/'));
		expect(adds.filter((request) => request.status === 429)).toHaveLength(0);
		return adds;
	}

	it('paces each sub-account on its own bucket: a sub-account waiting for its limit does not hold up the others', async () => {
		const [busy, quiet] = [SPARE[1], SPARE[2]];
		const adds = await addsAt10Per3s([...Array.from({ length: 25 }, (_, index) => item(busy, index)), ...[0, 1, 2].map((index) => item(quiet, index))]);
		const quietAdds = adds.filter((request) => request.path.endsWith(agencyWorkflowId(quiet)));
		const busyStart = Math.min(...adds.filter((request) => request.path.endsWith(agencyWorkflowId(busy))).map((request) => request.at));
		// Within the busy sub-account's first window, though it has 15 items waiting ahead of them.
		for (const request of quietAdds) expect(request.at - busyStart).toBeLessThan(3000);
	});

	it('gives each sub-account its own bucket: 3 sub-accounts go 3 times as fast as one, without a 429', async () => {
		const subAccounts = [SPARE[3], SPARE[4], SPARE[5]];
		const adds = await addsAt10Per3s(Array.from({ length: 20 }, (_, index) => subAccounts.map((locationId) => item(locationId, index))).flat());
		const times = adds.map((request) => request.at);
		// 20 items at 10 per window are two windows per sub-account; one shared bucket would need six.
		expect(Math.max(...times) - Math.min(...times)).toBeLessThan(6000);
	});

	it('lists the sub-accounts where the app is installed, by name, for the Sub-Account list', async () => {
		const { credential } = agencyCredential();
		const search = (filter?: string) => listSearch(sandbox(), 'searchSubAccounts', filter, credential);
		const all = await search();
		expect(all.results.map((result) => result.value)).toEqual(expect.arrayContaining([DENTAL, GYM, BAKERY]));
		expect(all.results.map((result) => result.value)).not.toContain(NO_APP);
		const gym = await search('peak');
		expect(gym.results).toEqual([expect.objectContaining({ name: 'Iron Peak Gym', value: GYM })]);
		const [request] = sandbox().requests;
		expect(request.path).toBe('/oauth/installedLocations');
		expect(request.query).toMatchObject({ companyId: DEFAULT_AGENCY.companyId, appId: appIdOf(DEFAULT_AGENCY.clientId), isInstalled: 'true' });
	});
});

describe('a sub-account (Location) token of the app', () => {
	// The sandbox app's own token, a Location token of DEFAULT_LOCATION_ID, with the agency app's scopes.
	const locationCredential = () => marketplaceApp(sandbox(), sandbox().issueOAuthTokens(), { scope: DEFAULT_AGENCY.scopes.join(' ') });
	const add = (locationId: string) => addParameters({ authentication: 'oAuth2', locationId: byId(locationId), contactId: 'abc123' });

	it('fails an item whose Sub-Account is another sub-account before anything is sent', async () => {
		const run = await runNode(sandbox(), add(DENTAL), [{}], { credential: locationCredential(), continueOnFail: true });
		expect(failureOf(run.items[0])).toMatchObject({ message: `The credential's token belongs to sub-account ${DEFAULT_LOCATION_ID}, not ${DENTAL}` });
		expect(sandbox().requests).toHaveLength(0);
	});

	it("works with the Sub-Account empty or equal to the token's sub-account", async () => {
		for (const locationId of ['', DEFAULT_LOCATION_ID]) {
			const run = await runNode(sandbox(), add(locationId), [{}], { credential: locationCredential() });
			expect(run.items[0].json.success).toBe(true);
		}
		expect(sandbox().enrolments).toHaveLength(2);
	});
});
