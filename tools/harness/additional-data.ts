/**
 * `IWorkflowExecuteAdditionalData` for a manual run: real URLs (an empty one makes every
 * `getNodeParameter` fail with "Invalid URL", since n8n-core builds `$execution.resumeUrl` from
 * them), lifecycle hooks, and stubs for what a test run never reaches (sub-workflows, task runners).
 */
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import { UnexpectedError } from 'n8n-workflow';
import type {
	ICredentialType,
	ICredentialsHelper,
	INode,
	INodeCredentials,
	INodeParameters,
	INodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper, type HarnessCredential } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';

/** n8n's default `GENERIC_TIMEZONE`. */
export const DEFAULT_TIMEZONE = 'America/New_York';

let executionCounter = 0;

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	workflowData: IWorkflowBase;
	mode?: WorkflowExecuteMode;
	/** What the editor sends as the node's current parameters (load options / list search). */
	currentNodeParameters?: INodeParameters;
}

export function buildAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData & { executionId: string } {
	const executionId = `harness-${++executionCounter}`;
	const mode = options.mode ?? 'manual';
	const base = 'http://localhost:5678/';
	const notAvailable = (what: string) => async (): Promise<never> => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: new ExecutionLifecycleHooks(mode, executionId, options.workflowData),
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId,
		workflowId: options.workflowData.id,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		currentNodeParameters: options.currentNodeParameters,
		variables: {},
		instanceBaseUrl: base,
		restApiUrl: `${base}rest`,
		formBaseUrl: `${base}form`,
		formWaitingBaseUrl: `${base}form-waiting`,
		formTestBaseUrl: `${base}form-test`,
		webhookBaseUrl: `${base}webhook`,
		webhookWaitingBaseUrl: `${base}webhook-waiting`,
		webhookTestBaseUrl: `${base}webhook-test`,
		mcpBaseUrl: `${base}mcp`,
		mcpTestBaseUrl: `${base}mcp-test`,
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('A task runner (Code node)'),
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
}

export function workflowBase(
	partial: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>,
): IWorkflowBase {
	const now = new Date();
	return {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		settings: {},
		...partial,
	};
}

/** What a run of one node of a type (a list search, a webhook) is given. */
export interface OneNodeOptions {
	nodeType: INodeType;
	/** Full type name; default `n8n-nodes-harness.<description.name>`. */
	typeName?: string;
	/** The node's parameters (for a list search, the editor's current ones; defaults are added). */
	parameters?: INodeParameters;
	credentialTypes?: ICredentialType[];
	/** Attached to the node (the first of each type) and used to resolve `getCredentials`; decrypted data. */
	credentials?: HarnessCredential[];
}

/** The node (its type's newest version), a registry with its type, and a credentials helper over its credentials. */
export function oneNode(options: OneNodeOptions, node: Pick<INode, 'id' | 'name'> & Partial<INode>) {
	const typeName = options.typeName ?? `n8n-nodes-harness.${options.nodeType.description.name}`;
	const credentials = options.credentials ?? [];
	const references: INodeCredentials = {};
	for (const { type, id, name } of credentials) references[type] ??= { id: id ?? null, name: name ?? type };
	const built: INode = {
		type: typeName,
		typeVersion: Math.max(...[options.nodeType.description.version].flat()),
		position: [0, 0],
		parameters: structuredClone(options.parameters ?? {}),
		credentials: references,
		...node,
	};
	return {
		node: built,
		nodeTypes: new HarnessNodeTypes({ [typeName]: options.nodeType }),
		credentialsHelper: new HarnessCredentialsHelper(new HarnessCredentialTypes(options.credentialTypes), credentials),
	};
}
