/** What an answer or a failure means for the user: the NodeApiError, its message and what to do. */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL } from '../../../credentials/common';
import type { Failure, HighLevelResponse } from './response';
import { describeNonJsonBody, highLevelMessage, traceIdOf } from './response';

export const SCOPES_HINT =
	'contacts.write (add and remove), workflows.readonly (workflow list) and contacts.readonly (find by email or phone)';

export const UNCONFIRMED_DESCRIPTION =
	'The request reached HighLevel but no clear answer came back, so it was not sent again: a second send could enroll the contact twice. Check the contact in HighLevel before running this item again; if the workflow allows re-entry, another run enrolls the contact again.';

function unauthorizedDescription(message: string): string {
	const text = message.toLowerCase();
	if (text.includes('version header')) {
		return `HighLevel refused the Version header this node sends (${DEFAULT_API_VERSION}, what HighLevel documents for these routes): update n8n-nodes-highlevel to its newest release`;
	}
	if (text.includes('scope')) {
		return `The token lacks a scope this operation needs. Edit the Private Integration (or the app) in HighLevel and tick ${SCOPES_HINT}, then update the token in the credential`;
	}
	return 'The Access Token is wrong, revoked or expired: create a new Private Integration token in HighLevel (Settings → Private Integrations) or reconnect the OAuth credential, then update the credential';
}

/** NestJS's answer for a path it has no route for: the Base URL (or a proxy) is wrong, not an id. */
const NO_ROUTE = /^Cannot (GET|POST|PUT|PATCH|DELETE) \//;

function describeStatus(status: number, message: string, refusal: string): string {
	switch (status) {
		case 400:
			return `HighLevel refused the request: ${refusal}`;
		case 401:
			return unauthorizedDescription(message);
		case 422:
			return 'HighLevel refused the values sent: correct the fields named in the message';
		case 403:
			return "The credential's Location ID is not the sub-account this token belongs to: copy the Location ID of the sub-account where the token was made";
		case 404:
			return message && !NO_ROUTE.test(message)
				? `HighLevel found nothing there: ${refusal}`
				: `HighLevel does not know this address: check the credential's Base URL (normally ${DEFAULT_BASE_URL})`;
		default:
			return status >= 500
				? 'HighLevel had a temporary fault: run the item again later'
				: 'See HighLevel\'s message above';
	}
}

/** A NodeApiError from a HighLevel response; never built from the raw HTTP error, which holds the token. */
export function apiError(
	node: INode,
	response: HighLevelResponse,
	options: { itemIndex?: number; refusal: string; message?: string; description?: string; unconfirmed?: boolean },
): NodeApiError {
	const hlMessage = highLevelMessage(response);
	const traceId = traceIdOf(response);
	const message =
		options.message ??
		(hlMessage
			? `HighLevel: ${hlMessage} (HTTP ${response.status})`
			: `HighLevel answered HTTP ${response.status} with ${describeNonJsonBody(response)}`);
	let description = options.description ?? describeStatus(response.status, hlMessage ?? '', options.refusal);
	if (traceId) description += ` (HighLevel trace ID: ${traceId})`;
	const errorResponse: JsonObject = { statusCode: response.status, message: hlMessage ?? message };
	if (traceId) errorResponse.traceId = traceId;
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: String(response.status),
		itemIndex: options.itemIndex,
	});
	if (traceId) error.context.traceId = traceId;
	if (options.unconfirmed) error.context.outcome = 'unknown';
	return error;
}

/** An error that is not an HTTP answer: network faults, timeouts, rate-limit give-ups. */
export function transportError(
	node: INode,
	message: string,
	description: string,
	options: { itemIndex?: number; httpCode?: string; unconfirmed?: boolean } = {},
): NodeApiError {
	const error = new NodeApiError(node, { message } as JsonObject, {
		message,
		description,
		httpCode: options.httpCode,
		itemIndex: options.itemIndex,
	});
	if (options.unconfirmed) error.context.outcome = 'unknown';
	return error;
}

/** Sent, but no clear answer: never re-sent when sending twice could enroll twice. */
export function unconfirmedError(node: INode, reason: string, code: string, itemIndex?: number): NodeApiError {
	const httpCode = /^\d+$/.test(code) ? code : undefined;
	return transportError(
		node,
		`HighLevel did not confirm the request (${reason}): it may have been carried out`,
		`${UNCONFIRMED_DESCRIPTION} (${httpCode ? `HTTP ${httpCode}` : code})`,
		{ itemIndex, httpCode, unconfirmed: true },
	);
}

export function dailyLimitError(node: INode, dailyLimit: number | undefined, itemIndex?: number): NodeApiError {
	return transportError(
		node,
		`HighLevel's daily API limit for this sub-account is used up${dailyLimit ? ` (${dailyLimit} requests a day)` : ''}`,
		'Waiting seconds will not help: the daily allowance renews the next day. Run the remaining items then, or ask HighLevel for a higher limit. This item was not carried out',
		{ itemIndex, httpCode: '429' },
	);
}

export function waitTooLongError(node: INode, waitedSeconds: number, itemIndex?: number): NodeApiError {
	return transportError(
		node,
		`HighLevel's rate limit held this item back for ${waitedSeconds} s, longer than the Max Wait option allows`,
		"Raise Max Wait (Seconds) in the node's options, lower Max Concurrent Requests, or run fewer items at a time. This item was not carried out, so running it again is safe",
		{ itemIndex, httpCode: '429' },
	);
}

/** What the transport needs to know of a request to judge its outcome. */
export interface OutcomeContext {
	node: INode;
	itemIndex?: number;
	refusal: string;
	idempotent: boolean;
	expectConfirmation?: boolean;
	baseUrl: string;
	timeoutMs: number;
	attempts: number;
}

/** A 5xx, or a 2xx/3xx without a JSON body: HighLevel may or may not have carried it out. */
export function isFault(response: HighLevelResponse): boolean {
	return response.status >= 500 || (response.status < 400 && !response.body);
}

function isConfirmed(body: IDataObject): boolean {
	return body.succeeded === true || body.succeded === true;
}

/** The error for a request that got no HTTP answer and will not be tried again. */
export function failureError(failure: Exclude<Failure, { kind: 'http' | 'cancelled' }>, context: OutcomeContext): NodeApiError {
	const { node, itemIndex } = context;
	// Error codes stay out of messages: n8n swaps a message naming ECONNRESET & co. for a generic one.
	if (failure.kind === 'notSent') {
		return transportError(
			node,
			`Could not reach HighLevel at ${context.baseUrl}`,
			`The connection was refused or the host was not found (${failure.code}). Check the credential's Base URL and this n8n instance's network; the request was not carried out, so running the item again is safe`,
			{ itemIndex },
		);
	}
	const seconds = Math.round(context.timeoutMs / 1000);
	if (!context.idempotent) {
		return unconfirmedError(node, failure.kind === 'timeout' ? `no answer within ${seconds} s` : 'the connection broke', failure.code, itemIndex);
	}
	return transportError(
		node,
		failure.kind === 'timeout' ? `HighLevel did not answer within ${seconds} s` : 'The connection to HighLevel broke',
		`HighLevel or the network had a temporary fault (${failure.code}); the request was tried ${context.attempts} times. Run the item again later, or raise the Timeout option`,
		{ itemIndex },
	);
}

/** The error an HTTP answer (other than 429) stands for, or undefined when it confirms success. */
export function responseError(response: HighLevelResponse, context: OutcomeContext): NodeApiError | undefined {
	const { node, itemIndex, refusal } = context;
	if (isFault(response) && !context.idempotent) {
		const body = response.body ? 'an error' : describeNonJsonBody(response);
		return unconfirmedError(node, `HTTP ${response.status} with ${body}`, String(response.status), itemIndex);
	}
	if (response.status >= 300) return apiError(node, response, { itemIndex, refusal });
	if (!response.body) {
		return apiError(node, response, {
			itemIndex,
			refusal,
			message: `HighLevel answered HTTP ${response.status} with ${describeNonJsonBody(response)}`,
			description: 'HighLevel or a proxy in between sent something other than JSON: run the item again later',
		});
	}
	if (context.expectConfirmation && !isConfirmed(response.body)) {
		const said = response.body.message ? `: ${String(response.body.message)}` : '';
		return apiError(node, response, {
			itemIndex,
			refusal,
			message: `HighLevel answered HTTP ${response.status} without confirming the request${said}`,
			description: UNCONFIRMED_DESCRIPTION,
			unconfirmed: true,
		});
	}
	return undefined;
}

export function tokenRefreshError(node: INode, reason: { message: string; code?: string }, itemIndex?: number): NodeApiError {
	return transportError(
		node,
		`The OAuth token refresh failed: ${reason.message}`,
		(reason.code ? `(${reason.code}) ` : '') +
			'n8n could not renew the access token of the HighLevel OAuth2 credential. Reconnect the credential (open it and click Reconnect), then run the workflow again. This item was not carried out',
		{ itemIndex, httpCode: '401' },
	);
}
