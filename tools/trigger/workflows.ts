/**
 * The workflows the trigger's e2e test and burst benchmark publish in real n8n:
 *  - HighLevel Trigger → HTTP Request (POST { via: "trigger", webhookId } to the sink)
 *  - n8n's Webhook node → the same HTTP Request (via "webhook"), what HighLevel's own workflow
 *    actions would call: the baseline the trigger is measured beside; and the same with Header Auth
 *    (via "webhookHeaderAuth"), as docs/trigger.md sets it up for those unsigned calls: a workflow
 *    with a credential, as the trigger's is, which n8n 2.x looks up for every execution
 *  - the README's example (examples/highlevel-trigger-new-contact.json), keyed to the sandbox
 * Node versions exist in n8n 1.123.81 as in 2.40/2.41.
 */
import path from 'node:path';

import { chainWorkflow, type CredentialImport, type WorkflowJson } from '../n8n/cli';
import { AGENCY_CREDENTIAL_ID, AGENCY_CREDENTIAL_NAME, loadExampleWorkflow } from '../n8n/project';
import { OAUTH2_CREDENTIAL_TYPE, TRIGGER_NODE_TYPE } from '../project';
import { REPO_ROOT } from '../paths';
import { SANDBOX_ED25519_PUBLIC_KEY } from '../sandbox/webhooks/signing';

export const TRIGGER_WORKFLOW_ID = 'hlTriggerToSink1';
export const WEBHOOK_NODE_WORKFLOW_ID = 'hlWebhookNodeToSink1';
export const HEADER_AUTH_WORKFLOW_ID = 'hlHeaderAuthToSink1';
export const TRIGGER_EXAMPLE_ID = 'hlTriggerExample1';
export const TRIGGER_EXAMPLE_FILE = path.join(REPO_ROOT, 'examples', 'highlevel-trigger-new-contact.json');
const TRIGGER_WEBHOOK_ID = '2d9c4b8e-7f61-4a3e-9b0c-5e1f2a3b4c01';
const WEBHOOK_NODE_PATH = 'highlevel-burst-baseline';
const HEADER_AUTH_PATH = 'highlevel-burst-header-auth';
/** The Header Auth credential of the baseline with a credential, and the header its requests carry. */
export const HEADER_AUTH_CREDENTIAL: CredentialImport = {
	id: 'hlBurstHeaderAuth1',
	name: 'Burst header secret',
	type: 'httpHeaderAuth',
	data: { name: 'x-webhook-secret', value: 'burst-secret-of-the-sandbox' },
};
export const HEADER_AUTH_HEADERS = { 'x-webhook-secret': 'burst-secret-of-the-sandbox' };
const HTTP_REQUEST_TYPE_VERSION = 4.2;

/** The trigger's Production URL on an n8n at `n8nUrl` (n8n's /webhook/<webhookId>/<path>). */
export const triggerUrl = (n8nUrl: string, webhookId = TRIGGER_WEBHOOK_ID) => `${n8nUrl}/webhook/${webhookId}/webhook`;
export const webhookNodeUrl = (n8nUrl: string) => `${n8nUrl}/webhook/${WEBHOOK_NODE_PATH}`;
export const headerAuthUrl = (n8nUrl: string) => `${n8nUrl}/webhook/${HEADER_AUTH_PATH}`;

const credentials = { [OAUTH2_CREDENTIAL_TYPE]: { id: AGENCY_CREDENTIAL_ID, name: AGENCY_CREDENTIAL_NAME } };

function reportToSink(sinkUrl: string, via: string, webhookIdExpression: string) {
	return {
		parameters: {
			method: 'POST',
			url: sinkUrl,
			sendBody: true,
			bodyParameters: { parameters: [{ name: 'via', value: via }, { name: 'webhookId', value: webhookIdExpression }] },
			options: {},
		},
		id: `7c1e0b52-3a4d-4f6e-8b9c-0d1e2f3a4b${{ trigger: '01', webhook: '02' }[via] ?? '03'}`,
		name: 'Report the run',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_TYPE_VERSION,
		position: [240, 0],
	};
}

export function triggerSinkWorkflow(sinkUrl: string, parameters: Record<string, unknown> = {}): WorkflowJson {
	return chainWorkflow(TRIGGER_WORKFLOW_ID, 'HighLevel Trigger → sink', [
		{
			parameters: { events: ['*'], subAccounts: 'all', includeAgencyEvents: true, signatureCheck: 'verify', options: { publicKey: SANDBOX_ED25519_PUBLIC_KEY }, ...parameters },
			id: '7c1e0b52-3a4d-4f6e-8b9c-0d1e2f3a4b00',
			name: 'HighLevel Trigger',
			type: TRIGGER_NODE_TYPE,
			typeVersion: 2,
			position: [0, 0],
			webhookId: TRIGGER_WEBHOOK_ID,
			credentials,
		},
		reportToSink(sinkUrl, 'trigger', '={{ $json.event.webhookId }}'),
	]);
}

export function webhookNodeSinkWorkflow(sinkUrl: string, { headerAuth = false }: { headerAuth?: boolean } = {}): WorkflowJson {
	const id = headerAuth ? HEADER_AUTH_WORKFLOW_ID : WEBHOOK_NODE_WORKFLOW_ID;
	return chainWorkflow(id, headerAuth ? "n8n's Webhook node with Header Auth → sink" : "n8n's Webhook node → sink", [
		{
			parameters: { httpMethod: 'POST', path: headerAuth ? HEADER_AUTH_PATH : WEBHOOK_NODE_PATH, ...(headerAuth ? { authentication: 'headerAuth' } : {}), options: {} },
			id: `7c1e0b52-3a4d-4f6e-8b9c-0d1e2f3a4b1${headerAuth ? '1' : '0'}`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `2d9c4b8e-7f61-4a3e-9b0c-5e1f2a3b4c0${headerAuth ? '3' : '2'}`,
			...(headerAuth ? { credentials: { httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name } } } : {}),
		},
		reportToSink(sinkUrl, headerAuth ? 'webhookHeaderAuth' : 'webhook', '={{ $json.body.webhookId }}'),
	]);
}

/** The example as a user imports it, with the sandbox's signing key pasted in place of HighLevel's. */
interface ExampleWorkflow extends WorkflowJson {
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> & { options?: Record<string, unknown> } }>;
}

export function sandboxTriggerExample(): ExampleWorkflow {
	const workflow = loadExampleWorkflow(TRIGGER_EXAMPLE_ID, TRIGGER_EXAMPLE_FILE) as ExampleWorkflow;
	for (const node of workflow.nodes) {
		if (node.type === TRIGGER_NODE_TYPE) node.parameters.options = { ...node.parameters.options, publicKey: SANDBOX_ED25519_PUBLIC_KEY };
	}
	return workflow;
}

/** The webhookId of the example's trigger node, for its Production URL. */
export function exampleWebhookId(): string {
	const trigger = sandboxTriggerExample().nodes.find((node) => node.type === TRIGGER_NODE_TYPE);
	return String(trigger?.webhookId);
}
