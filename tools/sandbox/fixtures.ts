import type { Contact, Location, Scope, TokenGrant, Workflow } from './types';

export const DEFAULT_TOKEN = 'pit-00000000-0000-4000-8000-000000000001';
export const DEFAULT_LOCATION_ID = 'sandboxLocation0001';
/** A sub-account the default token has no access to. */
export const OTHER_LOCATION_ID = 'sandboxLocation0002';
export const DEFAULT_SCOPES: readonly Scope[] = ['contacts.write', 'contacts.readonly', 'workflows.readonly', 'locations.readonly'];
export const DEFAULT_GRANT: TokenGrant = { locationId: DEFAULT_LOCATION_ID, scopes: [...DEFAULT_SCOPES] };
/** The user who installed the marketplace apps: token answers name them (`userId`, required by HighLevel's spec). */
export const INSTALLING_USER_ID = 'sandboxUser000000001';

export const API_VERSIONS: readonly string[] = ['2021-04-15', '2021-07-28'];

export const DEFAULT_LOCATION: Location = { id: DEFAULT_LOCATION_ID, name: 'Sandbox Location', timezone: 'America/New_York' };

export const WORKFLOW_IDS = {
	newLeadNurture: '3f1c2a5e-8b7d-4c1e-9a2f-6d5e4c3b2a10',
	webinarReminderDraft: '7a9e0b1c-2d3f-4e5a-8b6c-7d8e9f0a1b20',
	appointmentFollowUp: 'b2c4d6e8-f0a1-4b3c-9d5e-7f8a9b0c1d30',
	winBack: 'c8d7e6f5-a4b3-4c2d-8e1f-0a9b8c7d6e40',
} as const;

const workflow = (id: string, name: string, status: Workflow['status'], version: number, createdAt: string, updatedAt: string): Workflow =>
	({ id, name, status, version, createdAt, updatedAt, locationId: DEFAULT_LOCATION_ID });

export const SEEDED_WORKFLOWS: readonly Workflow[] = [
	workflow(WORKFLOW_IDS.newLeadNurture, 'New Lead Nurture', 'published', 7, '2024-01-15T09:30:00.000Z', '2024-06-02T14:05:11.000Z'),
	workflow(WORKFLOW_IDS.webinarReminderDraft, 'Webinar Reminder', 'draft', 1, '2024-05-20T16:00:00.000Z', '2024-05-20T16:00:00.000Z'),
	workflow(WORKFLOW_IDS.appointmentFollowUp, 'Appointment Follow-up', 'published', 3, '2023-11-03T08:12:45.000Z', '2024-03-18T10:44:09.000Z'),
	workflow(WORKFLOW_IDS.winBack, 'Re-engagement / Win-back – 90 days', 'published', 2, '2024-02-29T23:59:59.000Z', '2024-04-01T00:00:00.000Z'),
];

const seededAt = '2024-01-10T12:00:00.000Z';

/** A contact with an id and nothing else, as tests and scripts seed them. */
export function bareContact(id: string, locationId: string = DEFAULT_LOCATION_ID): Contact {
	return {
		id,
		locationId,
		firstName: null,
		lastName: null,
		name: null,
		email: null,
		phone: null,
		tags: [],
		source: 'sandbox seed',
		dateAdded: seededAt,
		dateUpdated: seededAt,
	};
}

function seedContact(id: string, firstName: string, lastName: string, email: string | null, phone: string | null, tags: string[] = []): Contact {
	return { ...bareContact(id), firstName, lastName, name: `${firstName} ${lastName}`, email, phone, tags };
}

/** Ids are 20 alphanumeric characters, like HighLevel's. */
export const SEEDED_CONTACTS: readonly Contact[] = [
	seedContact('sbxContactAlice00001', 'Alice', 'Anders', 'alice@example.com', '+15550100001', ['lead']),
	seedContact('sbxContactBruno00002', 'Bruno', 'Bianchi', 'bruno.bianchi@example.org', '+393331234567'),
	// Mixed-case email: lookups must be case-insensitive.
	seedContact('sbxContactChloe00003', 'Chloe', 'Martin', 'Chloe.Martin@Example.COM', '+447700900123', ['webinar']),
	seedContact('sbxContactDmitri0004', 'Dmitri', 'Volkov', 'dmitri@example.net', null),
];
