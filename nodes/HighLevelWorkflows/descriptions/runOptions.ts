import type { INodeProperties } from 'n8n-workflow';

/** Options that shape how a run talks to HighLevel. Their defaults here are the only ones: the code reads them (runOptionDefaults). */
export const runOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 10,
			description:
				"How many requests may be under way at once for each sub-account. With an agency credential, sub-accounts run side by side, at most 200 requests at once in all. The node also paces itself to HighLevel's rate limit, so the default suits most runs.",
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 600,
			description:
				"The longest one item may wait for HighLevel's rate limit before it fails. A large run at 100 requests per 10 s needs about 10 s per 100 items.",
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for HighLevel to answer one request',
		},
	],
};

/** The defaults of the options above, by name. */
export const runOptionDefaults = Object.fromEntries(
	(runOptions.options as INodeProperties[]).map((option) => [option.name, option.default as number]),
) as { maxConcurrency: number; maxWaitSeconds: number; timeout: number };
