import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';
import { HighLevelPrivateIntegrationApi } from '../../credentials/HighLevelPrivateIntegrationApi.credentials';
import { HighLevelWorkflows } from '../../nodes/HighLevelWorkflows/HighLevelWorkflows.node';
import type { HarnessCredential, NodeSettings, RunResult } from '../../tools/harness';
import { AGENT_TYPE, agentWithTool, asAiTool, HarnessAgent, harnessLog, itemsThen, NODE_UNDER_TEST, runListSearch, runWorkflow } from '../../tools/harness';
import type { Sandbox, SandboxOptions } from '../../tools/sandbox/server';
import { startSandbox } from '../../tools/sandbox/server';
import { DEFAULT_LOCATION_ID, DEFAULT_TOKEN, WORKFLOW_IDS } from '../../tools/sandbox/fixtures';
import { NODE_TYPE } from '../../tools/project';
import { SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME, sandboxCredential } from '../../tools/n8n/project';
import { contractReport, loadContract } from '../../tools/contract/checker';
import { type IssuedTokens, sandboxAppCredentialData } from '../../tools/sandbox/oauth';

export const PUBLISHED_WORKFLOW = WORKFLOW_IDS.newLeadNurture;
export const DRAFT_WORKFLOW = WORKFLOW_IDS.webinarReminderDraft;
export { DEFAULT_LOCATION_ID, DEFAULT_TOKEN, NODE_UNDER_TEST, WORKFLOW_IDS };

/** The sandbox's Private Integration credential, as the scripts import it into n8n; `overrides` over its data. */
export function privateIntegration(baseUrl: string, overrides: IDataObject = {}): HarnessCredential {
	const credential = sandboxCredential(baseUrl, { data: overrides });
	return { ...credential, data: credential.data as ICredentialDataDecryptedObject };
}

const CREDENTIAL_TYPES = [new HighLevelPrivateIntegrationApi(), new HighLevelMarketplaceOAuth2Api()];

export const byId = (workflowId: string) => ({ __rl: true, mode: 'id', value: workflowId });

/** `count` items, each with a contact ID of its own: `${prefix}00`, `${prefix}01`, … */
export const contactItems = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => ({ contactId: `${prefix}${String(i).padStart(2, '0')}` }));

/** What a failed item says under `error` when the node continues on fail; undefined for other items. */
export interface ItemFailure {
	message: string;
	description?: string;
	httpCode?: string;
	outcome?: string;
	traceId?: string;
}
export const failureOf = (item: INodeExecutionData | undefined): ItemFailure | undefined => item?.json.error as ItemFailure | undefined;

export interface NodeRun {
	result: RunResult;
	/** The node's (first) output items; none when the run failed. */
	items: INodeExecutionData[];
	/** The node's error output, with On Error → Continue (using error output). */
	errorItems: INodeExecutionData[];
}

/** The `contactId` strings the items carry, as the sandbox should know them. */
export const contactIdsOf = (items: IDataObject[]): string[] =>
	items.flatMap((item) => {
		const id = typeof item.contactId === 'number' ? String(item.contactId) : item.contactId;
		return typeof id === 'string' && id.trim() ? [id.trim()] : [];
	});

/**
 * Runs Items → HighLevel Workflows through n8n-core against the sandbox. The sandbox knows only
 * seeded contacts: by default a literal Contact ID parameter and the `contactId` of every item are
 * seeded first; `seedContacts: false` seeds nothing, a list seeds those ids.
 */
export async function runNode(
	sandbox: Sandbox,
	parameters: INodeParameters,
	items: IDataObject[],
	options: {
		continueOnFail?: boolean;
		/** The node's Settings tab; `continueOnFail` is short for On Error → Continue (regular output). */
		settings?: NodeSettings;
		/** Connects no-op nodes to the outputs (SUCCESS_BRANCH, ERROR_BRANCH). */
		branches?: boolean;
		/** Feeds the items as pinned data. */
		pinInput?: boolean;
		credential?: HarnessCredential;
		timezone?: string;
		seedContacts?: false | readonly string[];
		cancelAfterMs?: number;
	} = {},
): Promise<NodeRun> {
	if (options.seedContacts !== false) {
		const literal = typeof parameters.contactId === 'string' && !parameters.contactId.startsWith('=') ? [parameters.contactId.trim()] : [];
		sandbox.configure({ contactIds: options.seedContacts ?? [...literal, ...contactIdsOf(items)] });
	}
	const credential = options.credential ?? privateIntegration(sandbox.url);
	const result = await runWorkflow({
		workflow: itemsThen({ type: NODE_TYPE, parameters }, items, {
			continueOnFail: options.continueOnFail,
			settings: options.settings,
			branches: options.branches,
			pinInput: options.pinInput,
			credentials: { [credential.type]: { id: credential.id ?? SANDBOX_CREDENTIAL_ID, name: credential.name ?? 'HighLevel' } },
		}),
		nodeTypes: { [NODE_TYPE]: new HighLevelWorkflows() },
		credentialTypes: CREDENTIAL_TYPES,
		credentials: [credential],
		timezone: options.timezone,
		cancelAfterMs: options.cancelAfterMs,
	});
	const outputs = result.error ? [] : (result.outputs[NODE_UNDER_TEST] ?? []);
	return { result, items: outputs[0] ?? [], errorItems: outputs[1] ?? [] };
}

/** The node as an AI agent's tool ("Enrol lead"), with the sandbox credential and the node Settings given. */
export function aiToolNode(parameters: Record<string, unknown>, settings: NodeSettings = {}): INode {
	return {
		id: 'hl-tool',
		name: 'Enrol lead',
		type: `${NODE_TYPE}Tool`,
		typeVersion: 1,
		position: [220, 200],
		parameters: parameters as INodeParameters,
		credentials: { highLevelPrivateIntegrationApi: { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME } },
		...settings,
	};
}

/** An agent that calls the tool node once per call, through n8n-core's tool path. */
export async function runAsAiTool(sandbox: Sandbox, tool: INode, calls: Array<{ tool: string; args: IDataObject }>): Promise<RunResult> {
	return await runWorkflow({
		workflow: agentWithTool(tool, calls),
		nodeTypes: { [`${NODE_TYPE}Tool`]: asAiTool(new HighLevelWorkflows()), [AGENT_TYPE]: new HarnessAgent() },
		credentialTypes: CREDENTIAL_TYPES,
		credentials: [privateIntegration(sandbox.url)],
	});
}

/** A list search of the node (From List mode), as the editor runs it. */
export async function listSearch(sandbox: Sandbox, method: string, filter?: string, credential?: HarnessCredential) {
	return await runListSearch({
		nodeType: new HighLevelWorkflows(),
		typeName: NODE_TYPE,
		method,
		credentialTypes: CREDENTIAL_TYPES,
		credentials: [credential ?? privateIntegration(sandbox.url)],
		parameters: {
			authentication: credential?.type === 'highLevelMarketplaceOAuth2Api' ? 'oAuth2' : 'privateIntegration',
			resource: 'contact',
			operation: 'addToWorkflow',
		},
		filter,
	});
}

let refusalsExpected = false;

/**
 * For a test that sends wrong requests on purpose: exchanges HighLevel refuses (4xx) need only
 * match an operation's method and path; every other exchange is still checked in full.
 */
export function expectRefusedRequests(): void {
	refusalsExpected = true;
}

/**
 * Fails the test when an exchange the sandbox recorded (API calls and OAuth token requests) breaks
 * HighLevel's OpenAPI contract.
 */
export async function expectContractKept(sandbox: Sandbox): Promise<void> {
	const problems = (await loadContract()).check([...sandbox.requests, ...sandbox.oauthTokenRequests], { refusalsExpected });
	if (problems.length > 0) throw new Error(contractReport(problems));
}

/**
 * A sandbox per test file; records cleared before each test and checked against HighLevel's
 * OpenAPI operations after it.
 */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({ rateLimit: false, ...options });
		await loadContract();
	});
	beforeEach(() => {
		// What a test set for itself alone goes back to what the file started with.
		sandbox?.configure({ rateLimit: options.rateLimit ?? false, latencyMs: options.latencyMs ?? 0, randomFaults: options.randomFaults ?? null });
		sandbox?.reset();
		refusalsExpected = false;
	});
	afterEach(async () => {
		if (sandbox) await expectContractKept(sandbox);
	});
	afterAll(async () => await sandbox?.close());
	return () => {
		if (!sandbox) throw new Error('sandbox not started');
		return sandbox;
	};
}

export const addParameters = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation: 'addToWorkflow',
	contactId: '={{ $json.contactId }}',
	workflowId: byId(PUBLISHED_WORKFLOW),
	...overrides,
});

/** Workflow → Get Many, every workflow. */
export const GET_ALL_WORKFLOWS: INodeParameters = { resource: 'workflow', operation: 'getAll', returnAll: true };

/** Add to Workflow finding the contact by email or phone, mapped from the item's `email` and `phone`. */
export const addBy = (contactBy: 'email' | 'phone', overrides: INodeParameters = {}): INodeParameters =>
	addParameters({ contactBy, contactEmail: '={{ $json.email }}', contactPhone: '={{ $json.phone }}', ...overrides });

/** An output item's json for a contact carried out: by default added by ID to PUBLISHED_WORKFLOW. */
export const doneJson = (contactId: string | null, extra: IDataObject = {}): IDataObject => ({
	success: true,
	action: 'addToWorkflow',
	contactId,
	workflowId: PUBLISHED_WORKFLOW,
	contactLookup: 'given',
	skipped: false,
	...extra,
});

/** Every own property of a value, errors and their causes included (to any depth, once each). */
function deepText(value: unknown, seen = new Set<unknown>()): unknown {
	if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
	if (seen.has(value)) return '[seen]';
	seen.add(value);
	if (Array.isArray(value)) return value.map((entry) => deepText(entry, seen));
	const names = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	return Object.fromEntries(names.map((name) => [name, deepText((value as Record<string, unknown>)[name], seen)]));
}

/**
 * Everything a user or an operator can see of a run: output items, run data, the error with every
 * property and cause, the credentials as stored after the run aside, and what n8n-core logged.
 */
export function everythingShown(run: NodeRun): string {
	return JSON.stringify({
		items: run.items,
		runData: deepText(run.result.runData),
		error: deepText(run.result.error),
		log: deepText(harnessLog),
	});
}

let buckets = 0;

/**
 * A credential with a token of its own. The node paces each token's rate-limit bucket across runs
 * in the process (as it must in n8n), so tests that play with limits each take a fresh bucket.
 */
export function freshCredential(sandbox: Sandbox): HarnessCredential {
	const token = `pit-test-bucket-${++buckets}-${Date.now()}`;
	sandbox.configure({ tokens: { [token]: { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.write', 'contacts.readonly', 'workflows.readonly'] } } });
	return privateIntegration(sandbox.url, { accessToken: token });
}

/** A Marketplace App OAuth2 credential holding `tokens` of a sandbox app (default: the sandbox's own). */
export function marketplaceApp(sandbox: Sandbox, tokens: IssuedTokens, extra: IDataObject = {}): HarnessCredential {
	return {
		id: 'hl-oauth',
		name: 'HighLevel app',
		type: 'highLevelMarketplaceOAuth2Api',
		data: { ...sandboxAppCredentialData(sandbox.url, tokens), ...extra },
	};
}

/**
 * A Marketplace App credential whose access token HighLevel no longer accepts, so that n8n refreshes
 * it first; `refreshToken` replaces the refresh token the credential holds.
 */
export function expiredMarketplaceApp(sandbox: Sandbox, extra: IDataObject = {}, refreshToken?: string) {
	const tokens = sandbox.issueOAuthTokens();
	sandbox.configure({ tokens: { [tokens.access_token]: null } });
	return { tokens, credential: marketplaceApp(sandbox, { ...tokens, refresh_token: refreshToken ?? tokens.refresh_token }, extra) };
}

/**
 * Add to Workflow with the OAuth2 token of an app that lacks contacts.write: refused, refreshed and
 * refused again, so n8n-core throws HighLevel's answer itself. In a sandbox of its own, closed again.
 */
export async function runReadOnlyApp() {
	const clientSecret = 'read-only-secret-1234';
	const app = await startSandbox({
		rateLimit: false,
		contactIds: ['oauthContact00000001'],
		oauthClients: { readOnlyApp: { clientSecret, grant: { locationId: DEFAULT_LOCATION_ID, scopes: ['contacts.readonly'] } } },
	});
	try {
		const tokens = app.issueOAuthTokens('readOnlyApp');
		const credential = marketplaceApp(app, tokens, { clientId: 'readOnlyApp', clientSecret });
		const run = await runNode(app, addParameters({ authentication: 'oAuth2', contactId: 'oauthContact00000001' }), [{}], { credential });
		await expectContractKept(app);
		return { app, run, tokens, clientSecret };
	} finally {
		await app.close();
	}
}
