import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { getConnection } from './connection';
import { apiError, transportError, UNCONFIRMED_DESCRIPTION } from './errors';
import { classifyFailure } from './failure';
import type { Refusal } from './rateLimiter';
import { rateLimiterFor, readRateLimitHeaders } from './rateLimiter';
import type { HighLevelResponse } from './response';
import { describeNonJsonBody, toHighLevelResponse } from './response';

export interface HighLevelRequest {
	method: IHttpRequestMethods;
	/** Path below the Base URL, with every id already percent-encoded. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** What the request is about, for messages: "the contact or the workflow". */
	what: string;
	/** Whether sending it twice is harmless, so a lost answer may be retried. */
	idempotent: boolean;
	/** Whether a 2xx must say `succeeded` (HighLevel spells it `succeded`). */
	expectConfirmation?: boolean;
}

export interface RequestSettings {
	timeoutMs: number;
	/** Longest an item may wait for rate-limit budget and retries in all. */
	maxWaitMs: number;
}

export const DEFAULT_SETTINGS: RequestSettings = { timeoutMs: 30_000, maxWaitMs: 600_000 };

const MAX_FAULT_RETRIES = 3;

function backoffMs(attempt: number): number {
	return 500 * 2 ** attempt;
}

function isConfirmed(body: IDataObject): boolean {
	return body.succeeded === true || body.succeded === true;
}

/** Every HighLevel request of the node goes through here: pacing, retries and error mapping. */
export async function highLevelApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: HighLevelRequest,
	settings: RequestSettings = DEFAULT_SETTINGS,
): Promise<IDataObject> {
	const node = this.getNode();
	const { itemIndex } = request;
	const connection = await getConnection(this);
	const limiter = rateLimiterFor(connection.bucket);
	const started = Date.now();
	const deadline = started + settings.maxWaitMs;
	const waitedSeconds = () => Math.round((Date.now() - started) / 1000);

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		qs: request.qs,
		headers: {
			Accept: 'application/json',
			...(connection.isOAuth2 ? { Version: connection.apiVersion } : {}),
			...(request.body ? { 'Content-Type': 'application/json' } : {}),
		},
		body: request.body ? JSON.stringify(request.body) : undefined,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		// OAuth2 refreshes its token only on a thrown 401; every other status comes back to us.
		ignoreHttpStatusErrors: connection.isOAuth2 ? { ignore: true, except: [401] } : true,
		timeout: settings.timeoutMs,
	};

	const unconfirmed = (reason: string, code: string) =>
		transportError(
			node,
			`HighLevel did not confirm the request (${reason}): it may have been carried out`,
			`${UNCONFIRMED_DESCRIPTION} (${/^\d+$/.test(code) ? `HTTP ${code}` : code})`,
			{ itemIndex, httpCode: /^\d+$/.test(code) ? code : undefined, unconfirmed: true },
		);

	for (let attempt = 0; ; attempt++) {
		const slot = await limiter.acquire(deadline);
		if ('refused' in slot) throw refusalError(this, slot, itemIndex, waitedSeconds());
		const { sentAt } = slot;

		let response: HighLevelResponse;
		try {
			response = toHighLevelResponse(
				await this.helpers.httpRequestWithAuthentication.call(this, connection.credentialType, options),
			);
		} catch (error) {
			const failure = classifyFailure(error);
			if (failure.kind === 'cancelled') {
				throw new NodeOperationError(node, 'The execution was stopped before HighLevel answered', { itemIndex });
			}
			if (failure.kind === 'http') {
				response = failure.response;
			} else {
				const retry = failure.kind === 'notSent' || request.idempotent;
				if (retry && attempt < MAX_FAULT_RETRIES && Date.now() + backoffMs(attempt) < deadline) {
					await sleep(backoffMs(attempt));
					continue;
				}
				// Error codes stay out of messages: n8n swaps a message naming ECONNRESET & co. for a generic one.
				if (failure.kind === 'notSent') {
					throw transportError(
						node,
						`Could not reach HighLevel at ${connection.baseUrl}`,
						`The connection was refused or the host was not found (${failure.code}). Check the credential's Base URL and this n8n instance's network; the request was not carried out, so running the item again is safe`,
						{ itemIndex },
					);
				}
				const seconds = Math.round(settings.timeoutMs / 1000);
				if (!request.idempotent) {
					throw unconfirmed(failure.kind === 'timeout' ? `no answer within ${seconds} s` : 'the connection broke', failure.code);
				}
				throw transportError(
					node,
					failure.kind === 'timeout' ? `HighLevel did not answer within ${seconds} s` : 'The connection to HighLevel broke',
					`HighLevel or the network had a temporary fault (${failure.code}); the request was tried ${attempt + 1} times. Run the item again later, or raise the Timeout option`,
					{ itemIndex },
				);
			}
		}

		const limits = readRateLimitHeaders(response.headers);
		if (response.status === 429) {
			const backoff = limiter.onTooManyRequests(limits, sentAt, attempt);
			if ('refused' in backoff) throw refusalError(this, backoff, itemIndex, waitedSeconds());
			if (Date.now() + backoff.waitMs > deadline) {
				throw refusalError(this, { refused: 'wait' }, itemIndex, waitedSeconds());
			}
			await sleep(backoff.waitMs);
			continue;
		}
		limiter.observe(limits, sentAt);

		const fault = response.status >= 500 || (response.status < 400 && !response.body);
		if (fault && request.idempotent && attempt < MAX_FAULT_RETRIES && Date.now() + backoffMs(attempt) < deadline) {
			await sleep(backoffMs(attempt));
			continue;
		}
		if (fault && !request.idempotent) {
			throw unconfirmed(`HTTP ${response.status} with ${response.body ? 'an error' : describeNonJsonBody(response)}`, String(response.status));
		}
		if (response.status >= 300) throw apiError(node, response, { itemIndex, what: request.what });
		if (!response.body) {
			throw apiError(node, response, {
				itemIndex,
				what: request.what,
				message: `HighLevel answered HTTP ${response.status} with ${describeNonJsonBody(response)}`,
				description: 'HighLevel or a proxy in between sent something other than JSON: run the item again later',
			});
		}
		if (request.expectConfirmation && !isConfirmed(response.body)) {
			const said = response.body.message ? `: ${String(response.body.message)}` : '';
			throw apiError(node, response, {
				itemIndex,
				what: request.what,
				message: `HighLevel answered HTTP ${response.status} without confirming the request${said}`,
				description: UNCONFIRMED_DESCRIPTION,
			});
		}
		return response.body;
	}
}

function refusalError(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	refusal: Refusal,
	itemIndex: number | undefined,
	waitedSeconds: number,
) {
	if (refusal.refused === 'daily') {
		return transportError(
			context.getNode(),
			`HighLevel's daily API limit for this sub-account is used up${refusal.dailyLimit ? ` (${refusal.dailyLimit} requests a day)` : ''}`,
			'Waiting seconds will not help: the daily allowance renews the next day. Run the remaining items then, or ask HighLevel for a higher limit. This item was not carried out',
			{ itemIndex, httpCode: '429' },
		);
	}
	return transportError(
		context.getNode(),
		`HighLevel's rate limit held this item back for ${waitedSeconds} s, longer than the Max Wait option allows`,
		"Raise Max Wait (Seconds) in the node's options, lower Max Concurrent Requests, or run fewer items at a time. This item was not carried out, so running it again is safe",
		{ itemIndex, httpCode: '429' },
	);
}
