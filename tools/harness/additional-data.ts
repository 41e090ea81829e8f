/**
 * `IWorkflowExecuteAdditionalData` for a manual run: real URLs (an empty one makes every
 * `getNodeParameter` fail with "Invalid URL", since n8n-core builds `$execution.resumeUrl` from
 * them), lifecycle hooks, and stubs for what a test run never reaches (sub-workflows, task runners).
 */
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import { UnexpectedError } from 'n8n-workflow';
import type {
	ICredentialsHelper,
	INodeParameters,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

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
