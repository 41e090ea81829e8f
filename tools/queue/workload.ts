/**
 * What `npm run test:queue` sends: a published Webhook → Split Out → Add to Workflow workflow, and
 * webhook calls that together carry a few hundred contacts, a few of them large, most small.
 */
import { chainWorkflow, type CredentialImport, type WorkflowJson } from '../n8n/cli';
import type { Options } from './options';
import { CREDENTIAL_TYPE, NODE_TYPE, OAUTH2_CREDENTIAL_TYPE } from '../project';
import { type IssuedTokens, sandboxAppCredentialData } from '../sandbox/oauth';
import { ADD_PARAMETERS, sandboxCredential } from '../n8n/project';


export const QUEUE_WORKFLOW_ID = 'hlQueueWebhook1';
const QUEUE_CREDENTIAL_ID = 'hlQueueCredential1';
const QUEUE_CREDENTIAL_NAME = 'HighLevel sandbox (queue test)';
export const WEBHOOK_PATH = 'highlevel-queue-enrol';
export const WEBHOOK_NODE = 'Webhook';
export const SPLIT_NODE = 'One item per contact';
export const HIGHLEVEL_NODE = 'Add to Workflow';

/**
 * The sandbox's Private Integration, or with `tokens` its own marketplace app, connected: tokens it
 * issued, rotated on every refresh.
 */
export function queueCredential(sandboxUrl: string, tokens?: IssuedTokens): CredentialImport {
	const named = { id: QUEUE_CREDENTIAL_ID, name: QUEUE_CREDENTIAL_NAME };
	if (!tokens) return sandboxCredential(sandboxUrl, named);
	return { ...named, type: OAUTH2_CREDENTIAL_TYPE, data: sandboxAppCredentialData(sandboxUrl, tokens) };
}

/**
 * POST /webhook/<WEBHOOK_PATH> with `{ "contactIds": [...] }` → one item per id → Add to Workflow.
 * The webhook answers when the last node has finished, with all of its output items, so each caller
 * sees what became of every contact it sent.
 */
export function queueWorkflow(settings: Partial<Pick<Options, 'maxConcurrency' | 'maxWaitSeconds' | 'oauth2'>> = {}): WorkflowJson {
	return chainWorkflow(QUEUE_WORKFLOW_ID, 'HighLevel queue mode: webhook → add contacts to a workflow', [
		{
			parameters: {
				httpMethod: 'POST',
				path: WEBHOOK_PATH,
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
			id: '6a0e3c59-1f0b-4c55-9d4e-0b7a6f1e2a01',
			name: WEBHOOK_NODE,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '0f3b9f0e-6c1d-4c8a-a3f5-52e1d7b4c9a1',
		},
		{
			parameters: {
				fieldToSplitOut: 'body.contactIds',
				include: 'noOtherFields',
				options: { destinationFieldName: 'contactId' },
			},
			id: '6a0e3c59-1f0b-4c55-9d4e-0b7a6f1e2a02',
			name: SPLIT_NODE,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
		},
		{
			parameters: {
				...ADD_PARAMETERS,
				additionalFields: {},
				// The node's Max Concurrent Requests and Max Wait (Seconds); unset (dropped from the JSON n8n imports): the node's defaults.
				options: { maxConcurrency: settings.maxConcurrency, maxWaitSeconds: settings.maxWaitSeconds },
				...(settings.oauth2 ? { authentication: 'oAuth2' } : {}),
			},
			id: '6a0e3c59-1f0b-4c55-9d4e-0b7a6f1e2a03',
			name: HIGHLEVEL_NODE,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			credentials: { [settings.oauth2 ? OAUTH2_CREDENTIAL_TYPE : CREDENTIAL_TYPE]: { id: QUEUE_CREDENTIAL_ID, name: QUEUE_CREDENTIAL_NAME } },
		},
	]);
}

/**
 * `calls` webhook calls carrying `contacts` contacts in all: five large ones first in the list
 * (100, 90, 80, 70, 60 items), the rest 5–10 items each. Ids are unique, letters and digits only
 * (`tag` stripped of the rest), seeded into the sandbox before the round (it knows only seeded contacts).
 */
export function planCalls({ contacts, calls, tag }: { contacts: number; calls: number; tag: string }) {
	const largeCalls = Math.min(5, calls);
	const idPrefix = `${tag.replace(/[^A-Za-z0-9]/g, '')}c`;
	const sizes: number[] = [];
	const large = Array.from({ length: largeCalls }, (_, i) => 100 - 10 * i);
	const smallCount = calls - largeCalls;
	const smallTotal = contacts - large.reduce((sum, size) => sum + size, 0);
	if (smallCount === 0 || smallTotal < smallCount * 5 || smallTotal > smallCount * 10) {
		// The small calls cannot carry the rest at 5–10 each: share everything evenly instead.
		const base = Math.floor(contacts / calls);
		for (let i = 0; i < calls; i++) sizes.push(base + (i < contacts - base * calls ? 1 : 0));
	} else {
		sizes.push(...large);
		const small = Array.from({ length: smallCount }, () => Math.floor(smallTotal / smallCount));
		let rest = smallTotal - small.reduce((sum, size) => sum + size, 0);
		for (let i = 0; rest > 0; i = (i + 1) % smallCount, rest--) small[i]++;
		// Varied around the average, in pairs that keep the sum: e.g. 8 8 → 5 11 is refused, 8 8 → 6 10 is kept.
		const spreads = [3, 1, 2];
		for (let i = 0; i + 1 < smallCount; i += 2) {
			const spread = spreads[(i / 2) % spreads.length];
			if (small[i] - spread >= 5 && small[i + 1] + spread <= 10) {
				small[i] -= spread;
				small[i + 1] += spread;
			}
		}
		sizes.push(...small);
	}
	let next = 0;
	return sizes.map((size, index) => ({
		index,
		contactIds: Array.from({ length: size }, () => `${idPrefix}${String(next++).padStart(5, '0')}`),
	}));
}
