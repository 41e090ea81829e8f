/**
 * Workflows for the contract matrix in real n8n: Manual Trigger (its pinned data is the case's items)
 * → HighLevel Workflows with the node Settings given → a No Operation node on each output.
 */
import type { NodeSettings } from '../../../tools/harness/run-workflow';
import type { RestWorkflow } from '../../../tools/n8n/executions';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../../../tools/project';

export type { NodeSettings };
export const TRIGGER = 'Manual Trigger';
export const HIGHLEVEL = 'HighLevel';
export const SUCCESS_BRANCH = 'Success Branch';
export const ERROR_BRANCH = 'Error Branch';

const noOp = (name: string, y: number) => ({ id: name, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [660, y], parameters: {} });

export function matrixWorkflow(
	name: string,
	parameters: Record<string, unknown>,
	items: Array<Record<string, unknown>>,
	credential: { id: string; name: string },
	settings: NodeSettings = {},
): Omit<RestWorkflow, 'id'> {
	const branches = settings.onError === 'continueErrorOutput' ? [SUCCESS_BRANCH, ERROR_BRANCH] : [SUCCESS_BRANCH];
	return {
		name,
		nodes: [
			{ id: 'trigger', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'highlevel', name: HIGHLEVEL, type: NODE_TYPE, typeVersion: 1, position: [300, 0], parameters, credentials: { [CREDENTIAL_TYPE]: credential }, ...settings },
			...branches.map((branch, index) => noOp(branch, index * 200)),
		],
		connections: {
			[TRIGGER]: { main: [[{ node: HIGHLEVEL, type: 'main', index: 0 }]] },
			[HIGHLEVEL]: { main: branches.map((branch) => [{ node: branch, type: 'main', index: 0 }]) },
		},
		pinData: { [TRIGGER]: items.map((json) => ({ json })) },
	};
}
