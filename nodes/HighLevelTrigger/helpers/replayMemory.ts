/**
 * The webhookIds this n8n process accepted, each kept for twice the replay window: a delivery whose
 * timestamp is fresh may come up to one window early or late, so its replay can only be refused as
 * stale after two. Workflow static data cannot hold them: n8n rebuilds the workflow for every
 * request and writes static data back after answering, so deliveries side by side would overwrite
 * each other's records.
 */
export const MAX_REMEMBERED_WEBHOOK_IDS = 100_000;

/** `<workflow>|<node>|<webhookId>` → when it may be forgotten; in order of acceptance. */
const acceptedUntil = new Map<string, number>();

function forgetExpired(now: number): void {
	for (const [key, until] of acceptedUntil) {
		if (until > now) return;
		acceptedUntil.delete(key);
	}
}

/**
 * Records the webhookId as accepted and returns true, or returns false when it was accepted before
 * and is still remembered. Synchronous, so two deliveries of one id in this process cannot both pass.
 */
export function acceptOnce(trigger: string, webhookId: string, now: number, keepMs: number): boolean {
	forgetExpired(now);
	const key = `${trigger}|${webhookId}`;
	const until = acceptedUntil.get(key);
	if (until !== undefined && until > now) return false;
	acceptedUntil.delete(key);
	acceptedUntil.set(key, now + keepMs);
	// At the bound the oldest go first; a replay of one of them within its window would then be taken.
	while (acceptedUntil.size > MAX_REMEMBERED_WEBHOOK_IDS) {
		const oldest = acceptedUntil.keys().next().value;
		if (oldest === undefined) break;
		acceptedUntil.delete(oldest);
	}
	return true;
}

export function rememberedWebhookIds(): number {
	return acceptedUntil.size;
}
