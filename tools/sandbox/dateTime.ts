/** How strictly the sandbox reads a date-time HighLevel documents as ISO 8601 with an offset: hours to 23, offsets to ±14:59. */
const ISO_WITH_OFFSET =
	/^(\d{4})-(0[1-9]|1[0-2])-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm), and a real calendar date. */
export function isIsoWithOffset(value: string): boolean {
	const match = ISO_WITH_OFFSET.exec(value);
	const day = Number(match?.[3]);
	// Day 0 of the next month is the last day of this one.
	return match !== null && day >= 1 && day <= new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
}
