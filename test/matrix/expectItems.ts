/** Jest assertions for the contract matrix's expectations (cases.ts), shared by the n8n-core and real-n8n runs. */
import type { MatrixCase, OnErrorMode } from './cases';

/** An expected value as a jest matcher, at any depth: RegExps match text, `undefined` means the field is absent. */
export function jsonMatcher(value: unknown): unknown {
	if (value instanceof RegExp) return expect.stringMatching(value);
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, jsonMatcher(field)]));
}

interface SeenItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

/** What each output of the node should hold under an On Error mode that continues. */
export function expectedOutputs(matrixCase: MatrixCase, mode: Exclude<OnErrorMode, 'stopWorkflow'>): { success: SeenItem[]; error: SeenItem[] } {
	const seen = matrixCase.expected.map((expected, position) => {
		const input = expected.input ?? position;
		// n8n-core puts the input item's fields under an item it moves to the error output.
		const json = mode === 'continueErrorOutput' && expected.branch === 'error' ? { ...matrixCase.items[input], ...expected.json } : expected.json;
		return { branch: expected.branch, item: { json: jsonMatcher(json) as Record<string, unknown>, pairedItem: { item: input } } };
	});
	if (mode === 'continueRegularOutput') return { success: seen.map(({ item }) => item), error: [] };
	return {
		success: seen.filter(({ branch }) => branch === 'success').map(({ item }) => item),
		error: seen.filter(({ branch }) => branch === 'error').map(({ item }) => item),
	};
}

/** The run's error under On Error → Stop Workflow: the stopped item's message, and the failed-run note's sets. */
export function expectStoppedRun(matrixCase: MatrixCase, error: { message?: string; description?: string | null } | undefined): void {
	const { itemIndex, sets } = matrixCase.stopped;
	expect(error?.message).toBe((matrixCase.expected[itemIndex].json.error as { message?: unknown } | undefined)?.message);
	const description = error?.description ?? '';
	if (sets) {
		const [carriedOut, unknown, notCarriedOut] = sets;
		expect(description).toContain(
			`Of ${matrixCase.items.length} items (numbered from 0, as Item Index counts them), carried out in HighLevel, and in no output: ${carriedOut}; ` +
				`outcome unknown (HighLevel did not confirm): ${unknown}; not carried out: ${notCarriedOut}.`,
		);
	} else {
		expect(description).not.toMatch(/items \(numbered from 0/);
	}
}
