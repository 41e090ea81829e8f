/**
 * n8n's webhook lifecycle for a URL HighLevel cannot be told about: there is no API to subscribe a
 * URL, the user pastes it into the app. So `create` checks what can be checked (the settings, the
 * credential, and for an agency token that HighLevel knows the app) and keeps the URL and app it
 * expects the app to use, `checkExists` compares them with the current ones, `delete` forgets them.
 * None of them registers anything with HighLevel.
 */
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { DEFAULT_API_VERSION } from '../../credentials/common';
import { credentialBaseUrl, MARKETPLACE_APP_CREDENTIAL } from '../HighLevelWorkflows/transport/connection';
import { credentialAppId, readRules } from './helpers/rules';

const WEBHOOK_NAME = 'default';

interface ExpectedUrl {
	webhookUrl?: string;
	appId?: string;
}

/** Whether this trigger was set up for the URL and app it has now. */
export async function expectsCurrentUrl(this: IHookFunctions): Promise<boolean> {
	await readRules(this);
	const expected = this.getWorkflowStaticData('node') as ExpectedUrl;
	return expected.webhookUrl === this.getNodeWebhookUrl(WEBHOOK_NAME) && expected.appId === (await credentialAppId(this));
}

/** Asks HighLevel, with the agency's token, for the app's installs: it answers only for an app it knows. */
async function confirmAgencyApp(context: IHookFunctions, credentials: IDataObject, appId: string): Promise<void> {
	const tokenData = credentials.oauthTokenData as IDataObject;
	const baseUrl = credentialBaseUrl(context, credentials);
	const companyId = String(tokenData.companyId ?? '');
	try {
		await context.helpers.httpRequestWithAuthentication.call(context, MARKETPLACE_APP_CREDENTIAL, {
			method: 'GET',
			url: `${baseUrl}/oauth/installedLocations`,
			qs: { companyId, appId, isInstalled: true, limit: 1 },
			headers: { Accept: 'application/json', Version: String(credentials.apiVersion || DEFAULT_API_VERSION) },
			json: true,
		});
	} catch (error) {
		// n8n hands back a NodeApiError already, with its generic text for the status as message.
		const failure = error as NodeApiError;
		const said = String(failure.description || failure.message);
		const status = failure.httpCode ? ` (HTTP ${failure.httpCode})` : '';
		throw new NodeApiError(context.getNode(), { message: said } as JsonObject, {
			message: `HighLevel did not confirm app ${appId} for agency ${companyId}${status}: ${said}`,
			description:
				"Check that the credential is connected to the agency, that its Client ID is your app's and that the app has the scope oauth.readonly",
			httpCode: failure.httpCode ?? undefined,
		});
	}
}

/** Checks the settings and the credential, then keeps the URL and app the app's settings should name. */
export async function expectUrl(this: IHookFunctions): Promise<boolean> {
	await readRules(this);
	const credentials = await this.getCredentials(MARKETPLACE_APP_CREDENTIAL);
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	if (!tokenData?.access_token) {
		throw new NodeOperationError(this.getNode(), 'The HighLevel credential is not connected', {
			description: 'Open the HighLevel Marketplace App OAuth2 credential and click Connect my account',
		});
	}
	const appId = await credentialAppId(this);
	if (tokenData.userType === 'Company') await confirmAgencyApp(this, credentials, appId);
	const expected = this.getWorkflowStaticData('node') as ExpectedUrl;
	expected.webhookUrl = this.getNodeWebhookUrl(WEBHOOK_NAME);
	expected.appId = appId;
	return true;
}

export async function forgetUrl(this: IHookFunctions): Promise<boolean> {
	const expected = this.getWorkflowStaticData('node') as ExpectedUrl;
	delete expected.webhookUrl;
	delete expected.appId;
	return true;
}
