import type { INodeProperties } from 'n8n-workflow';

const maxConcurrency: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: 10,
	description:
		"How many requests may be under way at once for each sub-account. With an agency credential, sub-accounts run side by side, at most 200 requests at once in all. The node also paces itself to HighLevel's rate limit, so the default suits most runs.",
};

const maxWaitSeconds: INodeProperties = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 600,
	description:
		"The longest one item may wait for HighLevel's rate limit before it fails. A large run at 100 requests per 10 s needs about 10 s per 100 items.",
};

const timeout: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 30000,
	description: 'How long to wait for HighLevel to answer one request, in milliseconds',
};

const collection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options,
});

/** Options that shape how a run talks to HighLevel. Their defaults here are the only ones: the code reads them (runOptionDefaults). */
export const runOptions = collection([maxConcurrency, maxWaitSeconds, timeout]);

/** The same for an operation that makes one call per item (Get Many): nothing to run side by side. */
export const singleCallOptions = collection([maxWaitSeconds, timeout]);

/** The defaults of the options above, by name. */
export const runOptionDefaults = Object.fromEntries(
	[maxConcurrency, maxWaitSeconds, timeout].map((option) => [option.name, option.default as number]),
) as { maxConcurrency: number; maxWaitSeconds: number; timeout: number };
