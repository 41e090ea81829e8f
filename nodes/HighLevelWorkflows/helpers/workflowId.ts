import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { itemParameter } from './itemParameter';
import { isUuid, requireId } from './values';

const HINT = 'Pick the workflow from the list, or give its ID (a UUID such as 78559bb3-b920-461e-b010-7b2a2816d2a9)';

export function readWorkflowId(context: IExecuteFunctions, itemIndex: number): string {
	const value = itemParameter(context, 'workflowId', itemIndex, '', { extractValue: true });
	const workflowId = requireId(context, value, 'Workflow', itemIndex, HINT);
	if (!isUuid(workflowId)) {
		throw new NodeOperationError(context.getNode(), `"${workflowId}" is not a HighLevel workflow ID`, {
			itemIndex,
			description: HINT,
		});
	}
	return workflowId;
}
