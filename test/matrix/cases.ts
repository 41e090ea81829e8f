/**
 * The n8n contract matrix: each operation, with a mix of items that succeed, are skipped, are refused
 * by HighLevel (400, 401, 403, 422), are bad input, or end with an unknown outcome. For every item the
 * case says what a user sees: its fields, and whether n8n routes it as a success or a failure. The
 * same cases run through n8n-core (test/node/contractMatrix.test.ts) and in real n8n (test/e2e/matrix.test.ts)
 * under each On Error mode.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DEFAULT_LOCATION_ID, WORKFLOW_IDS } from '../../tools/sandbox/fixtures';
import type { SandboxConfig } from '../../tools/sandbox/options';
import { idGenerator } from '../../tools/sandbox/random';
import { INVENTED, MESSAGES } from '../../tools/sandbox/replies';

export const ON_ERROR_MODES = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const;
export type OnErrorMode = (typeof ON_ERROR_MODES)[number];

export const WORKFLOW = WORKFLOW_IDS.newLeadNurture;
const workflowId = { __rl: true, mode: 'id', value: WORKFLOW };

/** Item fields the matrix cannot know in advance (a created contact's id, a trace id): any non-empty text. */
export const ANY_TEXT = /^.+$/s;

/** The id the sandbox gives the first contact it creates after a reset (its ids are seeded). */
export const FIRST_CREATED_ID = idGenerator(1)();

export interface ExpectedItem {
	/** Where n8n puts the item: the success output (carried out or skipped) or the error output. */
	branch: 'success' | 'error';
	/** The input item it is paired with; default: its own position. */
	input?: number;
	/** The item's fields, exactly; a RegExp stands for text that matches it. */
	json: Record<string, unknown>;
}

export interface MatrixCase {
	name: string;
	parameters: INodeParameters;
	items: IDataObject[];
	/** Seeds, faults and tokens for this case, as POST /__sandbox/config takes them (after a reset). */
	sandbox: SandboxConfig;
	/** The Private Integration token to use instead of the sandbox's default one. */
	accessToken?: string;
	expected: ExpectedItem[];
	/** What HighLevel recorded: the contacts enrolled / removed, in any order. */
	enrolled: string[];
	removed: string[];
	/**
	 * With On Error → Stop Workflow: the item the run stops at, and the three sets its message names
	 * (carried out, outcome unknown, not carried out), or none when nothing had been carried out.
	 */
	stopped: { itemIndex: number; sets?: [string, string, string] };
}

const success = (json: Record<string, unknown>): ExpectedItem => ({ branch: 'success', json });
/** A failed item: `error` holds HighLevel's or the node's message and what to do, nothing else beside it. */
const failure = (error: Record<string, unknown>): ExpectedItem => ({ branch: 'error', json: { error: { traceId: ANY_TEXT, ...error } } });
const badInput = (message: string, description: RegExp): ExpectedItem => ({ branch: 'error', json: { error: { message, description } } });

const resultItem = (action: string, contactId: string | RegExp | null, extra: Record<string, unknown>) =>
	success({ success: true, action, contactId, workflowId: WORKFLOW, contactLookup: 'given', skipped: false, ...extra });
const added = (contactId: string | RegExp, extra: Record<string, unknown> = {}) => resultItem('addToWorkflow', contactId, extra);
const removedItem = (contactId: string, extra: Record<string, unknown> = {}) => resultItem('removeFromWorkflow', contactId, extra);
/** A contact not found and skipped (If Contact Not Found → Skip the Item), with the email or phone looked up. */
const skippedItem = (action: string, by: 'email' | 'phone', value: string) => {
	const reason = `No contact with ${by} ${value} in this sub-account`;
	return resultItem(action, null, { success: false, contactLookup: 'notFound', skipped: true, reason, [by]: value });
};

const refused400 = (contactId: string) =>
	failure({
		message: `HighLevel: ${INVENTED.contactNotFound} (HTTP 400)`,
		description: new RegExp(`^HighLevel refused the request: check that contact ${contactId} exists in this sub-account`),
		httpCode: '400',
	});
const forbidden403 = failure({
	message: `HighLevel: ${MESSAGES.forbiddenLocation} (HTTP 403)`,
	description: /^The credential's Location ID is not the sub-account this token belongs to/,
	httpCode: '403',
});
const refused422 = failure({
	message: 'HighLevel: eventStartTime is not valid (HTTP 422)',
	description: /^HighLevel refused the values sent: correct the fields named in the message/,
	httpCode: '422',
});
const droppedAfterSending = failure({
	message: 'HighLevel did not confirm the request (the connection broke): it may have been carried out',
	description: /^The request reached HighLevel but no clear answer came back, so it was not sent again/,
	outcome: 'unknown',
	traceId: undefined,
});
const unconfirmed200 = failure({
	message: 'HighLevel answered HTTP 200 without confirming the request: Bad Request',
	description: /^The request reached HighLevel but no clear answer came back/,
	httpCode: '200',
	outcome: 'unknown',
	traceId: undefined,
});
const emptyContactId = badInput('Contact ID is empty', /^Map the HighLevel contact ID into Contact ID/);

const byIdContacts = ['mxOk000000000000001', 'mxMissing0000000001', '', 'mxElsewhere00000001', 'mxRefused4220000001', 'mxDropped0000000001', 'mxUnconfirmed000001', 'mxOk000000000000002'];
const byIdSandbox: SandboxConfig = {
	contactIds: ['mxOk000000000000001', 'mxRefused4220000001', 'mxDropped0000000001', 'mxUnconfirmed000001', 'mxOk000000000000002'],
	foreignContactIds: ['mxElsewhere00000001'],
	faults: {
		mxRefused4220000001: { kind: 'status422', messages: ['eventStartTime is not valid'] },
		mxDropped0000000001: { kind: 'dropAfter' },
		mxUnconfirmed000001: { kind: 'statusMismatch' },
	},
};

/** A token without contacts.readonly: HighLevel's 401 for every lookup. */
export const NO_LOOKUP_TOKEN = 'pit-00000000-0000-4000-8000-00000000f401';

export const MATRIX: MatrixCase[] = [
	{
		name: 'add by contact ID',
		parameters: { resource: 'contact', operation: 'addToWorkflow', contactId: '={{ $json.contactId }}', workflowId },
		items: byIdContacts.map((contactId) => ({ contactId })),
		sandbox: byIdSandbox,
		expected: [
			added('mxOk000000000000001'),
			refused400('mxMissing0000000001'),
			emptyContactId,
			forbidden403,
			refused422,
			droppedAfterSending,
			unconfirmed200,
			added('mxOk000000000000002'),
		],
		enrolled: ['mxOk000000000000001', 'mxDropped0000000001', 'mxOk000000000000002'],
		removed: [],
		stopped: { itemIndex: 1, sets: ['0, 7', '5–6', '1–4'] },
	},
	{
		name: 'remove by contact ID',
		parameters: { resource: 'contact', operation: 'removeFromWorkflow', contactId: '={{ $json.contactId }}', workflowId },
		items: byIdContacts.map((contactId) => ({ contactId })),
		sandbox: byIdSandbox,
		expected: [
			removedItem('mxOk000000000000001'),
			refused400('mxMissing0000000001'),
			emptyContactId,
			forbidden403,
			refused422,
			// A removal is sent again after a lost answer: taking a contact out twice leaves it out.
			removedItem('mxDropped0000000001'),
			unconfirmed200,
			removedItem('mxOk000000000000002'),
		],
		enrolled: [],
		removed: ['mxOk000000000000001', 'mxDropped0000000001', 'mxDropped0000000001', 'mxOk000000000000002'],
		stopped: { itemIndex: 1, sets: ['0, 5, 7', '6', '1–4'] },
	},
	{
		name: 'add by email, skipping contacts not found',
		parameters: { resource: 'contact', operation: 'addToWorkflow', contactBy: 'email', contactEmail: '={{ $json.email }}', ifNotFound: 'skip', workflowId },
		items: [{ email: 'alice@example.com' }, { email: 'nobody@example.com' }, { email: 'not-an-email' }, { email: ' Chloe.Martin@EXAMPLE.com ' }, { email: null }],
		sandbox: { faults: { sbxContactChloe00003: { kind: 'status422', messages: ['eventStartTime is not valid'] } } },
		expected: [
			added('sbxContactAlice00001', { contactLookup: 'found', email: 'alice@example.com' }),
			skippedItem('addToWorkflow', 'email', 'nobody@example.com'),
			badInput('"not-an-email" is not an email address', /^Map a field that holds an email address/),
			refused422,
			badInput('Email is empty', /^Map the email address/),
		],
		enrolled: ['sbxContactAlice00001'],
		removed: [],
		stopped: { itemIndex: 2, sets: ['0', 'none', '1–4'] },
	},
	{
		name: 'add by phone, creating contacts not found',
		parameters: {
			resource: 'contact',
			operation: 'addToWorkflow',
			contactBy: 'phone',
			contactPhone: '={{ $json.phone }}',
			ifNotFound: 'create',
			newContactFields: { firstName: '={{ $json.first }}' },
			workflowId,
		},
		items: [
			{ phone: '+1 555-010-0001' },
			{ phone: '(415) 555-0123' },
			{ phone: '0044 7700 900999', first: 'Nia' },
			{ phone: '+39 333 123 4567' },
			{ phone: 4155550123 },
		],
		sandbox: { faults: { sbxContactBruno00002: { kind: 'dropAfter' } } },
		expected: [
			added('sbxContactAlice00001', { contactLookup: 'found', phone: '+15550100001' }),
			badInput('The phone number "(415) 555-0123" has no country code', /^Map the number in international form/),
			added(FIRST_CREATED_ID, { contactLookup: 'created', phone: '+447700900999' }),
			droppedAfterSending,
			badInput('The phone number "4155550123" has no country code', /^Map the number in international form/),
		],
		enrolled: ['sbxContactAlice00001', FIRST_CREATED_ID, 'sbxContactBruno00002'],
		removed: [],
		stopped: { itemIndex: 1, sets: ['0, 2', '3', '1, 4'] },
	},
	{
		name: 'remove by phone, skipping contacts not found',
		parameters: {
			resource: 'contact',
			operation: 'removeFromWorkflow',
			contactBy: 'phone',
			contactPhone: '={{ $json.phone }}',
			defaultCountryCode: '+1',
			ifNotFound: 'skip',
			workflowId,
		},
		items: [{ phone: '(555) 010-0001' }, { phone: '+1 555 010 9999' }, { phone: '1 555 010 0001' }],
		sandbox: {},
		expected: [
			removedItem('sbxContactAlice00001', { contactLookup: 'found', phone: '+15550100001' }),
			skippedItem('removeFromWorkflow', 'phone', '+15550109999'),
			badInput('The phone number "1 555 010 0001" already starts with 1: it may or may not be the country code', /^Map the number in international form/),
		],
		enrolled: [],
		removed: ['sbxContactAlice00001'],
		stopped: { itemIndex: 2, sets: ['0', 'none', '1–2'] },
	},
	{
		name: 'remove by email with Create the Contact saved from an earlier version',
		parameters: { resource: 'contact', operation: 'removeFromWorkflow', contactBy: 'email', contactEmail: '={{ $json.email }}', ifNotFound: 'create', workflowId },
		items: [{ email: 'alice@example.com' }, { email: 'new.person@example.com' }],
		sandbox: {},
		expected: [0, 1].map(() =>
			badInput('If Contact Not Found is set to Create the Contact, which Remove From Workflow does not do', /^Set If Contact Not Found to Stop With an Error or Skip the Item/),
		),
		enrolled: [],
		removed: [],
		stopped: { itemIndex: 0 },
	},
	{
		name: 'add by email with a token that lacks contacts.readonly',
		parameters: { resource: 'contact', operation: 'addToWorkflow', contactBy: 'email', contactEmail: '={{ $json.email }}', workflowId },
		items: [{ email: 'alice@example.com' }, { email: 'bruno.bianchi@example.org' }],
		sandbox: { tokens: { [NO_LOOKUP_TOKEN]: { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.write', 'workflows.readonly'] } } },
		accessToken: NO_LOOKUP_TOKEN,
		expected: [0, 1].map(() =>
			failure({
				message: `HighLevel: ${MESSAGES.scope} (HTTP 401)`,
				description: /^The token lacks a scope this operation needs/,
				httpCode: '401',
			}),
		),
		enrolled: [],
		removed: [],
		stopped: { itemIndex: 0 },
	},
	{
		name: 'get many workflows, one call failing',
		parameters: { resource: 'workflow', operation: 'getAll', returnAll: false, limit: '={{ $json.limit }}', options: { maxConcurrency: 1 } },
		items: [{ limit: 2 }, { limit: 1 }],
		// One at a time, so the first call meets the fault and the second gets the list.
		sandbox: { routeFaults: { listWorkflows: { kind: 'status422', messages: ['limit must not be less than 1'] } } },
		expected: [
			failure({
				message: 'HighLevel: limit must not be less than 1 (HTTP 422)',
				description: /^HighLevel refused the values sent: correct the fields named in the message/,
				httpCode: '422',
			}),
			{ branch: 'success', input: 1, json: { id: ANY_TEXT, name: ANY_TEXT, status: ANY_TEXT, updatedAt: ANY_TEXT } },
		],
		enrolled: [],
		removed: [],
		stopped: { itemIndex: 0 },
	},
];
