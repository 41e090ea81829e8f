import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { apiVersionProperty, baseUrlProperty } from './common';

/** Where the credential Test goes instead of a plain-http Base URL: a name that never resolves. */
export const REFUSED_BASE_URL = 'https://plain-http-base-url-refused-use-https.invalid';

export class HighLevelPrivateIntegrationApi implements ICredentialType {
	name = 'highLevelPrivateIntegrationApi';

	displayName = 'HighLevel API';

	icon: Icon = { light: 'file:highLevel.svg', dark: 'file:highLevel.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-highlevel/n8n-nodes-highlevel#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. pit-1a2b3c4d-…',
			description:
				'A Private Integration Token of the sub-account (Settings → Private Integrations → Create new integration) or a sub-account OAuth access token. Tick the scopes contacts.write, contacts.readonly and workflows.readonly.',
		},
		apiVersionProperty,
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. ve9EPM428h8vShlRW1KT',
			description:
				'The sub-account the token belongs to: Settings → Business Profile → Location ID, or the part after /location/ in the address bar',
		},
		baseUrlProperty,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
				Version: '={{$credentials.apiVersion}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// Plain http:// to any host but this machine would carry the token in clear text: such a
			// Base URL is swapped for a host that can never resolve (.invalid), so nothing is sent.
			baseURL:
				'={{ /^\\s*http:\\/\\/(?!(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|\\s*$))/i.test($credentials.baseUrl) ? "' +
				REFUSED_BASE_URL +
				'" : $credentials.baseUrl.trim().replace(/\\/+$/, "") }}',
			url: '/workflows/',
			method: 'GET',
			headers: { Accept: 'application/json' },
			qs: { locationId: '={{$credentials.locationId}}' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'HighLevel rejected the Access Token: check that it is current, that its integration has the workflows.readonly scope, and the API Version',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The Access Token does not belong to this Location ID: copy the Location ID of the sub-account the token was made in',
				},
			},
		],
	};
}
