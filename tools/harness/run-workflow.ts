/** Runs workflow JSON through n8n-core's `WorkflowExecute`, as a manual execution in the editor (README.md). */
import { WorkflowExecute } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ExecutionError,
	ExecutionStatus,
	IConnections,
	ICredentialType,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowSettings,
} from 'n8n-workflow';

import { DEFAULT_TIMEZONE, buildAdditionalData, workflowBase } from './additional-data';
import { onReportedError, setupN8nCore } from './container';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { HarnessCredential } from './credentials-helper';
import { HarnessNodeTypes, MANUAL_TRIGGER_TYPE, NO_OP_TYPE, triggerThenItems } from './node-types';
import { startRun } from './n8n-core-line';

export const NODE_UNDER_TEST = 'Node Under Test';

/** Workflow JSON as `itemsThen` / `agentWithTool` build it: starts at a Manual Trigger. */
export interface HarnessWorkflow {
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
}

export interface RunOptions {
	workflow: HarnessWorkflow;
	/** Node types by full type name, e.g. `'n8n-nodes-highlevel.highLevelWorkflows'`. The manual trigger, `Items` and no-op nodes are built in. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Credential types the workflow's credentials use (n8n's `oAuth2Api` base is built in). */
	credentialTypes?: ICredentialType[];
	/** Decrypted data of every credential the nodes reference (matched by id, then name). */
	credentials?: HarnessCredential[];
	/** Workflow timezone (`$now`, `$today`, `getTimezone()`); default `America/New_York`, n8n's default. */
	timezone?: string;
	/** Stops the execution this long after it started, as n8n's Stop button does (status `canceled`). */
	cancelAfterMs?: number;
}

export interface RunResult {
	/** Per node name, the main outputs of its last run. */
	outputs: Record<string, INodeExecutionData[][]>;
	/** First main output of a node's last run; throws if the node did not run. */
	output(nodeName: string): INodeExecutionData[];
	/**
	 * The run's error when it failed: the instance the node threw (NodeApiError, NodeOperationError, …)
	 * when n8n-core reported it, else the copy n8n stores in `run.data.resultData.error`.
	 */
	error?: ExecutionError;
	runData: IRunData;
	status: ExecutionStatus;
	/** The credentials after the run (tokens refreshed by n8n-core are written back here). */
	credentials: HarnessCredential[];
}

/** A node's Settings tab, as n8n stores it on the node. */
export type NodeSettings = Partial<
	Pick<INode, 'onError' | 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'alwaysOutputData' | 'executeOnce'>
>;

/** The no-op nodes `itemsThen(…, { branches: true })` connects to the node's outputs. */
export const SUCCESS_BRANCH = 'Success Branch';
export const ERROR_BRANCH = 'Error Branch';

export interface ItemsThenOptions {
	/** The node's Settings (On Error, Retry On Fail, Always Output Data, Execute Once). */
	settings?: NodeSettings;
	/** Shorthand for `settings.onError: 'continueRegularOutput'`. */
	continueOnFail?: boolean;
	credentials?: INodeCredentials;
	/**
	 * Connects a no-op node to each main output: SUCCESS_BRANCH, and ERROR_BRANCH when On Error is
	 * Continue (using error output), so a test sees what n8n hands the next node on either branch.
	 */
	branches?: boolean;
	/** The items as the Items node's pinned data (n8n-core runs no Items node then) instead of its output. */
	pinInput?: boolean;
}

/** Workflow "Manual Trigger → Items → node": the items are written into the Items node, so the workflow is self-contained. */
export function itemsThen(
	node: Partial<INode> & { type: string; parameters: INodeParameters },
	items: IDataObject[],
	opts: ItemsThenOptions = {},
): HarnessWorkflow {
	const { nodes, connections } = triggerThenItems(opts.pinInput ? [] : items);
	const target: INode = {
		id: 'node-under-test',
		name: NODE_UNDER_TEST,
		typeVersion: 1,
		position: [220, 0],
		...node,
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...opts.settings,
	};
	if (opts.credentials) target.credentials = opts.credentials;
	nodes.push(target);
	connections.Items = { main: [[{ node: target.name, type: 'main', index: 0 }]] };
	if (opts.branches) {
		const outputs = target.onError === 'continueErrorOutput' ? [SUCCESS_BRANCH, ERROR_BRANCH] : [SUCCESS_BRANCH];
		outputs.forEach((name, index) => nodes.push({ id: `branch-${index}`, name, type: NO_OP_TYPE, typeVersion: 1, position: [440, index * 200], parameters: {} }));
		connections[target.name] = { main: outputs.map((name) => [{ node: name, type: 'main' as const, index: 0 }]) };
	}
	return { nodes, connections, ...(opts.pinInput ? { pinData: { Items: items.map((json) => ({ json })) } } : {}) };
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	setupN8nCore();
	const { connections, pinData } = options.workflow;
	const nodes = structuredClone(options.workflow.nodes);
	const settings: IWorkflowSettings = { executionOrder: 'v1', timezone: options.timezone ?? DEFAULT_TIMEZONE };
	const workflowData = workflowBase({ nodes, connections, settings, pinData });
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const workflow = new Workflow({ id: workflowData.id, name: workflowData.name, nodes, connections, active: false, nodeTypes, settings, pinData });

	const credentials = options.credentials ?? [];
	const credentialsHelper = new HarnessCredentialsHelper(new HarnessCredentialTypes(options.credentialTypes), credentials);
	const additionalData = buildAdditionalData({ credentialsHelper, workflowData });

	const thrown: Array<{ nodeName?: unknown; error: unknown }> = [];
	const stopListening = onReportedError(additionalData.executionId, (error, extra) => thrown.push({ nodeName: extra.nodeName, error }));
	let run: IRun;
	let cancelTimer: NodeJS.Timeout | undefined;
	try {
		const running = startRun(new WorkflowExecute(additionalData, 'manual'), {
			workflow,
			startNode: nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE),
			pinData,
		});
		if (options.cancelAfterMs !== undefined) cancelTimer = setTimeout(() => running.cancel(), options.cancelAfterMs);
		run = await running;
	} finally {
		clearTimeout(cancelTimer);
		stopListening();
	}

	const runData = run.data.resultData.runData;
	const outputs: Record<string, INodeExecutionData[][]> = {};
	for (const [nodeName, tasks] of Object.entries(runData)) {
		outputs[nodeName] = (tasks.at(-1)?.data?.main ?? []).map((output) => output ?? []);
	}

	const recorded = run.data.resultData.error;
	let error: ExecutionError | undefined;
	if (recorded) {
		const failedNode =
			(recorded as { node?: INode }).node?.name ?? run.data.resultData.lastNodeExecuted;
		const original = thrown.find(
			(t) => t.nodeName === failedNode && (t.error as Error | undefined)?.message === recorded.message,
		)?.error as ExecutionError | undefined;
		error = original ?? recorded;
	}

	return {
		outputs,
		output(nodeName: string) {
			if (!(nodeName in runData)) {
				throw new Error(`Node "${nodeName}" did not run; nodes that ran: ${Object.keys(runData).join(', ')}`);
			}
			return outputs[nodeName][0] ?? [];
		},
		error,
		runData,
		status: run.status,
		credentials,
	};
}

