import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { HighLevelMarketplaceOAuth2Api } from '../../credentials/HighLevelMarketplaceOAuth2Api.credentials';
import { HighLevelTrigger } from '../../nodes/HighLevelTrigger/HighLevelTrigger.node';
import type { HarnessCredential } from '../../tools/harness';
import { startWebhookTrigger, type WebhookTrigger } from '../../tools/harness/webhook';
import { contractReport, loadContract } from '../../tools/contract/checker';
import { DEFAULT_AGENCY } from '../../tools/sandbox/agency';
import { sandboxAppCredentialData } from '../../tools/sandbox/oauth';
import { startSandbox, type Sandbox } from '../../tools/sandbox/server';
import { WebhookSender, type DeliveryAnswer, type WebhookDelivery } from '../../tools/sandbox/webhooks/sender';
import { SANDBOX_ED25519_PUBLIC_KEY } from '../../tools/sandbox/webhooks/signing';
import { TRIGGER_NODE_TYPE } from '../../tools/project';


/** The trigger as a user sets it up against the sandbox: every event, every sub-account, the sandbox's signing key. */
export function triggerParameters(overrides: IDataObject = {}, options: IDataObject = {}): INodeParameters {
	return {
		events: ['*'],
		subAccounts: 'all',
		includeAgencyEvents: true,
		signatureCheck: 'verify',
		options: { publicKey: SANDBOX_ED25519_PUBLIC_KEY, ...options },
		...overrides,
	} as INodeParameters;
}

/** The Marketplace App OAuth2 credential connected to the sandbox's agency (its app installed on the agency). */
export function agencyApp(sandbox: Sandbox, clientId = DEFAULT_AGENCY.clientId): HarnessCredential {
	const tokens = sandbox.issueOAuthTokens(DEFAULT_AGENCY.clientId);
	return {
		id: 'hl-agency',
		name: 'HighLevel agency app',
		type: 'highLevelMarketplaceOAuth2Api',
		data: {
			...sandboxAppCredentialData(sandbox.url, tokens),
			clientId,
			clientSecret: DEFAULT_AGENCY.clientSecret,
			scope: DEFAULT_AGENCY.scopes.join(' '),
			oauthTokenData: { ...tokens, token_type: 'Bearer', userType: 'Company', companyId: DEFAULT_AGENCY.companyId },
		},
	};
}

/** The credential of the sandbox's own app, installed on one sub-account (a Location token). */
export function subAccountApp(sandbox: Sandbox): HarnessCredential {
	return { id: 'hl-app', name: 'HighLevel app', type: 'highLevelMarketplaceOAuth2Api', data: sandboxAppCredentialData(sandbox.url, sandbox.issueOAuthTokens()) };
}

let triggers = 0;

export interface TriggerUnderTest extends WebhookTrigger {
	/** Sends deliveries at once through a sender recording every answer. */
	send(...deliveries: WebhookDelivery[]): Promise<DeliveryAnswer[]>;
	/** The json of every execution's first item. */
	items(): IDataObject[];
}

/**
 * A sandbox (the HighLevel API the trigger's lifecycle asks) per test file, its exchanges checked
 * against HighLevel's OpenAPI after each test, and `start()` for triggers behind the harness's HTTP
 * server, published (`create`) unless told not to, closed after each test.
 */
export function useTriggerSandbox(): { sandbox: () => Sandbox; start: (parameters?: INodeParameters, options?: { credential?: HarnessCredential; publish?: boolean }) => Promise<TriggerUnderTest> } {
	let sandbox: Sandbox | undefined;
	const started: WebhookTrigger[] = [];
	beforeAll(async () => {
		sandbox = await startSandbox({ rateLimit: false });
		await loadContract();
	});
	beforeEach(() => sandbox?.reset());
	afterEach(async () => {
		await Promise.all(started.splice(0).map((trigger) => trigger.close()));
		if (!sandbox) return;
		const problems = (await loadContract()).check([...sandbox.requests, ...sandbox.oauthTokenRequests], { refusalsExpected: true });
		if (problems.length > 0) throw new Error(contractReport(problems));
	});
	afterAll(async () => await sandbox?.close());
	const current = () => {
		if (!sandbox) throw new Error('sandbox not started');
		return sandbox;
	};
	return {
		sandbox: current,
		async start(parameters = triggerParameters(), options = {}) {
			const trigger = await startWebhookTrigger({
				nodeType: new HighLevelTrigger(),
				typeName: TRIGGER_NODE_TYPE,
				parameters,
				credentialTypes: [new HighLevelMarketplaceOAuth2Api()],
				credentials: [options.credential ?? agencyApp(current())],
				workflowId: `trigger-test-${++triggers}`,
			});
			started.push(trigger);
			if (options.publish !== false) await trigger.lifecycle('create');
			const sender = new WebhookSender(trigger.url);
			return Object.assign(trigger, {
				send: async (...deliveries: WebhookDelivery[]) => await sender.sendAll(deliveries),
				items: () => trigger.executions.map((items) => items[0]?.json ?? {}),
			});
		},
	};
}
