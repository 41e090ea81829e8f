import { agencyContactId, agencyWorkflowId, appIdOf, DEFAULT_AGENCY } from '../../tools/sandbox/agency';
import type { Sandbox } from '../../tools/sandbox/server';
import { startSandbox } from '../../tools/sandbox/server';

const [DENTAL, GYM, , NO_APP] = DEFAULT_AGENCY.locations.map((location) => location.id);

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({
		rateLimit: { max: 3, intervalMs: 60_000 },
		agencies: [{ ...DEFAULT_AGENCY, locationTokenTtlSeconds: 1 }],
	});
});
afterAll(async () => await sandbox.close());

async function call(token: string, method: string, path: string, body?: string, contentType = 'application/x-www-form-urlencoded') {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, Version: '2021-07-28', ...(body === undefined ? {} : { 'Content-Type': contentType }) },
		body,
	});
	return { status: response.status, body: (await response.json()) as { access_token: string; count?: number; message?: string }, remaining: response.headers.get('x-ratelimit-remaining') };
}

const agencyToken = () => sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId).access_token;
const exchange = (token: string, locationId: string) =>
	call(token, 'POST', '/oauth/locationToken', `companyId=${DEFAULT_AGENCY.companyId}&locationId=${locationId}`);

describe('the sandbox agency', () => {
	beforeEach(() => sandbox.reset());

	it('hands out an expiring location token for a sub-account with the app, and a 400 for one without', async () => {
		const token = agencyToken();
		const granted = await exchange(token, DENTAL);
		expect(granted.status).toBe(200);
		expect(granted.body).toMatchObject({ token_type: 'Bearer', expires_in: 1, locationId: DENTAL, appId: appIdOf(DEFAULT_AGENCY.clientId) });
		const add = `/contacts/${agencyContactId(DENTAL, 0)}/workflow/${agencyWorkflowId(DENTAL)}`;
		expect((await call(granted.body.access_token, 'POST', add, '{}', 'application/json')).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		expect(await call(granted.body.access_token, 'POST', add, '{}', 'application/json')).toMatchObject({ status: 401, body: { message: 'Invalid JWT' } });
		expect(await exchange(token, NO_APP)).toMatchObject({ status: 400, body: { message: 'The app is not installed on this location' } });
		expect(await call(token, 'POST', '/oauth/locationToken', 'companyId=', undefined)).toMatchObject({ status: 422 });
	});

	it("answers 403 for a contact of another sub-account, and 401 when a token calls the other kind's routes", async () => {
		const token = agencyToken();
		const dental = (await exchange(token, DENTAL)).body.access_token as string;
		const gymContact = `/contacts/${agencyContactId(GYM, 0)}/workflow/${agencyWorkflowId(DENTAL)}`;
		expect(await call(dental, 'POST', gymContact, '{}', 'application/json')).toMatchObject({
			status: 403,
			body: { message: 'The token does not have access to this location' },
		});
		expect(await call(token, 'GET', `/contacts/${agencyContactId(DENTAL, 0)}`)).toMatchObject({ status: 401, body: { message: 'This authClass type is not allowed to access this scope' } });
		expect(await call(dental, 'GET', `/oauth/installedLocations?companyId=${DEFAULT_AGENCY.companyId}&appId=x`)).toMatchObject({ status: 401 });
	});

	it('counts per app and sub-account: two location tokens of one sub-account share its bucket, the agency has its own', async () => {
		const token = agencyToken();
		const first = (await exchange(token, GYM)).body.access_token as string;
		const second = await exchange(token, GYM);
		expect(second.remaining).toBe('1');
		const get = `/contacts/${agencyContactId(GYM, 1)}`;
		expect((await call(first, 'GET', get)).remaining).toBe('2');
		expect((await call(second.body.access_token, 'GET', get)).remaining).toBe('1');
	});

	it('lists the company sub-accounts where the app is installed, by name, and wants the app id', async () => {
		const token = agencyToken();
		const path = `/oauth/installedLocations?companyId=${DEFAULT_AGENCY.companyId}&appId=${appIdOf(DEFAULT_AGENCY.clientId)}`;
		const installed = await call(token, 'GET', `${path}&isInstalled=true&query=dental`);
		expect(installed.body).toMatchObject({ count: 1, locations: [{ _id: DENTAL, name: 'Bright Smile Dental', isInstalled: true }] });
		expect((await call(token, 'GET', path)).body.count).toBe(4);
		expect(await call(token, 'GET', `/oauth/installedLocations?companyId=${DEFAULT_AGENCY.companyId}`)).toMatchObject({ status: 422 });
	});
});
