import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime, IANAZone } from 'luxon';

const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** Below this an epoch number is taken for seconds (10 digits), at or above it for milliseconds (13). */
const EPOCH_MILLISECONDS_FROM = 1e11;

const HINT =
	'Use an ISO 8601 date such as 2026-06-23T09:30:00+01:00, a date picked in the field, an n8n date from an expression ({{ $now.plus({ days: 1 }) }}), or epoch seconds or milliseconds';

/** Real offsets lie within ±14:00; luxon would take +25:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * A wall-clock time that occurs twice (clocks going back) is taken as the first of the two, as
 * RFC 5545 and Temporal's "compatible" choice do; luxon alone picks the second.
 */
function firstOccurrence(local: DateTime): DateTime {
	const offsetBefore = local.minus({ days: 1 }).offset;
	if (offsetBefore <= local.offset) return local;
	const earlier = local.minus({ minutes: offsetBefore - local.offset });
	return earlier.toFormat('yyyy-MM-dd HH:mm:ss.SSS') === local.toFormat('yyyy-MM-dd HH:mm:ss.SSS') ? earlier : local;
}

/** ISO 8601 with an explicit offset, milliseconds only when there are any: what HighLevel documents. */
function format(dateTime: DateTime): string {
	return dateTime.toISO({ suppressMilliseconds: true })!;
}

/**
 * Turns what a user puts in a date field (the picker's local text, an ISO string with or without
 * offset, a Luxon DateTime or JS Date from an expression, epoch seconds or milliseconds) into ISO 8601
 * with an explicit offset. A value without an offset is read in the workflow's time zone: a time in
 * the spring-forward gap moves past the gap, and a time that occurs twice in the autumn is the first.
 */
export function toIsoWithOffset(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const fail = (shown: string) =>
		new NodeOperationError(context.getNode(), `${label} "${shown}" is not a date and time`, { itemIndex, description: HINT });
	const workflowZone = () => {
		const zone = context.getTimezone();
		if (IANAZone.isValidZone(zone)) return zone;
		throw new NodeOperationError(context.getNode(), `The workflow's time zone "${zone}" is not a known time zone`, {
			itemIndex,
			description: `Pick a time zone in the workflow's settings, or give ${label} with an offset such as +01:00`,
		});
	};

	if (DateTime.isDateTime(value)) {
		if (!value.isValid) throw fail(value.invalidExplanation ?? 'invalid DateTime');
		return format(value);
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw fail('Invalid Date');
		return format(DateTime.fromJSDate(value, { zone: workflowZone() }));
	}
	const text = typeof value === 'string' ? value.trim() : undefined;
	if (typeof value === 'number' || (text !== undefined && /^\d{9,13}$/.test(text))) {
		const epoch = Number(value);
		if (!Number.isFinite(epoch) || epoch <= 0) throw fail(String(value));
		const ms = epoch < EPOCH_MILLISECONDS_FROM ? epoch * 1000 : epoch;
		return format(DateTime.fromMillis(ms, { zone: workflowZone() }));
	}
	if (text === undefined) throw fail(JSON.stringify(value) ?? String(value));
	if (!ISO_DATE_TIME.test(text)) throw fail(text);

	const iso = text.replace(' ', 'T');
	const parsed =
		HAS_OFFSET.test(iso) && iso.includes('T')
			? DateTime.fromISO(iso, { setZone: true })
			: firstOccurrence(DateTime.fromISO(iso, { zone: workflowZone() }));
	if (!parsed.isValid || Math.abs(parsed.offset) > MAX_OFFSET_MINUTES) throw fail(text);
	return format(parsed);
}
