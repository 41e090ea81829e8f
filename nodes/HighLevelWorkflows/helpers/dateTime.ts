import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime, IANAZone } from 'luxon';

const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?[0-5]\d)?)$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?[0-5]\d)?)?$/i;

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

/** What a whole number of another length most likely is, for the error's hint. */
function numberHint(digits: string): string {
	if (/^[2-6]\d{4}$/.test(digits)) return ' It looks like a spreadsheet date serial: format the column as a date, or send it as text such as 2026-06-23.';
	if (/^(19|20)\d{6}$/.test(digits)) return ' It looks like a date written as YYYYMMDD: write it as 2026-06-23.';
	return '';
}

/**
 * Epoch seconds (10 digits) or milliseconds (13 digits), as a number or as text; any other whole
 * number is refused rather than read as a time in 1970. Undefined when the value is no whole number.
 */
function epochMillis(value: unknown, text: string | undefined, fail: (shown: string, hint?: string) => NodeOperationError): number | undefined {
	const shown = typeof value === 'number' ? String(value) : text;
	if (shown === undefined || (typeof value !== 'number' && !/^\d+$/.test(shown))) return undefined;
	if (/^(\d{10}|\d{13})$/.test(shown)) return shown.length === 10 ? Number(shown) * 1000 : Number(shown);
	const kind = /^\d+$/.test(shown) ? `has ${shown.length} digits.${numberHint(shown)}` : 'is not a whole positive number.';
	throw fail(shown, `Numbers are read as epoch seconds (10 digits) or milliseconds (13 digits); this one ${kind}`);
}

/**
 * Turns what a user puts in a date field (the picker's local text, an ISO string with or without
 * offset, a Luxon DateTime or JS Date from an expression, epoch seconds or milliseconds) into ISO 8601
 * with an explicit offset. A value without an offset is read in the workflow's time zone: a time in
 * the spring-forward gap moves past the gap, and a time that occurs twice in the autumn is the first.
 */
export function toIsoWithOffset(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const fail = (shown: string, hint?: string) =>
		new NodeOperationError(context.getNode(), `${label} "${shown}" is not a date and time`, {
			itemIndex,
			description: hint ? `${hint} ${HINT}` : HINT,
		});
	/** ISO 8601 with an explicit offset, milliseconds only when there are any: what HighLevel documents. */
	const format = (dateTime: DateTime, shown: string) => {
		const iso = dateTime.isValid ? dateTime.toISO({ suppressMilliseconds: true }) : null;
		// ISO 8601's four-digit years; luxon writes others as +012026-…, which no API reads as a date.
		if (!iso || !/^\d{4}-/.test(iso)) throw fail(shown, 'Its year lies outside 0000–9999.');
		return iso;
	};
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
		return format(value, String(value));
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw fail('Invalid Date');
		return format(DateTime.fromJSDate(value, { zone: workflowZone() }), value.toISOString());
	}
	const text = typeof value === 'string' ? value.trim() : undefined;
	const ms = epochMillis(value, text, fail);
	if (ms !== undefined) return format(DateTime.fromMillis(ms, { zone: workflowZone() }), String(value));
	if (text === undefined) throw fail(JSON.stringify(value) ?? String(value));
	if (!ISO_DATE_TIME.test(text)) throw fail(text);

	const iso = text.replace(' ', 'T');
	const parsed =
		HAS_OFFSET.test(iso) && iso.includes('T')
			? DateTime.fromISO(iso, { setZone: true })
			: firstOccurrence(DateTime.fromISO(iso, { zone: workflowZone() }));
	if (!parsed.isValid || Math.abs(parsed.offset) > MAX_OFFSET_MINUTES) throw fail(text);
	return format(parsed, text);
}
