import type { IDataObject, INode } from 'n8n-workflow';
import { HighLevelWorkflows } from '../../nodes/HighLevelWorkflows/HighLevelWorkflows.node';
import { AGENT_NODE } from '../../tools/harness';
import { DEFAULT_OAUTH_CLIENT_ID } from '../../tools/sandbox/oauth';
import {
	addBy,
	addParameters,
	aiToolNode,
	byId,
	DEFAULT_LOCATION_ID,
	doneJson,
	DRAFT_WORKFLOW,
	expiredMarketplaceApp,
	failureOf,
	GET_ALL_WORKFLOWS,
	listSearch,
	marketplaceApp,
	PUBLISHED_WORKFLOW,
	runAsAiTool,
	runNode,
	useSandbox,
	WORKFLOW_IDS,
} from './setup';

const sandbox = useSandbox();

describe('contact found by email or phone', () => {
	it('enrols known contacts, creates and enrols unknown ones, and reports each outcome', async () => {
		const { items, result } = await runNode(
			sandbox(),
			addBy('email', { ifNotFound: 'create', newContactFields: { firstName: '={{ $json.first }}' } }),
			[
				{ email: 'alice@example.com' },
				{ email: '  CHLOE.MARTIN@example.com ' },
				{ email: 'new.person@example.com', first: 'Nia' },
				{ email: 'another.new@example.com', first: 'Omar' },
			],
		);
		expect(result.error).toBeUndefined();
		const created = sandbox().createdContacts;
		expect(created.map((c) => [c.email, c.firstName])).toEqual([
			['new.person@example.com', 'Nia'],
			['another.new@example.com', 'Omar'],
		]);
		expect(items.map((i) => i.json)).toEqual([
			doneJson('sbxContactAlice00001', { contactLookup: 'found', email: 'alice@example.com' }),
			doneJson('sbxContactChloe00003', { contactLookup: 'found', email: 'chloe.martin@example.com' }),
			doneJson(created[0].id, { contactLookup: 'created', email: 'new.person@example.com' }),
			doneJson(created[1].id, { contactLookup: 'created', email: 'another.new@example.com' }),
		]);
		expect(sandbox().enrolments.map((e) => e.contactId).sort()).toEqual(
			['sbxContactAlice00001', 'sbxContactChloe00003', created[0].id, created[1].id].sort(),
		);
		const lookups = sandbox().requests.filter((r) => r.path === '/contacts/search/duplicate');
		expect(lookups.map((r) => r.query)).toEqual(expect.arrayContaining([{ locationId: DEFAULT_LOCATION_ID, email: 'alice@example.com' }]));
		const upserts = sandbox().requests.filter((r) => r.path === '/contacts/upsert');
		expect(upserts.map((r) => r.body)).toEqual(
			expect.arrayContaining([{ locationId: DEFAULT_LOCATION_ID, email: 'new.person@example.com', firstName: 'Nia' }]),
		);
	});

	it('fails an unknown contact by default, saying what to change', async () => {
		const { items } = await runNode(sandbox(), addBy('email'), [{ email: 'nobody@example.com' }], { continueOnFail: true });
		expect(failureOf(items[0])?.message).toBe('No contact with email nobody@example.com in this sub-account');
		expect(failureOf(items[0])?.description).toBe('Set If Contact Not Found to Create the Contact or Skip the Item, or correct the value');
	});
});

describe('Contact → Remove from Workflow', () => {
	it('finds the contact by email first', async () => {
		const { items } = await runNode(sandbox(), addBy('email', { operation: 'removeFromWorkflow', contactEmail: 'dmitri@example.net' }), [{}]);
		const extra = { action: 'removeFromWorkflow', contactLookup: 'found', email: 'dmitri@example.net' };
		expect(items[0].json).toEqual(doneJson('sbxContactDmitri0004', extra));
	});
});

describe('Workflow → Get Many', () => {
	it('returns the simplified list, all statuses', async () => {
		const { items } = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{}]);
		expect(items).toHaveLength(4);
		expect(items[0]).toEqual({
			json: { id: WORKFLOW_IDS.newLeadNurture, name: 'New Lead Nurture', status: 'published', updatedAt: '2024-06-02T14:05:11.000Z' },
			pairedItem: { item: 0 },
		});
		expect(sandbox().requests[0]).toMatchObject({ method: 'GET', path: '/workflows/', query: { locationId: DEFAULT_LOCATION_ID } });
	});

	it('filters by status and limits the count', async () => {
		const drafts = await runNode(sandbox(), { ...GET_ALL_WORKFLOWS, status: 'draft' }, [{}]);
		expect(drafts.items.map((i) => i.json.id)).toEqual([DRAFT_WORKFLOW]);
		const limited = await runNode(sandbox(), { ...GET_ALL_WORKFLOWS, status: 'published', returnAll: false, limit: 2 }, [{}]);
		expect(limited.items.map((i) => i.json.status)).toEqual(['published', 'published']);
	});

	it('returns every field HighLevel gives when Simplify is off', async () => {
		const { items } = await runNode(sandbox(), { ...GET_ALL_WORKFLOWS, simplify: false }, [{}]);
		expect(Object.keys(items[0].json).sort()).toEqual(['createdAt', 'id', 'locationId', 'name', 'status', 'updatedAt', 'version']);
	});
});

describe('OAuth2 (marketplace app) credential', () => {
	const addAsApp = addParameters({ authentication: 'oAuth2', contactId: 'abc123' });

	it('adds a contact with the app token, the Version header, and the location named in the token', async () => {
		const tokens = sandbox().issueOAuthTokens();
		const credential = marketplaceApp(sandbox(), tokens);
		const add = await runNode(sandbox(), addAsApp, [{}], { credential });
		expect(add.items[0].json.success).toBe(true);
		const list = await runNode(sandbox(), { ...GET_ALL_WORKFLOWS, authentication: 'oAuth2' }, [{}], { credential });
		expect(list.items).toHaveLength(4);
		for (const request of sandbox().requests) {
			expect(request.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
			expect(request.headers.version).toBe('2021-07-28');
		}
		expect(sandbox().requests[1].query).toEqual({ locationId: DEFAULT_LOCATION_ID });
	});

	it('refreshes an expired access token once and carries on', async () => {
		const { tokens, credential } = expiredMarketplaceApp(sandbox());
		const { items, result } = await runNode(sandbox(), addAsApp, [{}], { credential });
		expect(result.error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
		expect(sandbox().oauthTokenRequests).toEqual([
			expect.objectContaining({ form: expect.objectContaining({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: DEFAULT_OAUTH_CLIENT_ID }), status: 200 }),
		]);
		const refreshed = result.credentials[0].data.oauthTokenData as { access_token: string };
		expect(refreshed.access_token).not.toBe(tokens.access_token);
		expect(sandbox().enrolments).toHaveLength(1);
	});

	it('fills the workflow list from the app token', async () => {
		const { results } = await listSearch(sandbox(), 'searchWorkflows', undefined, marketplaceApp(sandbox(), sandbox().issueOAuthTokens()));
		expect(results).toHaveLength(4);
	});
});

describe('as an AI agent tool', () => {
	const runAgent = (tool: INode, calls: Array<{ tool: string; args: IDataObject }>) => runAsAiTool(sandbox(), tool, calls);
	const fromAiContact = "={{ $fromAI('contactId', 'The HighLevel contact ID of the lead', 'string') }}";

	it("is called by an agent through n8n-core, which fills the node's $fromAI parameters from the agent's arguments", async () => {
		expect(new HighLevelWorkflows().description.usableAsTool).toBe(true);
		sandbox().configure({ contactIds: ['aiChosenContact0001'] });
		const tool = aiToolNode(
			addParameters({ contactId: fromAiContact, workflowId: byId("={{ $fromAI('workflowId', 'The UUID of the workflow to enrol in', 'string') }}") }),
		);
		const result = await runAgent(tool, [{ tool: 'Enrol_lead', args: { contactId: 'aiChosenContact0001', workflowId: PUBLISHED_WORKFLOW } }]);

		expect(result.error).toBeUndefined();
		const [call] = result.output(AGENT_NODE);
		expect(call.json.tool).toBe('Enrol_lead');
		expect(call.json.description).toBe('Add contact to workflow in HighLevel Workflows');
		expect(call.json.schema).toEqual({ contactId: 'The HighLevel contact ID of the lead', workflowId: 'The UUID of the workflow to enrol in' });
		expect(JSON.parse(call.json.answer as string)).toEqual([doneJson('aiChosenContact0001')]);
		expect(sandbox().enrolments.map((e) => [e.contactId, e.workflowId])).toEqual([['aiChosenContact0001', PUBLISHED_WORKFLOW]]);
		expect(sandbox().requests.map((r) => r.path)).toEqual([`/contacts/aiChosenContact0001/workflow/${PUBLISHED_WORKFLOW}`]);
	});

	it('tells the agent what went wrong, in words it can act on, when its argument is not a contact', async () => {
		const result = await runAgent(aiToolNode(addParameters({ contactId: fromAiContact })), [{ tool: 'Enrol_lead', args: { contactId: 'notAContact' } }]);
		const [call] = result.output(AGENT_NODE);
		expect(call.json.error).toMatch(/^HighLevel: .+ \(HTTP 400\)\n\nDetails: HighLevel refused the request: check that contact notAContact exists in this sub-account/);
		expect(sandbox().enrolments).toHaveLength(0);
	});
});
