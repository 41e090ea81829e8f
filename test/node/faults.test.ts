import type { IDataObject } from 'n8n-workflow';
import type { Fault } from '../../tools/sandbox/server';
import { addParameters, contactItems, doneJson, everythingShown, freshCredential, runNode, useSandbox, failureOf } from './setup';

const sandbox = useSandbox();

describe('faults: each item gets a clear result, no contact is enrolled twice', () => {
	it('enrols 150 contacts at 25 per 500 ms with random extra 429s (each a spent window), each exactly once', async () => {
		sandbox().configure({ rateLimit: { max: 25, intervalMs: 500 }, randomFaults: { seed: 42, rate429: 0.05 } });
		const contacts = contactItems('bulk', 150);
		const { items, result } = await runNode(sandbox(), addParameters(), contacts, { credential: freshCredential(sandbox()) });

		expect(result.error).toBeUndefined();
		expect(items.filter((item) => item.json.success === true)).toHaveLength(150);
		expect(items.map((item) => item.json.contactId)).toEqual(contacts.map((c) => c.contactId));
		expect(sandbox().enrolments.map((e) => e.contactId).sort()).toEqual(contacts.map((c) => c.contactId).sort());
		// The run did meet 429s (the random ones at least) and retried them.
		expect(sandbox().summary().byStatus['429']).toBeGreaterThan(0);
	}, 120_000);

	it('with continue-on-fail, errors exactly the items whose answer was lost, and retries only what is safe', async () => {
		const faults: Record<string, Fault | null> = {
			good000000000000001: null,
			tooMany0000000000002: { kind: 'status429', times: 3 },
			err500after00000003: { kind: 'status500', after: true },
			err503before0000004: { kind: 'status503', after: false },
			html50200000000005: { kind: 'html502' },
			emptyBody0000000006: { kind: 'emptyBody' },
			mismatch00000000007: { kind: 'statusMismatch' },
			nonJson000000000008: { kind: 'nonJson200' },
			slow000000000000009: { kind: 'slow', ms: 300 },
			hang000000000000010: { kind: 'hang' },
			dropBefore000000011: { kind: 'dropBefore' },
			dropAfter0000000012: { kind: 'dropAfter' },
			good000000000000013: null,
		};
		// Each 429 shows a spent window and pauses the bucket for an interval: keep it short.
		sandbox().configure({ faults, rateLimit: { max: 1000, intervalMs: 200 } });
		const run = await runNode(
			sandbox(),
			addParameters({ options: { timeout: 1500 } }),
			Object.keys(faults).map((contactId) => ({ contactId })),
			{ continueOnFail: true, credential: freshCredential(sandbox()) },
		);
		const { items } = run;
		const byContact = Object.fromEntries(
			Object.keys(faults).map((contactId, index) => [contactId, { ...items[index].json, ...failureOf(items[index]) } as IDataObject]),
		);

		expect(items).toHaveLength(13);
		expect(items.map((item) => item.pairedItem)).toEqual(Object.keys(faults).map((_, item) => ({ item })));
		const succeeded = Object.keys(byContact).filter((id) => byContact[id].success === true);
		expect(succeeded).toEqual(['good000000000000001', 'tooMany0000000000002', 'slow000000000000009', 'good000000000000013']);

		const unconfirmed = (why: string) => `HighLevel did not confirm the request (${why}): it may have been carried out`;
		const failed = Object.entries(byContact).filter(([, item]) => item.success !== true);
		expect(Object.fromEntries(failed.map(([id, item]) => [id, item.message]))).toEqual({
			err500after00000003: unconfirmed('HTTP 500 with an error'),
			err503before0000004: expect.stringMatching(/^HighLevel did not confirm the request \(.+\): it may have been carried out$/),
			html50200000000005: unconfirmed('HTTP 502 with an HTML page ("502 Bad Gateway")'),
			emptyBody0000000006: unconfirmed('HTTP 200 with an empty body'),
			mismatch00000000007: 'HighLevel answered HTTP 200 without confirming the request: Bad Request',
			nonJson000000000008: expect.stringMatching(/^HighLevel did not confirm the request \(HTTP 200 with a body that is not JSON \(text\/plain: "OK"\)\)/),
			hang000000000000010: unconfirmed('no answer within 2 s'),
			dropBefore000000011: unconfirmed('the connection broke'),
			dropAfter0000000012: unconfirmed('the connection broke'),
		});
		expect(byContact.err500after00000003).toMatchObject({ httpCode: '500', outcome: 'unknown' });
		expect(byContact.err503before0000004).toMatchObject({ httpCode: '503' });
		// A 200 that does not confirm may have been carried out, as its description says.
		expect(byContact.mismatch00000000007).toMatchObject({ httpCode: '200', outcome: 'unknown' });
		for (const id of ['err500after00000003', 'hang000000000000010', 'dropAfter0000000012']) {
			expect(byContact[id].description).toMatch(/^The request reached HighLevel but no clear answer came back, so it was not sent again/);
		}

		// One POST per contact except the 429s, which were retried until accepted.
		const posts = sandbox().requests.filter((r) => r.method === 'POST');
		const postsPer = (id: string) => posts.filter((r) => r.path.startsWith(`/contacts/${id}/`)).length;
		expect(postsPer('tooMany0000000000002')).toBe(4);
		for (const id of Object.keys(faults).filter((id) => id !== 'tooMany0000000000002')) expect(postsPer(id)).toBe(1);
		// Nothing enrolled twice; enrolled exactly where HighLevel carried the request out.
		const enrolled = sandbox().enrolments.map((e) => e.contactId).sort();
		expect(enrolled).toEqual([...succeeded, 'err500after00000003', 'emptyBody0000000006', 'nonJson000000000008', 'hang000000000000010', 'dropAfter0000000012'].sort());
		expect(everythingShown(run)).not.toContain('pit-test-bucket');
	}, 30_000);

	it('retries a removal whose answer was lost, since removing twice is harmless', async () => {
		sandbox().configure({ faults: { removeMe000000000001: { kind: 'status503', after: true, times: 2 } } });
		const { items } = await runNode(
			sandbox(),
			addParameters({ operation: 'removeFromWorkflow', contactId: 'removeMe000000000001' }),
			[{}],
		);
		expect(items[0].json).toEqual(doneJson('removeMe000000000001', { action: 'removeFromWorkflow' }));
		expect(sandbox().requests.filter((r) => r.method === 'DELETE')).toHaveLength(3);
	});

	it('fails fast with a clear message once the daily limit is used up', async () => {
		sandbox().configure({ rateLimit: { max: 100, intervalMs: 10_000, daily: 3 } });
		const started = Date.now();
		const { items } = await runNode(sandbox(), addParameters({ options: { maxConcurrency: 1 } }), contactItems('daily', 6), {
			continueOnFail: true,
			credential: freshCredential(sandbox()),
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(items.filter((item) => item.json.success === true)).toHaveLength(3);
		for (const item of items.slice(3)) {
			expect(failureOf(item)?.message).toBe("HighLevel's daily API limit for this sub-account is used up (3 requests a day)");
			expect(failureOf(item)?.description).toMatch(/^Waiting seconds will not help: the daily allowance renews the next day/);
		}
		expect(sandbox().requests.length).toBeLessThanOrEqual(4);
	});

	it('gives up on an item that would wait longer than Max Wait, saying so', async () => {
		sandbox().configure({ rateLimit: { max: 1, intervalMs: 60_000 } });
		const started = Date.now();
		const parameters = addParameters({ options: { maxWaitSeconds: 1, maxConcurrency: 1 } });
		const { items } = await runNode(sandbox(), parameters, [{ contactId: 'wait1' }, { contactId: 'wait2' }], {
			continueOnFail: true,
			credential: freshCredential(sandbox()),
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(items[0].json.success).toBe(true);
		expect(failureOf(items[1])?.message).toMatch(/^HighLevel's rate limit held this item back for \d+ s, longer than the Max Wait option allows$/);
		expect(sandbox().enrolments.map((e) => e.contactId)).toEqual(['wait1']);
	});
});
