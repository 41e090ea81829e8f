import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { nodeOf } from './itemParameter';

/**
 * A node Setting the operation cannot keep its promise under, refused before anything is sent.
 * Retry On Fail runs the node again for every item (n8n-core, and its AI-tool path too), so an add
 * would enroll the contacts it had already enrolled; the node retries what is safe by itself.
 */
export function settingRefusal(context: IExecuteFunctions, operation: string): NodeOperationError | undefined {
	if (operation !== 'addToWorkflow' || nodeOf(context).retryOnFail !== true) return undefined;
	return new NodeOperationError(context.getNode(), 'Retry On Fail is on, which would enroll contacts twice', {
		description:
			"n8n's Retry On Fail runs this node again for every item, so contacts already enrolled would be enrolled again. " +
			"The node already retries what is safe to send again (HighLevel's rate limit, refused connections) and never re-sends an enrollment whose outcome is unknown. " +
			"Turn Retry On Fail off in this node's Settings. Nothing was sent.",
	});
}
