import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { appIdOf, MARKETPLACE_APP_CREDENTIAL } from '../../HighLevelWorkflows/transport/connection';
import type { DeliveryRules } from './delivery';
import { DEFAULT_REPLAY_WINDOW_MINUTES } from './freshness';
import { HIGHLEVEL_ED25519_PUBLIC_KEY, HIGHLEVEL_RSA_PUBLIC_KEY, readPublicKey, type KeyKind } from './publicKeys';
import type { SignatureKeys } from './signature';

export type TriggerContext = IWebhookFunctions | IHookFunctions;

const KEY_FIELDS: Record<KeyKind, { field: string; label: string; fallback: string }> = {
	ed25519: { field: 'publicKey', label: 'Ed25519 Public Key', fallback: HIGHLEVEL_ED25519_PUBLIC_KEY },
	rsa: { field: 'rsaPublicKey', label: 'RSA Public Key (Legacy)', fallback: HIGHLEVEL_RSA_PUBLIC_KEY },
};

function publicKey(context: TriggerContext, options: IDataObject, kind: KeyKind) {
	const { field, label, fallback } = KEY_FIELDS[kind];
	const pasted = typeof options[field] === 'string' ? (options[field] as string).trim() : '';
	const key = readPublicKey(pasted || fallback, kind);
	if (typeof key !== 'string') return key;
	throw new NodeOperationError(context.getNode(), `The ${label} cannot be used: ${key}`, {
		description: `Paste the public key HighLevel published (the PEM from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----), or empty the field to use HighLevel's key`,
	});
}

function signatureKeys(context: TriggerContext): SignatureKeys | undefined {
	if (context.getNodeParameter('signatureCheck', 'verify') === 'off') return undefined;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		ed25519: publicKey(context, options, 'ed25519'),
		rsa: options.acceptLegacySignature === true ? publicKey(context, options, 'rsa') : undefined,
	};
}

function replayWindowMs(context: TriggerContext): number {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const minutes = Number(options.replayWindowMinutes ?? DEFAULT_REPLAY_WINDOW_MINUTES);
	return (Number.isFinite(minutes) && minutes >= 1 ? Math.min(minutes, 60) : DEFAULT_REPLAY_WINDOW_MINUTES) * 60_000;
}

/** A Sub-Account picked from the list or typed in: the resource locator's value. */
function locatorValue(value: unknown): string {
	const raw = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
	return typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
}

function listedSubAccounts(context: TriggerContext): ReadonlySet<string> | undefined {
	if (context.getNodeParameter('subAccounts', 'all') !== 'listed') return undefined;
	const listed = context.getNodeParameter('listedSubAccounts', {}) as { subAccount?: Array<{ locationId?: unknown }> };
	const ids = new Set((listed.subAccount ?? []).map((entry) => locatorValue(entry.locationId)).filter(Boolean));
	if (ids.size === 0) {
		throw new NodeOperationError(context.getNode(), 'Sub-Accounts to Receive is empty', {
			description: 'Add the sub-accounts whose events should start this workflow, or set Sub-Accounts to All',
		});
	}
	return ids;
}

function selectedEvents(context: TriggerContext): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	if (events.length > 0) return events;
	throw new NodeOperationError(context.getNode(), 'No event is selected in Events', {
		description: 'Choose the events that should start this workflow, or All Events',
	});
}

/** The app the trigger's credential belongs to. */
export async function credentialAppId(context: TriggerContext): Promise<string> {
	const credentials = await context.getCredentials(MARKETPLACE_APP_CREDENTIAL);
	const appId = appIdOf(String(credentials.clientId ?? ''));
	if (appId) return appId;
	throw new NodeOperationError(context.getNode(), 'The credential has no Client ID', {
		description: "Open the HighLevel Marketplace App OAuth2 credential and enter your app's Client ID",
	});
}

/**
 * The app as `create` kept it when the workflow was published, else the credential's. Reading the
 * credential in every request costs n8n 2.x an expression isolate each time (about a quarter of the
 * trigger's CPU per event in a burst); `checkExists` sees a changed Client ID at the next start.
 */
async function expectedAppId(context: TriggerContext): Promise<string> {
	const kept = (context.getWorkflowStaticData('node') as { appId?: unknown }).appId;
	return typeof kept === 'string' && kept !== '' ? kept : await credentialAppId(context);
}

/** Everything a delivery is judged by; a setting that cannot work is an error naming it. */
export async function readRules(context: TriggerContext): Promise<DeliveryRules> {
	const node = context.getNode();
	return {
		keys: signatureKeys(context),
		replayWindowMs: replayWindowMs(context),
		appId: await expectedAppId(context),
		trigger: `${context.getWorkflow().id ?? ''}|${node.id ?? node.name}`,
		filter: {
			events: selectedEvents(context),
			subAccounts: listedSubAccounts(context),
			includeAgencyEvents: context.getNodeParameter('includeAgencyEvents', true) as boolean,
		},
	};
}
