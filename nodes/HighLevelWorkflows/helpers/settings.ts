import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { RequestSettings } from '../transport';
import { DEFAULT_SETTINGS } from '../transport';

export const DEFAULT_CONCURRENCY = 10;

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
		concurrency: Math.floor(number(options.maxConcurrency, DEFAULT_CONCURRENCY, 1)),
		maxWaitMs: number(options.maxWaitSeconds, DEFAULT_SETTINGS.maxWaitMs / 1000, 0) * 1000,
		timeoutMs: number(options.timeout, DEFAULT_SETTINGS.timeoutMs, 1),
	};
}
