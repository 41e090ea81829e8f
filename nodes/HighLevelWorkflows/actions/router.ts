import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ItemOutcome } from '../helpers/failedRun';
import { failedRunNote, outcomeOfError, withFailedRunNote } from '../helpers/failedRun';
import { preparedAhead } from '../helpers/preparedAhead';
import { runItems } from '../helpers/runItems';
import { settingRefusal } from '../helpers/nodeSettings';
import type { RunSettings } from '../helpers/settings';
import { readRunSettings } from '../helpers/settings';
import { readSubAccount } from '../transport/target';
import * as contact from './contact/Contact.resource';
import type { HighLevelWorkflowsOperation, HighLevelWorkflowsResource } from './node.type';
import * as workflow from './workflow/Workflow.resource';

/** An operation: `prepare` reads and checks an item's parameters and sends nothing; `execute` sends. */
interface Operation<Input = unknown> {
	prepare(this: IExecuteFunctions, itemIndex: number): Input;
	execute(this: IExecuteFunctions, itemIndex: number, settings: RunSettings, input: Input): Promise<INodeExecutionData[]>;
}

/** Each resource's operations, by the values a workflow stores: the compiler sees every one is here. */
const operations: { [R in HighLevelWorkflowsResource]: Record<HighLevelWorkflowsOperation<R>, Operation> } = {
	contact: {
		addToWorkflow: contact.addToWorkflow,
		removeFromWorkflow: contact.removeFromWorkflow,
	},
	workflow: {
		getAll: workflow.getAll,
	},
};

function operationOf(resource: string, operation: string): Operation | undefined {
	if (!Object.prototype.hasOwnProperty.call(operations, resource)) return undefined;
	const byName: Record<string, Operation> = operations[resource as HighLevelWorkflowsResource];
	return Object.prototype.hasOwnProperty.call(byName, operation) ? byName[operation] : undefined;
}

/** An error as n8n shows it for one item: n8n's own error type, naming the item. */
function asItemError(context: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/**
 * The item a failed input becomes when the node continues on fail. Its `json` holds `error` alone,
 * the one shape both n8n-core lines send down the error output (Continue (using error output)) while
 * keeping its fields and merging the input item's under it; `item.error` would route it too, but
 * n8n-core then replaces `json` with the message alone.
 */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const details: IDataObject = { message: error.message };
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (error.context.outcome) details.outcome = error.context.outcome;
	if (error.context.traceId) details.traceId = error.context.traceId;
	return { json: { error: details }, pairedItem: { item: itemIndex } };
}

/** What sending a carried-out item again does, per operation that changes something. */
const SENT_AGAIN: Record<string, string> = {
	addToWorkflow: 'enrolls those contacts a second time',
	removeFromWorkflow: 'removes those contacts again, which is harmless',
};

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
	const operation = operationOf(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const items = this.getInputData();
	const refusal = settingRefusal(this, operationName);
	if (refusal) {
		if (!this.continueOnFail()) throw refusal;
		return [items.map((_, itemIndex) => errorItem(asItemError(this, refusal, itemIndex), itemIndex))];
	}

	const settings = readRunSettings(this);
	const outcomes = new Array<ItemOutcome>(items.length).fill('notCarriedOut');
	// Items waiting for their rate-limit window have their parameters read meanwhile.
	const inputs = preparedAhead(items.length, (itemIndex) => operation.prepare.call(this, itemIndex));
	try {
		const results = await runItems(
			items.length,
			settings.concurrency,
			async (itemIndex) => {
				try {
					const output = await operation.execute.call(this, itemIndex, settings, inputs.take(itemIndex));
					if (output.some((item) => item.json.success === true)) outcomes[itemIndex] = 'carriedOut';
					return output;
				} catch (error) {
					const itemError = asItemError(this, error as Error, itemIndex);
					if (this.continueOnFail()) return [errorItem(itemError, itemIndex)];
					outcomes[itemIndex] = outcomeOfError(itemError);
					throw itemError;
				}
			},
			subAccountLane(this),
		);
		return [results.flat()];
	} catch (error) {
		const again = SENT_AGAIN[operationName];
		throw again ? withFailedRunNote(error as Error, failedRunNote(outcomes, again)) : error;
	} finally {
		inputs.stop();
	}
}
