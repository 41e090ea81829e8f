import type { INodeProperties } from 'n8n-workflow';

/** The Version header HighLevel documents for the contact and workflow routes. */
export const DEFAULT_API_VERSION = '2021-07-28';

/** Fields both HighLevel credentials have. */
export const apiVersionProperty: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'options',
	options: [
		{ name: '2021-07-28', value: '2021-07-28' },
		{ name: '2021-04-15', value: '2021-04-15' },
	],
	default: DEFAULT_API_VERSION,
	description: 'Sent as the Version header on every request',
};

export const baseUrlProperty: INodeProperties = {
	displayName: 'Base URL',
	name: 'baseUrl',
	type: 'string',
	default: 'https://services.leadconnectorhq.com',
	description: "Change only to go through a proxy; HighLevel's API host is the same for white-label agencies",
};
