import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { runOptionDefaults } from '../descriptions/runOptions';
import type { RequestSettings } from '../transport';

export interface RunSettings extends RequestSettings {
	concurrency: number;
}

/** The node's Options apply to the whole run; they are read from the first item. */
export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const number = (value: unknown, fallback: number, min: number) => {
		const parsed = Number(value);
		return Number.isFinite(parsed) && parsed >= min ? parsed : fallback;
	};
	return {
		concurrency: Math.floor(number(options.maxConcurrency, runOptionDefaults.maxConcurrency, 1)),
		maxWaitMs: number(options.maxWaitSeconds, runOptionDefaults.maxWaitSeconds, 0) * 1000,
		timeoutMs: number(options.timeout, runOptionDefaults.timeout, 1),
	};
}
