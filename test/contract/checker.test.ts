import path from 'node:path';

import { loadContract } from '../../tools/contract/checker';
import { EXCLUSIONS } from '../../tools/contract/exclusions';
import { specFiles, specsDir } from '../../tools/contract/specs';
import { DEFAULT_TOKEN, SEEDED_CONTACTS, WORKFLOW_IDS } from '../../tools/sandbox/fixtures';
import { DEFAULT_OAUTH_CLIENT_ID, DEFAULT_OAUTH_CLIENT_SECRET } from '../../tools/sandbox/oauth';
import { startSandbox, type Sandbox } from '../../tools/sandbox/server';
import { expectContractKept } from '../node/setup';

describe('contract checks against HighLevel’s OpenAPI specs', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ rateLimit: false });
		await loadContract();
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	const contactId = SEEDED_CONTACTS[0].id;
	const enroll = (headers: Record<string, string>) =>
		fetch(`${sandbox.url}/contacts/${contactId}/workflow/${WORKFLOW_IDS.newLeadNurture}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json', ...headers },
			body: '{}',
		});

	it('passes a request as the spec describes it, and its answer', async () => {
		expect((await enroll({ version: '2021-07-28' })).status).toBe(200);
		await expect(expectContractKept(sandbox)).resolves.toBeUndefined();
	});

	it('fails a request without the Version header the operation requires', async () => {
		await enroll({});
		await expect(expectContractKept(sandbox)).rejects.toThrow(
			/POST \/contacts\/\S+\/workflow\/\S+ → 401: request breaks add-contact-to-workflow: \/header must have required property 'version'/,
		);
	});

	it('fails a request to a path no operation has', async () => {
		await fetch(`${sandbox.url}/contacts/${contactId}/enrolments`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, version: '2021-07-28' } });
		await expect(expectContractKept(sandbox)).rejects.toThrow(/GET \/contacts\/\S+\/enrolments → 404: no operation in HighLevel’s OpenAPI specs/);
	});

	it('checks OAuth token requests too: fails one without the client_secret get-access-token requires', async () => {
		const tokenRequest = (form: Record<string, string>) =>
			fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
		const refresh = { grant_type: 'refresh_token', refresh_token: sandbox.issueOAuthTokens().refresh_token, client_id: DEFAULT_OAUTH_CLIENT_ID };
		expect((await tokenRequest({ ...refresh, client_secret: DEFAULT_OAUTH_CLIENT_SECRET })).status).toBe(200);
		await expect(expectContractKept(sandbox)).resolves.toBeUndefined();
		expect((await tokenRequest(refresh)).status).toBe(401);
		await expect(expectContractKept(sandbox)).rejects.toThrow(
			/POST \/oauth\/token → 401: request breaks get-access-token: \/requestBody must have required property 'client_secret'/,
		);
	});

	it('fails an answer that breaks the documented schema', async () => {
		const checker = await loadContract();
		const exchange = {
			method: 'GET',
			path: '/workflows/',
			query: { locationId: 'sandboxLocation0001' },
			headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, version: '2021-07-28' },
			body: undefined,
			status: 200,
			at: Date.now(),
			answer: { workflows: 'not a list' },
		};
		expect(checker.check([exchange]).map(({ problem }) => problem)).toEqual([expect.stringMatching(/^answer breaks get-workflow 200: \/workflows must be array/)]);
	});

	it('gives every exclusion a reason', () => {
		for (const exclusion of EXCLUSIONS) expect(exclusion.why.length).toBeGreaterThan(20);
	});

	it('reads the specs from HL_OPENAPI_DIR when it is set, else from ../shared/highlevel/openapi beside the clone', () => {
		expect(specsDir({ HL_OPENAPI_DIR: '/tmp/highlevel-api-docs' })).toBe('/tmp/highlevel-api-docs');
		expect(specsDir({})).toBe(path.resolve(__dirname, '..', '..', '..', 'shared', 'highlevel', 'openapi'));
	});

	it('names the folder it looked in and HL_OPENAPI_DIR when the specs are missing', () => {
		expect(() => specFiles(specsDir({ HL_OPENAPI_DIR: '/nonexistent/openapi' }))).toThrow(
			/HighLevel's OpenAPI specs are missing: \/nonexistent\/openapi\/apps\/contacts\.json.*read them from \/nonexistent\/openapi: set HL_OPENAPI_DIR to a checkout of github\.com\/GoHighLevel\/highlevel-api-docs/,
		);
	});
});
