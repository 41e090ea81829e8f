import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { runOptionDefaults } from '../descriptions/runOptions';
import { nodeOf } from '../helpers/itemParameter';
import type { Connection } from './connection';
import { getConnection } from './connection';
import type { LocationToken } from './locationTokens';
import { dailyLimitError, failureError, isFault, responseError, tokenRefreshError, waitTooLongError } from './errors';
import { rateLimiterFor } from './bucketLimiters';
import { readRateLimitHeaders } from './rateLimitHeaders';
import type { HighLevelResponse } from './response';
import { classifyFailure, toHighLevelResponse, tokenRefreshFailure } from './response';
import type { Target } from './target';
import { agencyTarget, targetFor } from './target';

export interface HighLevelRequest {
	method: IHttpRequestMethods;
	/** Path below the Base URL, with every id already percent-encoded. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Sent form-encoded instead of `body`. */
	form?: Record<string, string>;
	/** A call of an agency credential about the agency itself, not a sub-account. */
	agency?: boolean;
	itemIndex?: number;
	/** What to check when HighLevel refuses the request (400) or finds nothing there (404). */
	refusal: string;
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

function encodeBody(request: HighLevelRequest): { contentType?: string; body?: string } {
	if (request.form) {
		const body = Object.entries(request.form)
			.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
			.join('&');
		return { contentType: 'application/x-www-form-urlencoded', body };
	}
	return request.body ? { contentType: 'application/json', body: JSON.stringify(request.body) } : {};
}

function requestOptions(
	connection: Connection,
	target: Target,
	request: HighLevelRequest,
	settings: RequestSettings,
): IHttpRequestOptions {
	const { contentType, body } = encodeBody(request);
	return {
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		qs: request.qs,
		headers: {
			Accept: 'application/json',
			...(target.viaOAuth2 ? { Version: connection.apiVersion } : {}),
			...(contentType ? { 'Content-Type': contentType } : {}),
		},
		body,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		// OAuth2 refreshes its token only on a thrown 401; every other status comes back to us. n8n-core
		// 1.x reads this as plain `true` (no `except`): its 401 comes back and highLevelApiRequest refreshes.
		ignoreHttpStatusErrors: target.viaOAuth2 ? { ignore: true, except: [401] } : true,
		timeout: settings.timeoutMs,
	};
}

/** A failed OAuth token refresh, per node run: the items after it fail at once instead of trying again. */
const refreshFailures = new WeakMap<Connection, { message: string; code?: string }>();

/** One token refresh per credential at a time (n8n-core 1.x path): items that meet a 401 together join it. */
const refreshesInFlight = new WeakMap<Connection, Promise<unknown>>();

function sharedRefresh(context: IExecuteFunctions | ILoadOptionsFunctions, connection: Connection, target: Target): Promise<unknown> {
	let refresh = refreshesInFlight.get(connection);
	if (!refresh) {
		refresh = context.helpers.refreshOAuth2Token
			.call(context, target.credentialType, target.credentialOptions?.oauth2)
			.finally(() => refreshesInFlight.delete(connection));
		refreshesInFlight.set(connection, refresh);
	}
	return refresh;
}

/** POST /oauth/locationToken with the agency token: a token for one sub-account. */
async function exchangeLocationToken(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	connection: Connection,
	locationId: string,
	settings: RequestSettings,
): Promise<LocationToken> {
	const answer = await highLevelApiRequest.call(
		this,
		{
			method: 'POST',
			path: '/oauth/locationToken',
			form: { companyId: connection.agency?.companyId ?? '', locationId },
			agency: true,
			refusal: `check that the app is installed on sub-account ${locationId}`,
			// Asking again only gives another token.
			idempotent: true,
		},
		settings,
	);
	if (typeof answer.access_token !== 'string' || !answer.access_token) {
		throw new NodeOperationError(this.getNode(), 'HighLevel answered without an access token');
	}
	const expiresIn = Number(answer.expires_in);
	return { accessToken: answer.access_token, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600 };
}

/** Every HighLevel request of the node goes through here: pacing, retries and error mapping. */
export async function highLevelApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: HighLevelRequest,
	settings: RequestSettings = DEFAULT_SETTINGS,
): Promise<IDataObject> {
	const node = nodeOf(this);
	const { itemIndex } = request;
	const connection = await getConnection(this);
	let target = request.agency
		? agencyTarget(connection)
		: await targetFor(this, connection, itemIndex, async (locationId) => await exchangeLocationToken.call(this, connection, locationId, settings));
	const limiter = rateLimiterFor(target.bucket);
	let options = requestOptions(connection, target, request, settings);
	let renewed = false;
	const started = Date.now();
	const deadline = started + settings.maxWaitMs;
	const waitedSeconds = () => Math.round((Date.now() - started) / 1000);
	const canRetry = (attempt: number) => attempt < MAX_FAULT_RETRIES && Date.now() + backoffMs(attempt) < deadline;
	let refreshRetried = false;
	let refreshedHere = false;

	for (let attempt = 0; ; attempt++) {
		const refreshFailed = refreshFailures.get(connection);
		if (refreshFailed) throw tokenRefreshError(node, refreshFailed, itemIndex);
		const slot = await limiter.acquire(deadline);
		if ('refused' in slot) {
			throw slot.refused === 'daily' ? dailyLimitError(node, slot.dailyLimit, itemIndex) : waitTooLongError(node, waitedSeconds(), itemIndex);
		}
		const context = { ...request, node, baseUrl: connection.baseUrl, timeoutMs: settings.timeoutMs, attempts: attempt + 1 };

		let response: HighLevelResponse;
		let returned = false;
		try {
			response = toHighLevelResponse(
				await this.helpers.httpRequestWithAuthentication.call(
					this,
					target.credentialType,
					options,
					target.credentialOptions,
				),
			);
			limiter.settle(slot);
			returned = true;
		} catch (error) {
			limiter.settle(slot);
			const refreshFailed = target.viaOAuth2 ? tokenRefreshFailure(error, String(options.url)) : undefined;
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

		// An OAuth2 401 that came back instead of being thrown: n8n-core 1.x, which did not refresh (2.x
		// throws it and refreshes itself). Refresh once with the helper both lines have, and send again.
		if (response.status === 401 && returned && target.viaOAuth2 && !refreshedHere) {
			refreshedHere = true;
			try {
				await sharedRefresh(this, connection, target);
			} catch (error) {
				const failed = tokenRefreshFailure(error, String(options.url)) ?? { message: 'the token could not be refreshed' };
				// As below: another worker may have spent the refresh token; send again with what is stored.
				if (!refreshRetried) {
					refreshRetried = true;
					refreshedHere = false;
					continue;
				}
				refreshFailures.set(connection, failed);
				throw tokenRefreshError(node, failed, itemIndex);
			}
			continue;
		}
		// A refused location token (expired, revoked) is replaced once; the request was not carried out.
		if (response.status === 401 && target.renew && !renewed) {
			renewed = true;
			target = await target.renew();
			options = requestOptions(connection, target, request, settings);
			continue;
		}
		if (isFault(response) && request.idempotent && canRetry(attempt)) {
			await sleep(backoffMs(attempt));
			continue;
		}
		const error = responseError(response, context);
		if (error) throw error;
		return response.body as IDataObject;
	}
}
