import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { apiVersionProperty, BASE_URL_EXPRESSION, baseUrlProperty, DEFAULT_API_VERSION, isPlainHttpToAnotherHost, PLAIN_HTTP_MESSAGE } from './common';

export class HighLevelPrivateIntegrationApi implements ICredentialType {
	name = 'highLevelPrivateIntegrationApi';

	displayName = 'HighLevel Private Integration API';

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

	/**
	 * A function rather than a generic block: n8n resolves a generic block's expressions for every
	 * request, which cost more CPU per item than the rest of the node together.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		// The node checks the Base URL itself; the credential Test comes only through here.
		if (isPlainHttpToAnotherHost(String(requestOptions.baseURL ?? requestOptions.url))) {
			throw new Error(`${PLAIN_HTTP_MESSAGE}: use https:// (plain http is allowed only for localhost)`);
		}
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken)}`,
				Version: String(credentials.apiVersion || DEFAULT_API_VERSION),
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/workflows/',
			method: 'GET',
			headers: { Accept: 'application/json' },
			qs: { locationId: '={{ ($credentials.locationId || "").trim() }}' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'HighLevel rejected the Access Token: check that it is current and that its integration has the workflows.readonly scope',
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
