import { type IDataObject, type INodeParameters, NodeApiError, NodeOperationError } from 'n8n-workflow';
import {
	addParameters,
	byId,
	DEFAULT_TOKEN,
	doneJson,
	DRAFT_WORKFLOW,
	expectRefusedRequests,
	failureOf,
	type NodeRun,
	privateIntegration,
	PUBLISHED_WORKFLOW,
	runNode,
	useSandbox,
} from './setup';
import { INVENTED } from '../../tools/sandbox/replies';
import { DEFAULT_TIMEZONE } from '../../tools/harness/additional-data';

const sandbox = useSandbox();

describe('Contact → Add to Workflow', () => {
	it('makes one authenticated POST per item and returns one paired item each', async () => {
		const contacts = ['sx6wyHhbFdRXh302LLNR', 'pQ2mZk8RtY4uV6wX1cB3', 'Lm9nB8vC7xZ6aS5dF4gH'];
		const { items, result } = await runNode(sandbox(), addParameters(), contacts.map((contactId) => ({ contactId })));

		expect(result.error).toBeUndefined();
		const posts = sandbox().requests.filter((r) => r.method === 'POST');
		expect(posts.map((r) => r.path).sort()).toEqual(
			contacts.map((id) => `/contacts/${id}/workflow/${PUBLISHED_WORKFLOW}`).sort(),
		);
		for (const post of posts) {
			expect(post.headers.authorization).toBe(`Bearer ${DEFAULT_TOKEN}`);
			expect(post.headers.version).toBe('2021-07-28');
			expect(post.headers.accept).toBe('application/json');
			expect(post.headers['content-type']).toBe('application/json');
			expect(post.body).toEqual({});
		}
		expect(items).toEqual(contacts.map((contactId, item) => ({ json: doneJson(contactId), pairedItem: { item } })));
		expect(sandbox().enrolments.map((e) => e.contactId).sort()).toEqual([...contacts].sort());
	});

	it('takes a literal contact ID as well as an expression', async () => {
		const { items } = await runNode(sandbox(), addParameters({ contactId: '  sx6wyHhbFdRXh302LLNR ' }), [{}]);
		expect(items[0].json).toEqual(doneJson('sx6wyHhbFdRXh302LLNR'));
		expect(sandbox().requests[0].path).toBe(`/contacts/sx6wyHhbFdRXh302LLNR/workflow/${PUBLISHED_WORKFLOW}`);
	});

	it.each([
		["reports success from HighLevel's misspelt `succeded` without passing the typo on", undefined],
		["takes API v3's correctly spelt `succeeded` as confirmation too", { kind: 'v3Confirmation' } as const],
	])('%s', async (_name, fault) => {
		if (fault) sandbox().configure({ faults: { abc123: fault } });
		const { items, result } = await runNode(sandbox(), addParameters(), [{ contactId: 'abc123' }]);
		expect(result.error).toBeUndefined();
		expect(items[0].json).toStrictEqual(doneJson('abc123'));
		expect(sandbox().enrolments.map((enrolment) => enrolment.contactId)).toEqual(['abc123']);
	});

	describe('workflow chosen', () => {
		/** Test name, the Workflow parameter, the item's other fields, the workflow it names. */
		type Chosen = [string, INodeParameters['workflowId'], IDataObject, string];
		const builderUrls = [
			`https://app.gohighlevel.com/location/sandboxLocation0001/workflow/${PUBLISHED_WORKFLOW}`,
			`https://app.gohighlevel.com/v2/location/sandboxLocation0001/automation/workflows/${PUBLISHED_WORKFLOW}?tab=builder`,
			`https://crm.myagency.example/location/sandboxLocation0001/workflow/${PUBLISHED_WORKFLOW}`,
		];
		it.each<Chosen>([
			['from the list (the stored value of list mode)', { __rl: true, mode: 'list', value: DRAFT_WORKFLOW, cachedResultName: 'Webinar Reminder' }, {}, DRAFT_WORKFLOW],
			['by the ID taken from an expression', byId('={{ $json.workflow }}'), { workflow: PUBLISHED_WORKFLOW }, PUBLISHED_WORKFLOW],
			...builderUrls.map((url): Chosen => [`by the builder URL ${url}`, { __rl: true, mode: 'url', value: url }, {}, PUBLISHED_WORKFLOW]),
		])('%s', async (_label, workflowId, item, expected) => {
			const { items } = await runNode(sandbox(), addParameters({ workflowId }), [{ contactId: 'abc123', ...item }]);
			expect(items[0].json.workflowId).toBe(expected);
			expect(sandbox().requests[0].path).toBe(`/contacts/abc123/workflow/${expected}`);
		});

		it('refuses a workflow ID from an expression that is not a UUID, before sending anything', async () => {
			const { result } = await runNode(sandbox(), addParameters({ workflowId: byId('={{ $json.workflow }}') }), [
				{ contactId: 'abc123', workflow: 'workflow-1' },
			]);
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe('"workflow-1" is not a HighLevel workflow ID');
			expect(sandbox().requests).toHaveLength(0);
		});
	});

	describe('event start time', () => {
		const withStart = (eventStartTime: string) => addParameters({ additionalFields: { eventStartTime } });
		const sentStart = () => (sandbox().requests[0].body as { eventStartTime?: string }).eventStartTime;

		it.each([
			['an ISO string with its offset, unchanged', '2026-06-23T03:30:00+01:00', '2026-06-23T03:30:00+01:00'],
			['a UTC ISO string, without zero milliseconds', '2026-06-23T03:30:00.000Z', '2026-06-23T03:30:00Z'],
			['an offset without a colon, as +hh:mm', '2026-06-23T03:30:00+0100', '2026-06-23T03:30:00+01:00'],
			['milliseconds when there are some', '2026-06-23T03:30:00.250+01:00', '2026-06-23T03:30:00.250+01:00'],
			['the picker value, in the workflow time zone (summer)', '2026-06-23T09:30:00', '2026-06-23T09:30:00-04:00'],
			['the picker value, in the workflow time zone (winter)', '2026-01-15T09:30:00', '2026-01-15T09:30:00-05:00'],
			['a date alone, at midnight in the workflow time zone', '2026-06-23', '2026-06-23T00:00:00-04:00'],
			['epoch milliseconds from an expression', '={{ 1782221400000 }}', '2026-06-23T09:30:00-04:00'],
			['epoch seconds from an expression', '={{ 1782221400 }}', '2026-06-23T09:30:00-04:00'],
			['epoch seconds as text', '1782221400', '2026-06-23T09:30:00-04:00'],
			[
				'an n8n DateTime from an expression, in its own zone',
				"={{ DateTime.fromISO('2026-06-23T09:30:00', { zone: 'Europe/Paris' }) }}",
				'2026-06-23T09:30:00+02:00',
			],
			['a JS Date from an expression', "={{ new Date('2026-06-23T13:30:00Z') }}", '2026-06-23T09:30:00-04:00'],
			['a local time in Kolkata, where clocks do not change', '2026-06-23T09:30:00', '2026-06-23T09:30:00+05:30', 'Asia/Kolkata'],
			// Clocks go forward: 02:30 does not exist; the time after the gap is meant.
			['a local time in the New York spring gap', '2026-03-08T02:30:00', '2026-03-08T03:30:00-04:00', 'America/New_York'],
			['a local time in the Berlin spring gap', '2026-03-29T02:30:00', '2026-03-29T03:30:00+02:00', 'Europe/Berlin'],
			// Clocks go back: 01:30 happens twice; the first is meant.
			['a local time in the New York autumn overlap', '2026-11-01T01:30:00', '2026-11-01T01:30:00-04:00', 'America/New_York'],
			['a local time in the Berlin autumn overlap', '2026-10-25T02:30:00', '2026-10-25T02:30:00+02:00', 'Europe/Berlin'],
		])('sends %s', async (_label, value, expected, timezone = DEFAULT_TIMEZONE) => {
			// A default, not `timezone?`: jest would take a 4th declared parameter, on rows of 3, for a done callback.
			const { items, result } = await runNode(sandbox(), withStart(value), [{ contactId: 'abc123' }], { timezone });
			expect(result.error).toBeUndefined();
			expect(sentStart()).toBe(expected);
			expect(items[0].json.eventStartTime).toBe(expected);
		});

		it.each([
			'next tuesday',
			'2026-02-30T10:00:00',
			'2026-02-30T10:00:00+01:00',
			'2026-06-23T25:00:00',
			'2026-06-23T10:00:00+25:00',
			'0',
		])('refuses "%s" before any request, naming the value', async (value) => {
			const { result } = await runNode(sandbox(), withStart(value), [{ contactId: 'abc123' }]);
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe(`Event Start Time "${value}" is not a date and time`);
			expect(sandbox().requests).toHaveLength(0);
		});

		it.each([
			['a spreadsheet date serial', '={{ 45000 }}', '45000', /has 5 digits\. It looks like a spreadsheet date serial/],
			['a date written as YYYYMMDD', '={{ 20260623 }}', '20260623', /has 8 digits\. It looks like a date written as YYYYMMDD: write it as 2026-06-23/],
			['the same as text', '20260623', '20260623', /has 8 digits\. It looks like a date written as YYYYMMDD/],
			['epoch seconds with a fraction', '={{ 1782221400.5 }}', '1782221400.5', /this one is not a whole positive number/],
			['a negative epoch', '={{ -1782221400 }}', '-1782221400', /this one is not a whole positive number/],
			['a number beyond the range of dates', '={{ 1e20 }}', '100000000000000000000', /has 21 digits/],
			['12 digits', '178222140000', '178222140000', /has 12 digits/],
		])('refuses %s: numbers are epoch seconds (10 digits) or milliseconds (13) only', async (_label, value, shown, hint) => {
			const { result } = await runNode(sandbox(), withStart(value), [{ contactId: 'abc123' }]);
			expect(result.error?.message).toBe(`Event Start Time "${shown}" is not a date and time`);
			expect(result.error?.description).toMatch(/^Numbers are read as epoch seconds \(10 digits\) or milliseconds \(13 digits\)/);
			expect(result.error?.description).toMatch(hint);
			expect(sandbox().requests).toHaveLength(0);
		});

		it('refuses a date from an expression whose year has more than four digits, instead of dropping it', async () => {
			const { result } = await runNode(sandbox(), withStart("={{ DateTime.fromISO('2026-06-23T09:30:00Z').plus({ years: 10000 }) }}"), [{ contactId: 'abc123' }]);
			expect(result.error?.message).toMatch(/^Event Start Time ".*12026.*" is not a date and time$/);
			expect(sandbox().requests).toHaveLength(0);
		});

		it("refuses a time without offset when the workflow's time zone is unknown, instead of reading it as UTC", async () => {
			const { result } = await runNode(sandbox(), withStart('2026-06-23T09:30:00'), [{ contactId: 'abc123' }], {
				timezone: 'Mars/Olympus_Mons',
			});
			expect(result.error?.message).toBe('The workflow\'s time zone "Mars/Olympus_Mons" is not a known time zone');
			expect(sandbox().requests).toHaveLength(0);
		});
	});

	describe('errors from HighLevel', () => {
		const runWith = (options: Parameters<typeof runNode>[3] = {}, parameters = addParameters(), contactId = 'abc123') =>
			runNode(sandbox(), parameters, [{ contactId }], options);

		it.each<{ name: string; run: () => Promise<NodeRun>; message: string; description: RegExp }>([
			{
				name: '401 invalid token: says so and how to fix it',
				run: () => runWith({ credential: privateIntegration(sandbox().url, { accessToken: 'pit-11111111-2222-4333-8444-555555555555' }) }),
				message: 'HighLevel: Invalid Private Integration token (HTTP 401)',
				description: /^The Access Token is wrong, revoked or expired: create a new Private Integration token/,
			},
			{
				name: '401 version header: says which version the node sends and to update the package',
				run: () => {
					expectRefusedRequests();
					return runWith({ credential: privateIntegration(sandbox().url, { apiVersion: '2020-01-01' }) });
				},
				message: 'HighLevel: version header is invalid (HTTP 401)',
				description: /^HighLevel refused the Version header this node sends \(2021-07-28, what HighLevel documents for these routes\): update n8n-nodes-highlevel/,
			},
			{
				name: '401 missing scope: names the scopes to tick',
				run: () => {
					sandbox().configure({ tokens: { ['pit-readonly']: { locationId: 'sandboxLocation0001', scopes: ['contacts.readonly'] } } });
					return runWith({ credential: privateIntegration(sandbox().url, { accessToken: 'pit-readonly' }) });
				},
				message: 'HighLevel: The token is not authorized for this scope. (HTTP 401)',
				description: /tick contacts\.write \(add and remove\)/,
			},
			{
				name: '400 contact not found: says which ids to check',
				run: () => runWith({ seedContacts: false }, addParameters(), 'noSuchContact1'),
				message: `HighLevel: ${INVENTED.contactNotFound} (HTTP 400)`,
				description:
					/^HighLevel refused the request: check that contact noSuchContact1 exists in this sub-account and that workflow 3f1c2a5e-8b7d-4c1e-9a2f-6d5e4c3b2a10 is one of its workflows \(HighLevel trace ID: [^)]+\)$/,
			},
			{
				name: '400 workflow not found',
				run: () => runWith({}, addParameters({ workflowId: byId('00000000-0000-4000-8000-000000000000') })),
				message: `HighLevel: ${INVENTED.workflowNotFound} (HTTP 400)`,
				description: /^HighLevel refused the request: check that contact abc123 exists in this sub-account and that workflow 00000000-0000-4000-8000-000000000000 is one/,
			},
			{
				name: '422: joins the message list HighLevel sends',
				run: () => {
					sandbox().configure({ faults: { abc123: { kind: 'status422', messages: ['eventStartTime must be in the future', 'workflow is paused'] } } });
					return runWith();
				},
				message: 'HighLevel: eventStartTime must be in the future; workflow is paused (HTTP 422)',
				description: /^HighLevel refused the values sent/,
			},
		])('$name', async ({ run, message, description }) => {
			const error = (await run()).result.error as NodeApiError;
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe(message);
			// The HTTP status the message names.
			expect(error.httpCode).toBe(/\(HTTP (\d{3})\)$/.exec(message)?.[1]);
			expect(error.description).toMatch(description);
			expect(error.description).toMatch(/HighLevel trace ID: [0-9a-f-]{36}/);
			expect(error.context.traceId).toEqual(expect.any(String));
		});

		it('fails the run on the item that failed, naming it, when continue-on-fail is off', async () => {
			const items = [{ contactId: 'sbxContactAlice00001' }, { contactId: 'bad!' }];
			const { result } = await runNode(sandbox(), addParameters(), items, { seedContacts: false });
			expect(result.error?.message).toBe(`HighLevel: ${INVENTED.contactNotFound} (HTTP 400)`);
			expect((result.error as NodeApiError).context.itemIndex).toBe(1);
		});
	});

	it('with continue-on-fail, turns each bad item into its own error item and runs every other item', async () => {
		const { items, result } = await runNode(
			sandbox(),
			addParameters({ additionalFields: { eventStartTime: '={{ $json.start }}' } }),
			[
				{ contactId: 'sbxContactAlice00001', start: '' },
				{ contactId: '   ', start: '' },
				{ contactId: 'sbxContactBruno00002', start: 'soon' },
				{ contactId: 'unknownContact44444', start: '' },
				{ contactId: 'sbxContactChloe00003', start: '2026-06-23T09:30:00+02:00' },
			],
			{ continueOnFail: true, seedContacts: false },
		);
		expect(result.error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[0].json).toEqual(doneJson('sbxContactAlice00001'));
		expect(failureOf(items[1])?.message).toBe('Contact ID is empty');
		expect(failureOf(items[2])?.message).toBe('Event Start Time "soon" is not a date and time');
		expect(failureOf(items[3])).toMatchObject({ message: `HighLevel: ${INVENTED.contactNotFound} (HTTP 400)`, httpCode: '400' });
		expect(items[4].json).toEqual(doneJson('sbxContactChloe00003', { eventStartTime: '2026-06-23T09:30:00+02:00' }));
		// Bad input never reaches HighLevel: 3 requests for 5 items.
		expect(sandbox().requests).toHaveLength(3);
	});
});
