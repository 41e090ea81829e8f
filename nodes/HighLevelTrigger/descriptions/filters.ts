import type { INodeProperties } from 'n8n-workflow';
import { subAccountLocator } from '../../HighLevelWorkflows/descriptions/subAccountLocator';

export const subAccountProperties: INodeProperties[] = [
	{
		displayName: 'Sub-Accounts',
		name: 'subAccounts',
		type: 'options',
		options: [
			{ name: 'All', value: 'all', description: 'Events of every sub-account where the app is installed' },
			{ name: 'Only Those Listed', value: 'listed', description: 'Events of other sub-accounts are answered 200 and start nothing' },
		],
		default: 'all',
	},
	{
		displayName: 'Sub-Accounts to Receive',
		name: 'listedSubAccounts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Sub-Account',
		default: {},
		displayOptions: { show: { subAccounts: ['listed'] } },
		options: [
			{
				displayName: 'Sub-Account',
				name: 'subAccount',
				values: [
					{
						...subAccountLocator,
						displayOptions: undefined,
						description: 'A sub-account (Location) whose events start the workflow',
					},
				],
			},
		],
	},
	{
		displayName: 'Include Agency-Level Events',
		name: 'includeAgencyEvents',
		type: 'boolean',
		default: true,
		description:
			'Whether to receive events that name no sub-account (no locationId): the app installed on or uninstalled from the agency, agency users created, sub-accounts created or updated',
	},
];
