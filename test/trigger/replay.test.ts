import { delivery, burst, replayOf } from '../../tools/sandbox/webhooks/sender';
import { minutesAgo } from '../../tools/sandbox/webhooks/events';
import { triggerParameters, useTriggerSandbox } from './setup';

const { start } = useTriggerSandbox();

describe('HighLevel Trigger: replay window and webhookIds', () => {
	it.each([
		['6 minutes old', 6],
		['6 minutes ahead of the clock', -6],
	])('refuses (401) a delivery whose timestamp is %s, outside the default 5-minute window', async (_, minutes) => {
		const trigger = await start();
		const [answer] = await trigger.send(delivery('ContactCreate', { timestamp: minutesAgo(minutes) }));
		expect(answer).toMatchObject({ status: 401, body: { status: 'refused', reason: expect.stringContaining('outside the replay window') } });
		expect(trigger.executions).toHaveLength(0);
	});

	it('accepts a delivery 4 minutes old, and one 6 minutes old with Replay Window set to 10', async () => {
		const defaultWindow = await start();
		const wider = await start(triggerParameters({}, { replayWindowMinutes: 10 }));
		expect((await defaultWindow.send(delivery('ContactCreate', { timestamp: minutesAgo(4) })))[0].status).toBe(200);
		expect((await wider.send(delivery('ContactCreate', { timestamp: minutesAgo(6) })))[0].status).toBe(200);
		expect([defaultWindow.executions.length, wider.executions.length]).toEqual([1, 1]);
	});

	it("refuses a timestamp that is not a date", async () => {
		const trigger = await start();
		const [answer] = await trigger.send(delivery('ContactCreate', { timestamp: 'yesterday' }));
		expect(answer).toMatchObject({ status: 401, body: { reason: 'The timestamp "yesterday" is not a date' } });
	});

	it("does not apply the window to RecordUpdate, whose timestamp HighLevel documents as the record's creation time", async () => {
		const trigger = await start();
		const [answer] = await trigger.send(delivery('RecordUpdate'));
		expect(answer.status).toBe(200);
		expect(trigger.items()[0]).toMatchObject({ eventType: 'RecordUpdate', event: { timestamp: '2025-02-10T08:26:05.961Z' } });
	});

	it('starts nothing for a second delivery of an accepted webhookId: both answered 200, one execution', async () => {
		const trigger = await start();
		const original = delivery('ContactCreate');
		const answers = [...(await trigger.send(original)), ...(await trigger.send(replayOf(original)))];
		expect(answers.map((answer) => answer.body)).toEqual([
			{ status: 'accepted' },
			{ status: 'ignored', reason: `webhookId ${original.webhookId} was accepted before: a replay` },
		]);
		expect(trigger.executions).toHaveLength(1);
	});

	it('runs each distinct event of a burst of 200 sent at once exactly once, 5 % of them replays', async () => {
		const trigger = await start();
		const deliveries = burst(200, 0.05);
		const answers = await trigger.send(...deliveries);
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		const ran = trigger.items().map((item) => (item.event as { webhookId: string }).webhookId);
		expect(ran).toHaveLength(190);
		expect(new Set(ran)).toEqual(new Set(deliveries.map((item) => item.webhookId)));
		expect(answers.filter((answer) => (answer.body as { status: string }).status === 'ignored')).toHaveLength(10);
	});

	it('keeps the webhookId memory per trigger: the same delivery to two triggers runs once in each', async () => {
		const first = await start();
		const second = await start();
		const event = delivery('ContactCreate');
		await first.send(event);
		await second.send(event);
		expect([first.executions.length, second.executions.length]).toEqual([1, 1]);
	});

	it('takes a signed delivery without timestamp or webhookId each time it comes: it cannot tell a replay', async () => {
		const trigger = await start();
		const bare = delivery('ContactCreate', { timestamp: null, webhookId: null });
		const answers = await trigger.send(bare, replayOf(bare));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		expect(trigger.executions).toHaveLength(2);
	});
});
