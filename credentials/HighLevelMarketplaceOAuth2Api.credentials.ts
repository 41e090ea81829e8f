import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { apiVersionProperty, baseUrlProperty, TOKEN_URL_EXPRESSION } from './common';

export class HighLevelMarketplaceOAuth2Api implements ICredentialType {
	name = 'highLevelMarketplaceOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HighLevel Marketplace App OAuth2 API';

	icon: Icon = { light: 'file:highLevel.svg', dark: 'file:highLevel.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-highlevel/n8n-nodes-highlevel#oauth2-marketplace-app';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Marketplace',
			name: 'authUrl',
			type: 'options',
			options: [
				{
					name: 'HighLevel (marketplace.gohighlevel.com)',
					value: 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
				},
				{
					name: 'White-Label (marketplace.leadconnectorhq.com)',
					value: 'https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation',
				},
			],
			default: 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
			description: 'Where users of your app choose the sub-account; white-label agencies use the second',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: TOKEN_URL_EXPRESSION,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'contacts.readonly contacts.write workflows.readonly',
			description:
				"Space-separated; must match the scopes of your app in HighLevel's marketplace. For an app installed on the agency (to reach every sub-account) add oauth.write oauth.readonly locations.readonly.",
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		apiVersionProperty,
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			placeholder: 'e.g. ve9EPM428h8vShlRW1KT',
			description:
				'Leave empty to use the sub-account the token was granted for (HighLevel names it in the token). With an app installed on the agency, choose the sub-account in the node instead.',
		},
		baseUrlProperty,
	];
}
