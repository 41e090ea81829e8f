import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { runItems } from '../helpers/runItems';
import type { RunSettings } from '../helpers/settings';
import { readRunSettings } from '../helpers/settings';
import { readSubAccount } from '../transport/target';
import * as contact from './contact/Contact.resource';
import * as workflow from './workflow/Workflow.resource';

type Operation = (this: IExecuteFunctions, itemIndex: number, settings: RunSettings) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	contact: {
		addToWorkflow: contact.addToWorkflow.execute,
		removeFromWorkflow: contact.removeFromWorkflow.execute,
	},
	workflow: {
		getAll: workflow.getAll.execute,
	},
};

/** The item a failed input becomes when the node continues on fail. */
function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
		if (error.context.outcome) json.outcome = error.context.outcome;
		if (error.context.traceId) json.traceId = error.context.traceId;
	}
	return { json, pairedItem: { item: itemIndex } };
}

function withItemIndex(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/** Items of different sub-accounts (each its own rate-limit bucket) run side by side. */
function subAccountLane(context: IExecuteFunctions): ((itemIndex: number) => string) | undefined {
	if (context.getNodeParameter('authentication', 0, 'privateIntegration') !== 'oAuth2') return undefined;
	return (itemIndex) => {
		try {
			return readSubAccount(context, itemIndex);
		} catch {
			// The item fails with a clear error when it runs.
			return '';
		}
	};
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const items = this.getInputData();
	const settings = readRunSettings(this);
	const results = await runItems(
		items.length,
		settings.concurrency,
		async (itemIndex) => {
			try {
				return await operation.call(this, itemIndex, settings);
			} catch (error) {
				if (this.continueOnFail()) return [errorItem(error as Error, itemIndex)];
				throw withItemIndex(this, error as Error, itemIndex);
			}
		},
		subAccountLane(this),
	);
	return [results.flat()];
}
