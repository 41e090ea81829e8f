/**
 * A node used as an AI agent's tool, the way n8n runs it: its tool variant is connected to a stand-in
 * agent, which asks n8n-core for its tools (`getInputConnectionData` wraps the node with
 * `createNodeAsTool`), so `$fromAI(...)` in the node's parameters is resolved by n8n-workflow from the
 * call's arguments. The agent plays the language model: each input item names a tool and its arguments.
 */
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerThenItems } from './node-types';

export const AGENT_TYPE = 'n8n-nodes-harness.agent';
export const AGENT_NODE = 'Agent';

interface CallableTool {
	name: string;
	description: string;
	schema: unknown;
	invoke(args: IDataObject): Promise<unknown>;
}

/** The node's tool variant, as n8n's loader builds it for a `usableAsTool` node. */
export function asAiTool(nodeType: INodeType): INodeType {
	const { description } = nodeType;
	const tool: INodeType = Object.create(nodeType) as INodeType;
	tool.description = {
		...description,
		name: `${description.name}Tool`,
		displayName: `${description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	} as INodeTypeDescription;
	return tool;
}

/** Each input item `{ tool, args }` → `{ tool, schema (argument names), answer }` or `{ tool, error }`. */
export class HarnessAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Agent',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tools with the arguments each item names',
		defaults: { name: AGENT_NODE },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tools = ((await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) ?? []) as CallableTool[];
		const output: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			const wanted = String(item.json.tool);
			const tool = tools.find((candidate) => candidate.name === wanted);
			if (!tool) throw new Error(`No tool "${wanted}"; the agent has ${tools.map((t) => t.name).join(', ')}`);
			const shape = (tool.schema as { shape?: Record<string, { description?: string }> }).shape ?? {};
			const schema = Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.description ?? '']));
			try {
				const answer = await tool.invoke((item.json.args ?? {}) as IDataObject);
				output.push({ json: { tool: tool.name, description: tool.description, schema, answer: answer as string }, pairedItem: { item: index } });
			} catch (error) {
				output.push({ json: { tool: tool.name, error: (error as Error).message }, pairedItem: { item: index } });
			}
		}
		return [output];
	}
}

/** Manual Trigger → Items (the agent's calls) → Agent, with `toolNode` connected as its tool. */
export function agentWithTool(toolNode: INode, calls: Array<{ tool: string; args: IDataObject }>): { nodes: INode[]; connections: IConnections } {
	const { nodes, connections } = triggerThenItems(calls);
	const agent: INode = { id: 'harness-agent', name: AGENT_NODE, type: AGENT_TYPE, typeVersion: 1, position: [220, 0], parameters: {} };
	return {
		nodes: [...nodes, agent, toolNode],
		connections: {
			...connections,
			Items: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
			[toolNode.name]: { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] },
		},
	};
}
