/**
 * The node-types registry `Workflow` and `WorkflowExecute` read from, plus the few node types the
 * harness brings itself: a manual trigger (run through n8n-core's real trigger path), an "Items"
 * node that outputs fixed items, and a no-op node (n8n's credential tester runs on one).
 */
import { ErrorReporter, UnrecognizedNodeTypeError } from 'n8n-core';
import { NodeConnectionTypes, NodeHelpers, Workflow, jsonParse } from 'n8n-workflow';
import { Container } from './container';
import { reportingThrows } from './n8n-core-line';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
	KnownNodesAndCredentials,
} from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';
export const ITEMS_TYPE = 'n8n-nodes-harness.items';

/** Same behaviour as n8n's "When clicking 'Execute workflow'" node: emits one empty item. */
export class HarnessManualTrigger implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

export class HarnessNoOp implements INodeType {
	description: INodeType['description'] = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Turns plain objects into items; leaves items (objects with a `json` object) as they are. */
export function toItems(input: ReadonlyArray<INodeExecutionData | IDataObject>): INodeExecutionData[] {
	return input.map((entry) => {
		const json = (entry as INodeExecutionData).json;
		if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
			return { ...(entry as INodeExecutionData) };
		}
		return { json: entry as IDataObject };
	});
}

/** The workflow node that outputs `items` (a HarnessItems node, first on the canvas). */
export function itemsNode(items: unknown[]): INode {
	return {
		id: 'harness-items',
		name: 'Items',
		type: ITEMS_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(items) },
	};
}

/**
 * Outputs fixed items: those in its `items` parameter (a JSON array, as `itemsThen` writes it)
 * or, when that is empty, the run's `input`. Every item is paired with the trigger's item 0.
 */
export class HarnessItems implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Outputs fixed items (test harness)',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items (JSON Array)',
				name: 'items',
				type: 'string',
				default: '',
			},
		],
	};

	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	constructor(runInput: INodeExecutionData[] = []) {
		this.execute = async function (this: IExecuteFunctions) {
			const raw = this.getNode().parameters.items;
			let items: INodeExecutionData[];
			if (typeof raw === 'string' && raw.trim() !== '') {
				items = toItems(jsonParse<IDataObject[]>(raw, { errorMessage: 'Items: "items" is not a JSON array' }));
			} else if (Array.isArray(raw)) {
				items = toItems(raw as IDataObject[]);
			} else {
				items = runInput;
			}
			return [items.map((item) => ({ ...item, pairedItem: { item: 0 } }))];
		};
	}
}

/** `INodeTypes` over a plain map of full type names (e.g. `n8n-nodes-highlevel.highLevelWorkflows`). */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(
		types: Record<string, INodeType | IVersionedNodeType>,
		options: { runInput?: INodeExecutionData[] } = {},
	) {
		this.types = {
			[MANUAL_TRIGGER_TYPE]: new HarnessManualTrigger(),
			[NO_OP_TYPE]: new HarnessNoOp(),
			[ITEMS_TYPE]: new HarnessItems(options.runInput),
			...types,
		};
	}

	has(type: string): boolean {
		return type in this.types;
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

	getKnownTypes(): IDataObject {
		const known: KnownNodesAndCredentials['nodes'] = {};
		for (const [name, type] of Object.entries(this.types)) {
			known[name] = { className: type.constructor.name, sourcePath: '' };
		}
		return known;
	}
}

/** A one-node workflow with no node types, as n8n's CLI builds to resolve expressions in credential data. */
export function credentialExpressionWorkflow(): { workflow: Workflow; node: INode } {
	const node: INode = { id: 'mock', name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
	const nodeTypes: INodeTypes = {
		getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
		getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
		getKnownTypes: () => ({}),
	};
	return { workflow: new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes }), node };
}
