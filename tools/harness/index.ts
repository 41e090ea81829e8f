/** Test harness: workflow JSON and node methods through n8n-core's real engine (README.md beside this file). */
export { runWorkflow, itemsThen, NODE_UNDER_TEST, SUCCESS_BRANCH, ERROR_BRANCH } from './run-workflow';
export type { RunResult, NodeSettings } from './run-workflow';
export { runListSearch } from './node-methods';
export { runCredentialTest } from './credential-test';
export type { HarnessCredential } from './credentials-helper';
export { harnessLog } from './container';
export { AGENT_NODE, AGENT_TYPE, HarnessAgent, agentWithTool, asAiTool } from './ai-tool';
