/**
 * The workflows `npm run bench:n8n` compares, all *Manual Trigger → Code (N contacts) → node under
 * test*, differing only in the last node:
 *
 *  - node          this package's Add to Workflow at its defaults (options {}: 10 at once, Max Wait 600 s)
 *  - http          the HTTP Request node as a user sets it up from HighLevel's docs: POST
 *                  {base}/contacts/{{ $json.contactId }}/workflow/<id>, Authorization and Version
 *                  as header parameters, JSON body {}, default options
 *  - httpBatched   the same with Options → Batching tuned to the limit (e.g. 10 items per 1,000 ms)
 *  - httpRetry     the same as `http` with the node setting Retry On Fail (5 tries, 5,000 ms apart)
 *  - agency        this node with an agency (Company) OAuth2 credential, the items spread over
 *                  `subAccounts` sub-accounts (Sub-Account, Contact and Workflow from the item)
 */
import { createHash } from 'node:crypto';

import { chainWorkflow, type CredentialImport, type WorkflowJson } from '../n8n/cli';
import type { IssuedTokens } from '../sandbox/oauth';
import { CREDENTIAL_TYPE, NODE_TYPE, OAUTH2_CREDENTIAL_TYPE } from '../project';
import { ADD_PARAMETERS, HIGHLEVEL_WORKFLOW_ID, sandboxAgencyCredential, sandboxCredential } from '../n8n/project';
import { AGENCY_ADD_PARAMETERS, agencyItems } from './agency';
import type { Limit } from './report';

const API_VERSION = '2021-07-28';

/** The HTTP Request node's default (newest) typeVersion in n8n 2.40.7 and 2.41.1: what the editor adds today. */
export const HTTP_REQUEST_TYPE_VERSION = 4.5;

export const TRIGGER_NODE = 'When clicking ‘Execute workflow’';
const CODE_NODE = 'Contacts';
export const NODE_UNDER_TEST = 'Node under test';

export type Variant = 'node' | 'http' | 'httpBatched' | 'httpRetry' | 'agency';
export const VARIANTS: readonly Variant[] = ['node', 'http', 'httpBatched', 'httpRetry'];

export const VARIANT_LABELS: Record<Variant, string> = {
	node: 'this node, default settings',
	http: 'HTTP Request, as from the docs',
	httpBatched: 'HTTP Request, batching tuned to the limit',
	httpRetry: 'HTTP Request, Retry On Fail (5 tries, 5 s apart)',
	agency: 'this node, agency credential, default settings',
};

/** One workflow (and, for this node, one credential) per measured run: its own token and contacts. */
export interface RunPlan {
	/** n8n workflow id (≤ 21 characters). */
	workflowId: string;
	variant: Variant;
	items: number;
	limit: Limit | false;
	run: number;
	warmUp?: boolean;
	/** Letters and digits: the prefix of this run's contact ids. */
	tag: string;
	/** This run's HighLevel token (a fresh rate-limit bucket in the sandbox and in the node). */
	token: string;
	batching?: { batchSize: number; batchInterval: number };
	/** agency: how many sub-accounts the items spread over, and the first one's index in the sandbox's agency. */
	subAccounts?: number;
	firstSubAccount?: number;
}

/** Contact ids of a run: letters and digits only; the benchmark seeds them into the sandbox. */
export function contactId(tag: string, index: number): string {
	return `${tag}c${String(index).padStart(6, '0')}`;
}

function codeNode(plan: RunPlan) {
	const jsCode = [
		`// ${plan.items} contacts, unique to this run`,
		`const tag = ${JSON.stringify(plan.tag)};`,
		`const items = [];`,
		`for (let i = 0; i < ${plan.items}; i++) items.push({ json: { contactId: tag + 'c' + String(i).padStart(6, '0') } });`,
		`return items;`,
	].join('\n');
	return {
		parameters: { jsCode },
		id: uuid(plan, 2),
		name: CODE_NODE,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
	};
}

/** agency: the items in the Code node as data (the sandbox's contact ids are hashes the Code node cannot make). */
function agencyCodeNode(plan: RunPlan) {
	const subAccounts = plan.subAccounts ?? 1;
	const rows = agencyItems(subAccounts, plan.items / subAccounts, plan.firstSubAccount ?? 0).map((item) => [item.locationId, item.contactId, item.workflowId]);
	const jsCode = [
		`// ${plan.items} contacts over ${subAccounts} sub-accounts, interleaved`,
		`const rows = ${JSON.stringify(rows)};`,
		`return rows.map(([locationId, contactId, workflowId]) => ({ json: { locationId, contactId, workflowId } }));`,
	].join('\n');
	return { ...codeNode(plan), parameters: { jsCode } };
}

/** The node under test: this package's node with the run's credential, or n8n's HTTP Request node. */
function lastNode(plan: RunPlan, node: Record<string, unknown>) {
	return { id: uuid(plan, 3), name: NODE_UNDER_TEST, typeVersion: 1, position: [440, 0], ...node };
}

function highLevelNode(plan: RunPlan, parameters: Record<string, unknown>, credentialType: string) {
	return lastNode(plan, {
		parameters: { ...parameters, options: {} },
		type: NODE_TYPE,
		credentials: { [credentialType]: credentialRef(plan) },
	});
}

function httpRequestNode(plan: RunPlan, sandboxUrl: string) {
	if (plan.variant === 'httpBatched' && !plan.batching) throw new Error(`${plan.workflowId}: httpBatched needs batching`);
	const batching = plan.variant === 'httpBatched' ? { batching: { batch: { ...plan.batching } } } : {};
	return lastNode(plan, {
		parameters: {
			method: 'POST',
			url: `=${sandboxUrl}/contacts/{{ $json.contactId }}/workflow/${HIGHLEVEL_WORKFLOW_ID}`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: `Bearer ${plan.token}` },
					{ name: 'Version', value: API_VERSION },
				],
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '{}',
			options: batching,
		},
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_TYPE_VERSION,
		...(plan.variant === 'httpRetry' ? { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 } : {}),
	});
}

/** A run's credential (n8n ids ≤ 21 characters). */
function credentialRef(plan: RunPlan): { id: string; name: string } {
	return { id: `${plan.workflowId}c`.slice(0, 21), name: `HighLevel sandbox ${plan.workflowId}` };
}

/** A stable v4-shaped uuid per workflow and node. */
function uuid(plan: RunPlan, node: number): string {
	const hex = createHash('md5').update(`${plan.workflowId}:${node}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function benchWorkflow(plan: RunPlan, sandboxUrl: string): WorkflowJson {
	const last =
		plan.variant === 'agency'
			? highLevelNode(plan, AGENCY_ADD_PARAMETERS, OAUTH2_CREDENTIAL_TYPE)
			: plan.variant === 'node'
				? highLevelNode(plan, ADD_PARAMETERS, CREDENTIAL_TYPE)
				: httpRequestNode(plan, sandboxUrl);
	const code = plan.variant === 'agency' ? agencyCodeNode(plan) : codeNode(plan);
	const trigger = { parameters: {}, id: uuid(plan, 1), name: TRIGGER_NODE, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] };
	const name = `bench:n8n ${plan.workflowId} ${plan.variant} ${plan.items}`;
	return chainWorkflow(plan.workflowId, name, [trigger, code, last], {
		settings: { executionOrder: 'v1', saveManualExecutions: true, saveDataErrorExecution: 'all', saveDataSuccessExecution: 'all' },
		pinData: {},
	});
}

/** agency: the sandbox agency's app credential, connected with tokens the sandbox issued. */
export function benchAgencyCredential(plan: RunPlan, sandboxUrl: string, tokens: IssuedTokens): CredentialImport {
	return { ...sandboxAgencyCredential(sandboxUrl, tokens), ...credentialRef(plan) };
}

export function benchCredential(plan: RunPlan, sandboxUrl: string): CredentialImport {
	return sandboxCredential(sandboxUrl, { ...credentialRef(plan), data: { accessToken: plan.token } });
}
