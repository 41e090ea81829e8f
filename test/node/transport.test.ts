import type { NodeApiError } from 'n8n-workflow';
import { INVENTED } from '../../tools/sandbox/replies';
import { startSandbox, type Sandbox } from '../../tools/sandbox/server';
import {
	addBy,
	addParameters,
	expectContractKept,
	failureOf,
	freshCredential,
	GET_ALL_WORKFLOWS,
	privateIntegration,
	runNode,
	runReadOnlyApp,
	useSandbox,
} from './setup';

const sandbox = useSandbox();

const byEmail = (email: string) => addBy('email', { contactEmail: email, ifNotFound: 'create' });
const requestsTo = (path: string) => sandbox().requests.filter((request) => request.path === path);

describe('repeatable requests are retried after a lost or failed answer', () => {
	it.each([
		['a 503', { kind: 'status503', after: false }],
		['a dropped connection', { kind: 'dropAfter' }],
		['an HTML 502 from the edge', { kind: 'html502' }],
		['no answer within the Timeout', { kind: 'slow', ms: 1500, times: 1 }],
	] as const)('a lookup by email, after %s', async (_, fault) => {
		sandbox().configure({ routeFaults: { findDuplicate: fault } });
		const { items } = await runNode(sandbox(), { ...byEmail('alice@example.com'), options: { timeout: 1000 } }, [{}], { continueOnFail: true });
		expect(items[0].json).toMatchObject({ success: true, contactId: 'sbxContactAlice00001', contactLookup: 'found' });
		expect(requestsTo('/contacts/search/duplicate')).toHaveLength(2);
		expect(sandbox().enrolments).toHaveLength(1);
	});

	it('an upsert whose answer was lost, without creating the contact twice', async () => {
		sandbox().configure({ routeFaults: { upsertContact: { kind: 'dropAfter' } } });
		const { items } = await runNode(sandbox(), byEmail('lost.answer@example.com'), [{}]);
		// The first upsert was carried out; the second found that contact by its email, and says so.
		expect(items[0].json).toMatchObject({ success: true, contactLookup: 'found', email: 'lost.answer@example.com' });
		expect(requestsTo('/contacts/upsert')).toHaveLength(2);
		expect(sandbox().createdContacts).toHaveLength(1);
		expect(sandbox().enrolments.map((e) => e.contactId)).toEqual([sandbox().createdContacts[0].id]);
	});

	it.each([
		['an empty 200', { kind: 'emptyBody' as const, times: 1 }],
		['a 500', { kind: 'status500' as const, after: false }],
	])('the workflow list, after %s', async (_, fault) => {
		sandbox().configure({ routeFaults: { listWorkflows: fault } });
		const { items } = await runNode(sandbox(), GET_ALL_WORKFLOWS, [{}]);
		expect(items).toHaveLength(4);
		expect(requestsTo('/workflows/')).toHaveLength(2);
	});

	it('the workflow list gives up after 3 retries, clearly, when HighLevel keeps failing, not answering, dropping the connection or answering an empty 200', async () => {
		const cases = [
			[{ kind: 'status503' as const, after: false, times: 10 }, `HighLevel: ${INVENTED.unavailable} (HTTP 503)`],
			[{ kind: 'hang' as const }, 'HighLevel did not answer within 1 s'],
			[{ kind: 'dropBefore' as const, times: 10 }, 'The connection to HighLevel broke'],
			[{ kind: 'emptyBody' as const }, 'HighLevel answered HTTP 200 with an empty body'],
		] as const;
		// Each against its own sandbox, at once: the backoff (0.5 + 1 + 2 s) need not be waited three times.
		const boxes = await Promise.all(cases.map(() => startSandbox({ rateLimit: false })));
		try {
			const runs = await Promise.all(
				cases.map(([fault], index) => {
					boxes[index].configure({ routeFaults: { listWorkflows: fault } });
					return runNode(boxes[index], { ...GET_ALL_WORKFLOWS, options: { timeout: 500 } }, [{}], { credential: privateIntegration(boxes[index].url) });
				}),
			);
			expect(runs.map((run) => run.result.error?.message)).toEqual(cases.map(([, message]) => message));
			expect(boxes.map((box) => box.requests.length)).toEqual([4, 4, 4, 4]);
			expect((runs[0].result.error as NodeApiError).description).toMatch(/^HighLevel had a temporary fault: run the item again later/);
			for (const box of boxes) await expectContractKept(box);
		} finally {
			await Promise.all(boxes.map((box) => box.close()));
		}
	}, 15_000);
});

describe('an enrolment is re-sent only when it certainly did not happen', () => {
	it('is not re-sent after a timeout or a dropped connection: it may have been carried out', async () => {
		sandbox().configure({ faults: { timedOut000000000001: { kind: 'slow', ms: 1500 }, dropped0000000000002: { kind: 'dropAfter' } } });
		const contacts = [{ contactId: 'timedOut000000000001' }, { contactId: 'dropped0000000000002' }];
		const { items } = await runNode(sandbox(), addParameters({ options: { timeout: 500 } }), contacts, { continueOnFail: true });
		expect(items.map((item) => failureOf(item)?.outcome)).toEqual(['unknown', 'unknown']);
		expect(sandbox().requests.filter((request) => request.method === 'POST')).toHaveLength(2);
	});

	it('is re-sent when the connection was refused: nothing was sent', async () => {
		const probe = await startSandbox({ rateLimit: false });
		const { port, url } = probe;
		await probe.close();
		// HighLevel is back 200 ms later, before the first retry (after 500 ms).
		const later = new Promise<Sandbox>((resolve, reject) => {
			setTimeout(() => startSandbox({ port, rateLimit: false, contactIds: ['refusedFirst00000001'] }).then(resolve, reject), 200);
		});
		try {
			const { items } = await runNode(sandbox(), addParameters(), [{ contactId: 'refusedFirst00000001' }], {
				credential: privateIntegration(url),
			});
			expect(items[0].json).toMatchObject({ success: true, contactId: 'refusedFirst00000001' });
			expect((await later).enrolments.map((e) => e.contactId)).toEqual(['refusedFirst00000001']);
			await expectContractKept(await later);
		} finally {
			await (await later).close();
		}
	});

	it('gives up without sending again when a 429 would make it wait past Max Wait', async () => {
		// A spent window: the node would wait the whole 10 s interval, more than Max Wait allows.
		sandbox().configure({ faults: { limited0000000000001: { kind: 'status429' } } });
		const { items } = await runNode(sandbox(), addParameters({ options: { maxWaitSeconds: 2 } }), [{ contactId: 'limited0000000000001' }], {
			continueOnFail: true,
			credential: freshCredential(sandbox()),
		});
		expect(failureOf(items[0])).toMatchObject({ httpCode: '429' });
		expect(failureOf(items[0])?.message).toMatch(/^HighLevel's rate limit held this item back for \d+ s, longer than the Max Wait option allows$/);
		expect(failureOf(items[0])?.description).toMatch(/This item was not carried out, so running it again is safe$/);
		expect(sandbox().requests).toHaveLength(1);
		expect(sandbox().enrolments).toHaveLength(0);
	});

	it('stops when the execution is stopped, without sending the item again', async () => {
		sandbox().configure({ faults: { stopped0000000000001: { kind: 'hang' } } });
		const { result } = await runNode(sandbox(), addParameters(), [{ contactId: 'stopped0000000000001' }], { cancelAfterMs: 300 });
		expect(result.error?.message).toBe('The execution was stopped before HighLevel answered');
		expect(result.runData['Node Under Test']?.[0]?.error?.message).toBe('The execution was stopped before HighLevel answered');
		expect(sandbox().requests).toHaveLength(1);
	});
});

describe('an HTTP answer thrown by n8n instead of returned (OAuth2 after its refresh)', () => {
	it('becomes HighLevel\'s error, once the refreshed token is refused too', async () => {
		const { app, run } = await runReadOnlyApp();
		const error = run.result.error as NodeApiError;
		expect(error.message).toBe('HighLevel: The token is not authorized for this scope. (HTTP 401)');
		expect(error.httpCode).toBe('401');
		expect(error.description).toMatch(/^The token lacks a scope this operation needs/);
		expect(app.oauthTokenRequests.map((request) => request.status)).toEqual([200]);
		expect(app.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
	});
});
