import type { RecordedRequest } from '../sandbox/types';

/**
 * The one list of what the contract checks leave out, each with its reason. Everything else the
 * sandbox records is checked against HighLevel's OpenAPI operation it belongs to.
 */
export interface Exclusion {
	/** What is left out. */
	what: string;
	why: string;
	applies: (exchange: RecordedRequest) => boolean;
	/** 'exchange': nothing of it is checked; 'answer': the request is, its answer is not. */
	skip: 'exchange' | 'answer';
}

export const EXCLUSIONS: readonly Exclusion[] = [
	{
		what: 'the sandbox admin routes under /__sandbox',
		why: 'the sandbox’s own controls for tests and benchmarks; HighLevel has no such routes',
		applies: ({ path }) => path === '/__sandbox' || path.startsWith('/__sandbox/'),
		skip: 'exchange',
	},
	{
		what: 'answers with status 0 (dropped socket or hang)',
		why: 'fault injection: there is no answer to check',
		applies: ({ status }) => status === 0,
		skip: 'answer',
	},
	{
		what: 'answers whose status the operation does not document (429, 413, 5xx, most 4xx)',
		why:
			'API-NOTES.md documents them (rate limits, gateway errors, the 401 texts) but the specs do not; ' +
			'their bodies are the texts HighLevel sends, which the sandbox imitates (replies.ts)',
		applies: () => false, // decided per operation in checker.ts
		skip: 'answer',
	},
	{
		what: 'null in an answer where the operation’s schema says string (type errors on null values only)',
		why:
			'HighLevel answers unset contact fields (name, lastName, …) with null, and API-NOTES.md shows ' +
			'`{"contact": null}`; the specs declare these `string` without `nullable`',
		applies: () => false, // decided per error by nullForString
		skip: 'answer',
	},
	{
		what: 'answers of faults the sandbox injects (record.fault set)',
		why: 'invented bodies that imitate a failing HighLevel (faults.ts), not an answer the spec describes',
		applies: ({ fault }) => fault !== undefined,
		skip: 'answer',
	},
];

/**
 * EXCLUSIONS' entry on null: a `type` error on a value that is null in the answer (contact fields
 * HighLevel leaves unset come back null; the specs declare them `string` without `nullable`).
 */
export function nullForString(answer: unknown, error: { keyword?: string; instancePath?: string }): boolean {
	if (error.keyword !== 'type') return false;
	let value = answer;
	for (const key of (error.instancePath ?? '').split('/').filter(Boolean)) {
		value = (value as Record<string, unknown> | null | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	return value === null;
}

export const excluded = (exchange: RecordedRequest, skip: Exclusion['skip']): Exclusion | undefined =>
	EXCLUSIONS.find((each) => each.skip === skip && each.applies(exchange));
