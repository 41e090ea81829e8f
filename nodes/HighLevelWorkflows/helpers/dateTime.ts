import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

function pad(value: number, length = 2): string {
	return String(Math.abs(value)).padStart(length, '0');
}

/** The zone's offset from UTC, in minutes, at an instant. */
function offsetMinutes(timeZone: string, epochMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
		.formatToParts(new Date(epochMs))
		.find((part) => part.type === 'timeZoneName')?.value;
	const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(parts ?? '');
	if (!match) return 0;
	const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
	return match[1] === '-' ? -minutes : minutes;
}

/** ISO 8601 with an explicit offset, as the wall-clock time in the zone. */
function formatInZone(epochMs: number, timeZone: string): string {
	const offset = offsetMinutes(timeZone, epochMs);
	const local = new Date(epochMs + offset * 60_000);
	const sign = offset < 0 ? '-' : '+';
	return (
		`${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
		`T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
		`${local.getUTCMilliseconds() ? `.${pad(local.getUTCMilliseconds(), 3)}` : ''}` +
		`${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
	);
}

/** The instant a wall-clock time in a zone stands for (the earlier one when clocks go back). */
function wallTimeToEpoch(fields: number[], timeZone: string): number {
	const [year, month, day, hour, minute, second, ms] = fields;
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	let epoch = asUtc - offsetMinutes(timeZone, asUtc) * 60_000;
	epoch = asUtc - offsetMinutes(timeZone, epoch) * 60_000;
	return epoch;
}

function isValidZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

/**
 * Turns what a user puts in a date field (the picker's local text, an ISO string with or without
 * offset, a Luxon DateTime or JS Date from an expression, epoch milliseconds) into ISO 8601 with an
 * explicit offset. A value without an offset is read in the workflow's time zone.
 */
export function toIsoWithOffset(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const timeZone = isValidZone(context.getTimezone()) ? context.getTimezone() : 'UTC';
	const fail = (shown: string) =>
		new NodeOperationError(context.getNode(), `${label} "${shown}" is not a date and time`, {
			itemIndex,
			description:
				'Use an ISO 8601 date such as 2026-06-23T09:30:00+01:00, a date picked in the field, an n8n date from an expression ({{ $now.plus({ days: 1 }) }}), or epoch milliseconds',
		});

	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		const luxon = value as { isValid?: boolean; toISO: () => string | null; toMillis: () => number };
		if (luxon.isValid === false) throw fail('invalid DateTime');
		return luxon.toISO() ?? formatInZone(luxon.toMillis(), timeZone);
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw fail('Invalid Date');
		return formatInZone(value.getTime(), timeZone);
	}
	if (typeof value === 'number' || (typeof value === 'string' && /^\d{10,16}$/.test(value.trim()))) {
		const ms = Number(value);
		if (!Number.isFinite(ms) || ms < 0) throw fail(String(value));
		return formatInZone(ms, timeZone);
	}
	if (typeof value !== 'string') throw fail(JSON.stringify(value) ?? String(value));

	const text = value.trim();
	const local = LOCAL_DATE_TIME.exec(text);
	if (local) {
		const fields = local.slice(1, 7).map((part) => Number(part ?? 0));
		const ms = Number((local[7] ?? '0').padEnd(3, '0').slice(0, 3));
		const [year, month, day, hour, minute, second] = fields;
		const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
		if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
			throw fail(text);
		}
		return formatInZone(wallTimeToEpoch([...fields, ms], timeZone), timeZone);
	}
	if (HAS_OFFSET.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) {
		const epoch = Date.parse(text);
		if (Number.isNaN(epoch)) throw fail(text);
		return text.replace(/z$/, 'Z');
	}
	throw fail(text);
}
