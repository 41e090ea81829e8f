import { acceptOnce, MAX_REMEMBERED_WEBHOOK_IDS, rememberedWebhookIds } from '../../nodes/HighLevelTrigger/helpers/replayMemory';

describe("the HighLevel Trigger's webhookId memory", () => {
	const keepMs = 10 * 60_000;

	it('refuses an id a second time while it is remembered, and forgets it after keepMs', () => {
		const now = 1_000_000;
		expect(acceptOnce('workflow|node', 'id-1', now, keepMs)).toBe(true);
		expect(acceptOnce('workflow|node', 'id-1', now + keepMs - 1, keepMs)).toBe(false);
		expect(acceptOnce('workflow|node', 'id-1', now + keepMs, keepMs)).toBe(true);
	});

	it(`holds at most ${MAX_REMEMBERED_WEBHOOK_IDS.toLocaleString('en')} ids in the process, forgetting the oldest first`, () => {
		const now = 2_000_000_000;
		for (let index = 0; index <= MAX_REMEMBERED_WEBHOOK_IDS; index++) acceptOnce('bound|node', `id-${index}`, now, keepMs);
		expect(rememberedWebhookIds()).toBe(MAX_REMEMBERED_WEBHOOK_IDS);
		expect(acceptOnce('bound|node', 'id-0', now, keepMs)).toBe(true);
		expect(acceptOnce('bound|node', `id-${MAX_REMEMBERED_WEBHOOK_IDS}`, now, keepMs)).toBe(false);
	});
});
