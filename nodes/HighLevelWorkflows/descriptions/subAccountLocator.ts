import type { INodeProperties } from 'n8n-workflow';

/** Which sub-account (Location) an item works in; for OAuth2 credentials, required with an agency token. */
export const subAccountLocator: INodeProperties = {
	displayName: 'Sub-Account',
	name: 'locationId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	displayOptions: { show: { authentication: ['oAuth2'] } },
	description:
		"The HighLevel sub-account (Location) to work in. Required when the app is installed on the agency; leave empty when the credential's token is for one sub-account. May differ per item.",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a sub-account...',
			typeOptions: { searchListMethod: 'searchSubAccounts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. ve9EPM428h8vShlRW1KT',
		},
	],
};
