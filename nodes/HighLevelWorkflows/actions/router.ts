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

/**
 * The run stops at a failed item, and n8n keeps no output of a failed node: the items already carried
 * out are in no output, and n8n's Retry runs the node again for every item, re-sending them.
 */
function withRetryNote(error: Error, carriedOut: number, total: number, operation: string): Error {
	if (carriedOut === 0 || operation === 'getAll' || !(error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	const items = carriedOut === 1 ? '1 item' : `${carriedOut} items`;
	const harm =
		operation === 'addToWorkflow'
			? 'enrolling those contacts a second time'
			: 'which is harmless for removals';
	const note =
		`${items} of ${total} were carried out in HighLevel before this one failed and appear in no output: ` +
		`n8n's Retry runs this node again for every item and re-sends them, ${harm}. ` +
		'To go on without that, run again only the items from this one on; with Settings → On Error → Continue, every item keeps its own outcome.';
	error.description = error.description ? `${error.description}. ${note}` : note;
	return error;
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
	let carriedOut = 0;
	try {
		const results = await runItems(
			items.length,
			settings.concurrency,
			async (itemIndex) => {
				try {
					const output = await operation.call(this, itemIndex, settings);
					if (output.some((item) => item.json.success === true)) carriedOut++;
					return output;
				} catch (error) {
					if (this.continueOnFail()) return [errorItem(error as Error, itemIndex)];
					throw withItemIndex(this, error as Error, itemIndex);
				}
			},
			subAccountLane(this),
		);
		return [results.flat()];
	} catch (error) {
		throw withRetryNote(error as Error, carriedOut, items.length, operationName);
	}
}
