import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { MARKETPLACE_APP_CREDENTIAL } from '../HighLevelWorkflows/transport/connection';
import { eventsProperty } from './descriptions/eventTypes';
import { subAccountProperties } from './descriptions/filters';
import { setupNotices } from './descriptions/notices';
import { verificationProperties } from './descriptions/verification';
import { expectsCurrentUrl, expectUrl, forgetUrl } from './lifecycle';
import { searchSubAccounts } from './methods/subAccounts';
import { receiveDelivery } from './receive';

export class HighLevelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Trigger',
		name: 'highLevelTrigger',
		icon: { light: 'file:../HighLevelWorkflows/highLevel.svg', dark: 'file:../HighLevelWorkflows/highLevel.dark.svg' },
		group: ['trigger'],
		// Not 1: for a webhook node of version 1, n8n evaluates `$parameter.options.binaryData` on every
		// request (a legacy of its Webhook node v1), which costs n8n 2.x an expression isolate per event.
		version: 2,
		subtitle: '={{ $parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", ") }}',
		description: "Starts the workflow on a HighLevel marketplace app's signed events, for every sub-account it is installed on",
		defaults: { name: 'HighLevel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: MARKETPLACE_APP_CREDENTIAL, required: true }],
		// An empty responseData lets n8n answer an accepted event with the node's webhookResponse once the
		// execution is handed over; left unset, n8n 2.x would answer with the text "firstEntryJson".
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
		properties: [...setupNotices, eventsProperty, ...subAccountProperties, ...verificationProperties],
	};

	methods = { listSearch: { searchSubAccounts } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await expectsCurrentUrl.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await expectUrl.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await forgetUrl.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
