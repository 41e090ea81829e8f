import type { IDataObject } from 'n8n-workflow';

export const DEFAULT_REPLAY_WINDOW_MINUTES = 5;

/**
 * Types whose event pages document `timestamp` as the record's (or custom object's) creation time,
 * not the delivery's: an update of an old record would look stale, so the window is not applied.
 */
export const OTHER_MEANING_TIMESTAMP_TYPES: readonly string[] = ['ObjectSchemaCreate', 'ObjectSchemaUpdate', 'RecordCreate', 'RecordUpdate'];

/** Epoch milliseconds of a `timestamp`: ISO 8601 text, or epoch seconds or milliseconds. */
function epochMs(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	return undefined;
}

/** Why a delivery's `timestamp` refuses it, or undefined when it is fresh, exempt or absent. */
export function stalenessProblem(event: IDataObject, eventType: string | null, now: number, windowMs: number): string | undefined {
	if (event.timestamp === undefined || event.timestamp === null) return undefined;
	if (eventType !== null && OTHER_MEANING_TIMESTAMP_TYPES.includes(eventType)) return undefined;
	const sentAt = epochMs(event.timestamp);
	if (sentAt === undefined) return `The timestamp ${JSON.stringify(event.timestamp)} is not a date`;
	const minutes = Math.round(Math.abs(now - sentAt) / 60_000);
	if (now - sentAt > windowMs) return `The timestamp ${String(event.timestamp)} is ${minutes} min old, outside the replay window`;
	if (sentAt - now > windowMs) return `The timestamp ${String(event.timestamp)} is ${minutes} min ahead of n8n's clock, outside the replay window`;
	return undefined;
}
