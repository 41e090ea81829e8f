import type { IDataObject } from 'n8n-workflow';
import { ALL_EVENTS, KNOWN_EVENT_TYPES, UNLISTED_EVENTS } from '../descriptions/eventTypes';

export interface EventFilter {
	/** The Events parameter's values. */
	events: string[];
	/** Undefined: every sub-account. */
	subAccounts?: ReadonlySet<string>;
	includeAgencyEvents: boolean;
}

/** The delivery's `type` as sent, or null when it has none. */
export function eventTypeOf(event: IDataObject): string | null {
	return typeof event.type === 'string' && event.type !== '' ? event.type : null;
}

/** The sub-account a delivery is about; null for agency-level events. */
export function locationIdOf(event: IDataObject): string | null {
	return typeof event.locationId === 'string' && event.locationId !== '' ? event.locationId : null;
}

/** Sub-accounts a bulk install names (`locationIds`, per HighLevel's SDK) when it has no locationId. */
function namedLocationIds(event: IDataObject): string[] {
	const locationId = locationIdOf(event);
	if (locationId) return [locationId];
	return Array.isArray(event.locationIds) ? event.locationIds.filter((id): id is string => typeof id === 'string') : [];
}

/** Why the filters leave a delivery out, or undefined when it starts the workflow. */
export function filteredOutReason(event: IDataObject, filter: EventFilter): string | undefined {
	const eventType = eventTypeOf(event);
	if (!filter.events.includes(ALL_EVENTS)) {
		const listed = eventType !== null && KNOWN_EVENT_TYPES.has(eventType);
		const selected = listed ? filter.events.includes(eventType) : filter.events.includes(UNLISTED_EVENTS);
		if (!selected) return `Events does not include ${eventType === null ? 'deliveries without a type' : `type ${eventType}`}`;
	}
	const locations = namedLocationIds(event);
	if (locations.length === 0) {
		return filter.includeAgencyEvents ? undefined : 'Include Agency-Level Events is off and the event names no sub-account';
	}
	if (filter.subAccounts && !locations.some((id) => filter.subAccounts?.has(id))) {
		return `Sub-account ${locations.join(', ')} is not among the Sub-Accounts to Receive`;
	}
	return undefined;
}
