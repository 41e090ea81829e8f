import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { runOptionDefaults } from '../descriptions/runOptions';
import type { Connection } from './connection';
import { getConnection } from './connection';
import { dailyLimitError, failureError, isFault, responseError, tokenRefreshError, waitTooLongError } from './errors';
import { rateLimiterFor, readRateLimitHeaders } from './rateLimiter';
import type { HighLevelResponse } from './response';
import { classifyFailure, toHighLevelResponse, tokenRefreshFailure } from './response';

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

export const DEFAULT_SETTINGS: RequestSettings = {
	timeoutMs: runOptionDefaults.timeout,
	maxWaitMs: runOptionDefaults.maxWaitSeconds * 1000,
};

const MAX_FAULT_RETRIES = 3;

function backoffMs(attempt: number): number {
	return 500 * 2 ** attempt;
}

function requestOptions(connection: Connection, request: HighLevelRequest, settings: RequestSettings): IHttpRequestOptions {
	return {
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
}

/** A failed OAuth token refresh, per node run: the items after it fail at once instead of trying again. */
const refreshFailures = new WeakMap<Connection, { message: string; code?: string }>();

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
	const options = requestOptions(connection, request, settings);
	const started = Date.now();
	const deadline = started + settings.maxWaitMs;
	const waitedSeconds = () => Math.round((Date.now() - started) / 1000);
	const canRetry = (attempt: number) => attempt < MAX_FAULT_RETRIES && Date.now() + backoffMs(attempt) < deadline;
	let refreshRetried = false;

	for (let attempt = 0; ; attempt++) {
		const refreshFailed = refreshFailures.get(connection);
		if (refreshFailed) throw tokenRefreshError(node, refreshFailed, itemIndex);
		const slot = await limiter.acquire(deadline);
		if ('refused' in slot) {
			throw slot.refused === 'daily' ? dailyLimitError(node, slot.dailyLimit, itemIndex) : waitTooLongError(node, waitedSeconds(), itemIndex);
		}
		const context = { ...request, node, baseUrl: connection.baseUrl, timeoutMs: settings.timeoutMs, attempts: attempt + 1 };

		let response: HighLevelResponse;
		try {
			response = toHighLevelResponse(
				await this.helpers.httpRequestWithAuthentication.call(
					this,
					connection.credentialType,
					options,
					connection.credentialOptions,
				),
			);
		} catch (error) {
			limiter.settle(slot);
			const refreshFailed = connection.isOAuth2 ? tokenRefreshFailure(error, String(options.url)) : undefined;
			if (refreshFailed) {
				// Another worker may have refreshed first, leaving us a used refresh token while the new
				// tokens are already saved: the next attempt reads the credential again. Once only.
				if (!refreshRetried) {
					refreshRetried = true;
					continue;
				}
				refreshFailures.set(connection, refreshFailed);
				throw tokenRefreshError(node, refreshFailed, itemIndex);
			}
			const failure = classifyFailure(error);
			if (failure.kind === 'cancelled') {
				throw new NodeOperationError(node, 'The execution was stopped before HighLevel answered', { itemIndex });
			}
			if (failure.kind !== 'http') {
				if ((failure.kind === 'notSent' || request.idempotent) && canRetry(attempt)) {
					await sleep(backoffMs(attempt));
					continue;
				}
				throw failureError(failure, context);
			}
			response = failure.response;
		}

		const limits = readRateLimitHeaders(response.headers);
		if (response.status === 429) {
			const backoff = limiter.onTooManyRequests(limits, slot, attempt);
			if ('refused' in backoff) throw dailyLimitError(node, backoff.dailyLimit, itemIndex);
			if (Date.now() + backoff.waitMs > deadline) throw waitTooLongError(node, waitedSeconds(), itemIndex);
			await sleep(backoff.waitMs);
			continue;
		}
		limiter.observe(limits, slot);

		if (isFault(response) && request.idempotent && canRetry(attempt)) {
			await sleep(backoffMs(attempt));
			continue;
		}
		const error = responseError(response, context);
		if (error) throw error;
		return response.body as IDataObject;
	}
}
