/** How strictly the sandbox reads a date-time HighLevel documents as ISO 8601 with an offset. */
const ISO_WITH_OFFSET =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm), and a real calendar date. */
export function isIsoWithOffset(value: string): boolean {
	const match = ISO_WITH_OFFSET.exec(value);
	if (!match) return false;
	const [year, month, day, hour, minute, second = '0', offsetHour = '0', offsetMinute = '0'] = match.slice(1);
	const y = Number(year);
	const m = Number(month);
	const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return (
		m >= 1 &&
		m <= 12 &&
		Number(day) >= 1 &&
		Number(day) <= daysInMonth &&
		Number(hour) <= 23 &&
		Number(minute) <= 59 &&
		Number(second) <= 59 &&
		Number(offsetHour) <= 14 &&
		Number(offsetMinute) <= 59
	);
}
