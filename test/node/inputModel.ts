/**
 * The README's rules for what the node makes of a value a user maps ("Using the node"), written
 * down again from the README, apart from the node's code, so the property test can hold one against
 * the other: each function says what HighLevel must receive, or that the item must fail first.
 */
import { DateTime } from 'luxon';

export type Expected<T> = { sent: T } | { refused: RegExp };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Text a user maps: numbers become text, spaces around are trimmed; anything else is refused. */
function text(value: unknown, label: string): Expected<string> {
	if (typeof value === 'number') return { sent: String(value) };
	if (value === null || value === undefined) return { refused: new RegExp(`^${label} is empty$`) };
	if (typeof value !== 'string') return { refused: new RegExp(`^${label} must be text, but the value is `) };
	const trimmed = value.trim();
	if (!trimmed) return { refused: new RegExp(`^${label} is empty$`) };
	if (LONE_SURROGATE.test(trimmed)) return { refused: new RegExp(`^${label} holds a broken character`) };
	return { sent: trimmed };
}

/** Contact ID: text as above, sent as one path segment unchanged; 200 characters at most, no control characters, not "." or "..". */
export function contactIdRule(value: unknown): Expected<string> {
	const id = text(value, 'Contact ID');
	if ('refused' in id) return id;
	if (id.sent.length > 200) return { refused: /^Contact ID is \d+ characters long, not an ID$/ };
	if (id.sent === '.' || id.sent === '..' || CONTROL.test(id.sent)) return { refused: /^Contact ID ".*" is not a valid ID$/s };
	return id;
}

/** Email: text as above, lower-cased; something@something.something without spaces or control characters. */
export function emailRule(value: unknown): Expected<string> {
	const email = text(value, 'Email');
	if ('refused' in email) return email;
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.sent) || CONTROL.test(email.sent)) return { refused: /^".*" is not an email address$/s };
	return { sent: email.sent.toLowerCase() };
}

/**
 * Phone: spaces, brackets, dots, dashes and slashes dropped; + or 00 starts the country code; without
 * one, the Default Country Code goes in front unless the number starts with 0 or with that code; the
 * result is + and 7 to 15 digits, the first not 0. A Default Country Code that is not 1 to 3 digits
 * (after an optional + or 00) is refused.
 */
export function phoneRule(value: unknown, defaultCountryCode: string): Expected<string> {
	const phone = text(value, 'Phone');
	if ('refused' in phone) return phone;
	const code = /^(?:\+|00)?([1-9]\d{0,2})$/.exec(defaultCountryCode.trim())?.[1] ?? '';
	if (defaultCountryCode.trim() && !code) return { refused: /^Default Country Code ".*" is not a country code$/ };
	const compact = phone.sent.replace(/[\s().\-/]/g, '');
	let digits: string | undefined;
	if (/^\+\d+$/.test(compact)) digits = compact.slice(1);
	else if (/^00\d+$/.test(compact)) digits = compact.slice(2);
	else if (/^\d+$/.test(compact)) {
		if (!code) return { refused: /has no country code$/ };
		if (compact.startsWith('0')) return { refused: /starts with 0/ };
		if (compact.startsWith(code)) return { refused: /already starts with/ };
		digits = code + compact;
	}
	if (digits === undefined || !/^[1-9]\d{5,14}$/.test(digits)) return { refused: /is not a phone number$/ };
	return { sent: `+${digits}` };
}

/** An instant and the offset (minutes) HighLevel must receive it with. */
export interface Moment {
	epochMs: number;
	offsetMinutes: number;
}

/** The instants whose wall-clock time in `zone` is `local` (none in a gap, two in an overlap). */
function instantsOf(local: DateTime, zone: string): number[] {
	const wall = local.setZone('UTC', { keepLocalTime: true }).toMillis();
	const offsets = new Set<number>();
	for (let hours = -48; hours <= 48; hours += 6) offsets.add(DateTime.fromMillis(wall + hours * 3_600_000, { zone }).offset);
	return [...offsets]
		.map((offset) => wall - offset * 60_000)
		.filter((instant) => DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm:ss.SSS') === local.toFormat('yyyy-MM-dd HH:mm:ss.SSS'))
		.sort((a, b) => a - b);
}

/** A wall-clock time in the workflow's zone: the first of two in an overlap, the time after the gap in one. */
function localMoment(local: DateTime, zone: string): Moment {
	const instants = instantsOf(local, zone);
	if (instants.length > 0) return { epochMs: instants[0], offsetMinutes: DateTime.fromMillis(instants[0], { zone }).offset };
	// In a gap: read with the offset in force before it, which lands as far past the gap as the time was into it.
	const wall = local.setZone('UTC', { keepLocalTime: true }).toMillis();
	const before = DateTime.fromMillis(wall - 24 * 3_600_000, { zone }).offset;
	const instant = wall - before * 60_000;
	return { epochMs: instant, offsetMinutes: DateTime.fromMillis(instant, { zone }).offset };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Event Start Time given as text or a number: epoch seconds (10 digits) or milliseconds (13); ISO
 * 8601 with an offset (kept) or without one (read in the workflow's zone); a date alone is midnight.
 */
export function startTimeRule(value: string | number, zone: string): Expected<Moment> {
	const shown = typeof value === 'number' ? String(value) : value.trim();
	const refused = { refused: new RegExp(`^Event Start Time "${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a date and time$`) };
	if (typeof value === 'number' || /^\d+$/.test(shown)) {
		if (!/^(\d{10}|\d{13})$/.test(shown)) return refused;
		const epochMs = shown.length === 10 ? Number(shown) * 1000 : Number(shown);
		return { sent: { epochMs, offsetMinutes: DateTime.fromMillis(epochMs, { zone }).offset } };
	}
	const match = ISO.exec(shown);
	if (!match) return refused;
	const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset] = match;
	const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
	const fields = { year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: +second, millisecond };
	if (offset && hour !== undefined && match[4] !== undefined) {
		const sign = offset.startsWith('-') ? -1 : 1;
		const [, hh = '0', mm = '0'] = /^[+-](\d{2}):?(\d{2})?$/.exec(offset) ?? [];
		const offsetMinutes = offset.toUpperCase() === 'Z' ? 0 : sign * (Number(hh) * 60 + Number(mm));
		if (Math.abs(offsetMinutes) > 14 * 60 || Number(mm) > 59) return refused;
		const local = DateTime.fromObject(fields, { zone: 'UTC' });
		if (!local.isValid) return refused;
		return { sent: { epochMs: local.toMillis() - offsetMinutes * 60_000, offsetMinutes } };
	}
	if (offset) return refused;
	const local = DateTime.fromObject(fields, { zone: 'UTC' });
	if (!local.isValid) return refused;
	return { sent: localMoment(local, zone) };
}
