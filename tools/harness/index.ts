/**
 * Test harness: runs workflow JSON and node methods through n8n-core's real execution engine
 * (`WorkflowExecute`, `LoadOptionsContext`, `RoutingNode`) with real HTTP to local servers.
 *
 *   const result = await runWorkflow({
 *     workflow: itemsThen({ type: 'n8n-nodes-highlevel.highLevelWorkflows', parameters: {...} },
 *       [{ contactId: 'c1' }], { credentials: { highLevelPrivateIntegrationApi: { id: '1', name: 'HL' } } }),
 *     nodeTypes: { 'n8n-nodes-highlevel.highLevelWorkflows': new HighLevelWorkflows() },
 *     credentialTypes: [new HighLevelPrivateIntegrationApi()],
 *     credentials: [{ id: '1', name: 'HL', type: 'highLevelPrivateIntegrationApi', data: {...} }],
 *   });
 *   result.output(NODE_UNDER_TEST); result.error;
 */
export { runWorkflow, itemsThen, loadWorkflowFile, NODE_UNDER_TEST, SUCCESS_BRANCH, ERROR_BRANCH } from './run-workflow';
export type { RunOptions, RunResult, HarnessWorkflow, NodeSettings, ItemsThenOptions } from './run-workflow';
export { runListSearch, runLoadOptions } from './node-methods';
export type { NodeMethodOptions } from './node-methods';
export { runCredentialTest } from './credential-test';
export type { CredentialTestOptions } from './credential-test';
export { HarnessCredentialsHelper, HarnessStoredCredentials } from './credentials-helper';
export type { HarnessCredential } from './credentials-helper';
export { HarnessCredentialTypes, HarnessOAuth2Api } from './credential-types';
export { HarnessNodeTypes, ITEMS_TYPE, MANUAL_TRIGGER_TYPE, NO_OP_TYPE, toItems } from './node-types';
export { DEFAULT_TIMEZONE, HARNESS_BASE_URL, buildAdditionalData } from './additional-data';
export { harnessLog, setupN8nCore } from './container';
export { AGENT_NODE, AGENT_TYPE, HarnessAgent, agentWithTool, asAiTool } from './ai-tool';
