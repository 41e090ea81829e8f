import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * What became of each item of a run that stopped at a failed item. n8n keeps no output of a failed
 * node, so this is the only place the user learns which items HighLevel already carried out.
 */
export type ItemOutcome = 'carriedOut' | 'unknown' | 'notCarriedOut';

/** How many ranges a list of item numbers shows before it is cut short. */
const MAX_RANGES = 20;

/** "0–4, 6, 9–15", cut to the first ranges with "and N more" behind. */
export function itemRanges(indexes: number[]): string {
	const ranges: string[] = [];
	let shown = 0;
	for (let i = 0; i < indexes.length; ) {
		let end = i;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		if (ranges.length === MAX_RANGES) {
			ranges.push(`and ${indexes.length - shown} more`);
			break;
		}
		ranges.push(end === i ? String(indexes[i]) : `${indexes[i]}–${indexes[end]}`);
		shown += end - i + 1;
		i = end + 1;
	}
	return ranges.join(', ');
}

function items(indexes: number[]): string {
	return `${indexes.length === 1 ? 'item' : 'items'} ${itemRanges(indexes)}`;
}

/** The outcome a failed item's error stands for. */
export function outcomeOfError(error: unknown): ItemOutcome {
	const isNodeError = error instanceof NodeApiError || error instanceof NodeOperationError;
	return isNodeError && error.context.outcome === 'unknown' ? 'unknown' : 'notCarriedOut';
}

/**
 * The note added to the error that stopped a run: which items were carried out, which have an
 * unknown outcome, which were not carried out (refused, skipped or never sent), by item number as
 * n8n's Item Index counts them, and the one way to go on that sends nothing twice. `again` says what
 * sending the carried-out items again does ("enrolls those contacts a second time").
 */
export function failedRunNote(outcomes: ItemOutcome[], again: string): string | undefined {
	const of = (outcome: ItemOutcome) => outcomes.flatMap((value, index) => (value === outcome ? [index] : []));
	const carriedOut = of('carriedOut');
	const unknown = of('unknown');
	const notCarriedOut = of('notCarriedOut');
	if (carriedOut.length === 0 && unknown.length === 0) return undefined;

	const sets = [
		`carried out in HighLevel, and in no output: ${carriedOut.length ? itemRanges(carriedOut) : 'none'}`,
		`outcome unknown (HighLevel did not confirm): ${unknown.length ? itemRanges(unknown) : 'none'}`,
		`not carried out: ${notCarriedOut.length ? itemRanges(notCarriedOut) : 'none'}`,
	];
	const advice = [
		`Of ${outcomes.length} items (numbered from 0, as Item Index counts them), ${sets.join('; ')}.`,
		`n8n's Retry, or running every item again, sends them all again and ${again}.`,
	];
	if (notCarriedOut.length) advice.push(`To go on, run only ${items(notCarriedOut)} again.`);
	if (unknown.length) advice.push(`Check ${items(unknown)} in HighLevel before sending ${unknown.length === 1 ? 'it' : 'them'} again.`);
	advice.push('With Settings → On Error → Continue (using error output), every item keeps its own outcome.');
	return advice.join(' ');
}

/** The error that stopped the run, with the note above; errors other than n8n's own stay as they are. */
export function withFailedRunNote(error: Error, note: string | undefined): Error {
	if (!note || !(error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	error.description = error.description ? `${error.description}. ${note}` : note;
	return error;
}
