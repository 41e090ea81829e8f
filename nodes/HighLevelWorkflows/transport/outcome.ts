import type { IDataObject, INode, NodeApiError } from 'n8n-workflow';
import { apiError, transportError, unconfirmedError, UNCONFIRMED_DESCRIPTION } from './errors';
import type { Failure } from './failure';
import type { HighLevelResponse } from './response';
import { describeNonJsonBody } from './response';

/** What the transport needs to know of a request to judge its outcome. */
export interface OutcomeContext {
	node: INode;
	itemIndex?: number;
	what: string;
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
	const { node, itemIndex, what } = context;
	if (isFault(response) && !context.idempotent) {
		const body = response.body ? 'an error' : describeNonJsonBody(response);
		return unconfirmedError(node, `HTTP ${response.status} with ${body}`, String(response.status), itemIndex);
	}
	if (response.status >= 300) return apiError(node, response, { itemIndex, what });
	if (!response.body) {
		return apiError(node, response, {
			itemIndex,
			what,
			message: `HighLevel answered HTTP ${response.status} with ${describeNonJsonBody(response)}`,
			description: 'HighLevel or a proxy in between sent something other than JSON: run the item again later',
		});
	}
	if (context.expectConfirmation && !isConfirmed(response.body)) {
		const said = response.body.message ? `: ${String(response.body.message)}` : '';
		return apiError(node, response, {
			itemIndex,
			what,
			message: `HighLevel answered HTTP ${response.status} without confirming the request${said}`,
			description: UNCONFIRMED_DESCRIPTION,
		});
	}
	return undefined;
}
