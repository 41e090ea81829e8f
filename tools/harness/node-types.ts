/**
 * The node-types registry `Workflow` and `WorkflowExecute` read from, plus the few node types the
 * harness brings itself: a manual trigger (run through n8n-core's real trigger path), an "Items"
 * node that outputs fixed items, and a no-op node (n8n's credential tester runs on one).
 */
import { ErrorReporter, UnrecognizedNodeTypeError } from 'n8n-core';
import { NodeConnectionTypes, NodeHelpers, jsonParse } from 'n8n-workflow';
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';

import { Container } from './container';
import { reportingThrows } from './n8n-core-line';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';
export const ITEMS_TYPE = 'n8n-nodes-harness.items';

const describeNode = (name: string, displayName: string, inputs: INodeTypeDescription['inputs']): INodeTypeDescription => ({
	displayName,
	name,
	group: [inputs.length ? 'transform' : 'trigger'],
	version: 1,
	description: displayName,
	defaults: { name: displayName },
	inputs,
	outputs: [NodeConnectionTypes.Main],
	properties: [],
});

/** Same behaviour as n8n's "When clicking 'Execute workflow'" node: emits one empty item. */
export class HarnessManualTrigger implements INodeType {
	description = describeNode('manualTrigger', 'Manual Trigger', []);

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return { manualTriggerFunction: async () => this.emit([this.helpers.returnJsonArray([{}])]) };
	}
}

export class HarnessNoOp implements INodeType {
	description = describeNode('noOp', 'No Operation, do nothing', [NodeConnectionTypes.Main]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Outputs the items of its `items` parameter (a JSON array), each paired with the trigger's item 0. */
export class HarnessItems implements INodeType {
	description: INodeTypeDescription = {
		...describeNode('items', 'Items', [NodeConnectionTypes.Main]),
		properties: [{ displayName: 'Items (JSON Array)', name: 'items', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = jsonParse<IDataObject[]>(String(this.getNode().parameters.items), { errorMessage: 'Items: "items" is not a JSON array' });
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

/** Manual Trigger → Items (outputting `items`), the start of every harness workflow. */
export function triggerThenItems(items: IDataObject[]): { nodes: INode[]; connections: IConnections } {
	const node = (id: string, name: string, type: string, x: number, parameters = {}): INode => ({ id, name, type, typeVersion: 1, position: [x, 0], parameters });
	const trigger = node('harness-trigger', 'Manual Trigger', MANUAL_TRIGGER_TYPE, -220);
	const itemsNode = node('harness-items', 'Items', ITEMS_TYPE, 0, { items: JSON.stringify(items) });
	return { nodes: [trigger, itemsNode], connections: { [trigger.name]: { main: [[{ node: itemsNode.name, type: 'main', index: 0 }]] } } };
}

/** `INodeTypes` over a plain map of full type names (e.g. `n8n-nodes-highlevel.highLevelWorkflows`). */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(types: Record<string, INodeType | IVersionedNodeType>) {
		this.types = { [MANUAL_TRIGGER_TYPE]: new HarnessManualTrigger(), [NO_OP_TYPE]: new HarnessNoOp(), [ITEMS_TYPE]: new HarnessItems(), ...types };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) {
			const dot = nodeType.lastIndexOf('.');
			throw new UnrecognizedNodeTypeError(nodeType.slice(0, dot), nodeType.slice(dot + 1));
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return reportingThrows(NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version), (error, extra) =>
			Container.get(ErrorReporter).error(error, { extra }),
		);
	}

	/** Only for a node's `getKnownNodeTypes()`, which this package's nodes do not call. */
	getKnownTypes(): IDataObject {
		return {};
	}
}
