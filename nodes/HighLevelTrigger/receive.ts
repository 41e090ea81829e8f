import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { judgeDelivery } from './helpers/delivery';
import { readRules } from './helpers/rules';

/**
 * One request to the trigger's URL. HighLevel retries only a 429, so every answer here is final:
 * 401 for a missing or wrong signature or a stale timestamp, 200 with nothing started for a replay,
 * another app's event or one the filters leave out, 200 once the event is taken.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = Date.now();
	const rules = await readRules(this);
	const request = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
	const verdict = judgeDelivery({ headers: request.headers, rawBody: request.rawBody, body: request.body, receivedAt }, rules);
	if (verdict.answer === 'refused') {
		this.logger.debug(`HighLevel Trigger refused a request (${verdict.status}): ${verdict.reason}`);
		this.getResponseObject().status(verdict.status).json({ status: 'refused', reason: verdict.reason });
		return { noWebhookResponse: true };
	}
	if (verdict.answer === 'ignored') {
		this.logger.debug(`HighLevel Trigger started nothing: ${verdict.reason}`);
		return { webhookResponse: { status: 'ignored', reason: verdict.reason } };
	}
	return {
		webhookResponse: { status: 'accepted' },
		workflowData: [this.helpers.returnJsonArray([verdict.item])],
	};
}
