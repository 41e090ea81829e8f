/**
 * Events in the shapes of HighLevel's event pages (docs/webhooks/events/*.md, examples abridged),
 * with the sandbox agency's ids: its app, company and sub-accounts, and contacts it has seeded, so
 * a workflow started by one can go on to act on them in the sandbox.
 */
import { randomUUID } from 'node:crypto';

import { agencyContactId, appIdOf, DEFAULT_AGENCY } from '../agency';
import type { JsonObject } from '../types';

export const SANDBOX_APP_ID = appIdOf(DEFAULT_AGENCY.clientId);
export const SANDBOX_COMPANY_ID = DEFAULT_AGENCY.companyId;
/** The agency's first installed sub-account (Bright Smile Dental). */
export const SANDBOX_EVENT_LOCATION_ID = DEFAULT_AGENCY.locations[0].id;
/** A sub-account of the agency other than SANDBOX_EVENT_LOCATION_ID (Iron Peak Gym). */
export const OTHER_EVENT_LOCATION_ID = DEFAULT_AGENCY.locations[1].id;
export const OTHER_APP_ID = 'otherMarketplaceApp01';

type Shape = (locationId: string) => JsonObject;

/** Example payloads by what they are; `type` is what HighLevel puts on the wire. */
const SHAPES = {
	ContactCreate: (locationId) => ({
		type: 'ContactCreate',
		locationId,
		id: agencyContactId(locationId, 0),
		address1: '3535 1st St N',
		city: 'Dolomite',
		state: 'AL',
		companyName: 'Loram ipsum',
		country: 'US',
		source: 'xyz form',
		dateAdded: '2021-11-26T12:41:02.193Z',
		dnd: false,
		email: 'john.deo@example.com',
		name: 'John Deo',
		firstName: 'John',
		lastName: 'Deo',
		phone: '+919509597501',
		postalCode: '452001',
		tags: ['webinar lead'],
		website: 'https://www.example.com/',
		attachments: [],
		assignedTo: 'nmFmQEsNgz6AVpgLVUJ0',
		customFields: [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }],
	}),
	OpportunityStageUpdate: (locationId) => ({
		type: 'OpportunityStageUpdate',
		locationId,
		id: 'wWhVuzqpRuOA1ZVWi4FC',
		assignedTo: 'bNl8QNGXhIQJLv8eeASQ',
		contactId: agencyContactId(locationId, 1),
		monetaryValue: 40,
		name: 'Loram ipsu',
		pipelineId: 'VDm7RPYC2GLUvdpKmBfC',
		pipelineStageId: 'e93ba61a-53b3-45e7-985a-c7732dbcdb69',
		source: 'Loram ipsu',
		status: 'open',
		dateAdded: '2021-11-26T12:41:02.193Z',
	}),
	AppointmentCreate: (locationId) => ({
		type: 'AppointmentCreate',
		locationId,
		appointment: {
			id: '0007BWpSzSwfiuSl0tR2',
			title: 'Appointment with GHL Dev team',
			calendarId: 'BqTwX8QFwXzpegMve9EQ',
			contactId: agencyContactId(locationId, 2),
			appointmentStatus: 'confirmed',
			startTime: '2023-09-25T16:00:00+05:30',
			endTime: '2023-09-25T16:30:00+05:30',
		},
	}),
	INSTALL: (locationId) => ({
		type: 'INSTALL',
		appId: SANDBOX_APP_ID,
		locationId,
		companyId: SANDBOX_COMPANY_ID,
		userId: 'sandboxUser000000001',
		planId: '66a0419a0dffa47fb5f8b22f',
		trial: { onTrial: true, trialDuration: 10, trialStartDate: '2024-07-23T23:54:51.264Z' },
		isWhitelabelCompany: false,
		whitelabelDetails: {},
		companyName: 'Sandbox Agency',
	}),
	/** The Agency Level App Install example: no locationId. */
	AgencyInstall: () => ({
		type: 'INSTALL',
		appId: SANDBOX_APP_ID,
		companyId: SANDBOX_COMPANY_ID,
		planId: '66a0419a0dffa47fb5f8b22f',
		trial: { onTrial: true, trialDuration: 10, trialStartDate: '2024-07-23T23:54:51.264Z' },
	}),
	AgencyUninstall: () => ({ type: 'UNINSTALL', appId: SANDBOX_APP_ID, companyId: SANDBOX_COMPANY_ID }),
	PLAN_CHANGE: (locationId) => ({
		type: 'PLAN_CHANGE',
		appId: SANDBOX_APP_ID,
		locationId,
		companyId: SANDBOX_COMPANY_ID,
		userId: 'sandboxUser000000001',
		currentPlanId: '66a0419a0dffa47fb5f8b22f',
		newPlanId: '66a0419a0dffa47fb5f8b22e',
	}),
	/** The For Agency User example: companyId, no locationId. */
	AgencyUserCreate: () => ({
		type: 'UserCreate',
		companyId: SANDBOX_COMPANY_ID,
		id: 've9EPM428h8vShlRW1KT',
		firstName: 'John',
		lastName: 'Doe',
		email: 'john.doe+3@example.com',
		role: 'admin',
		permissions: { contactsEnabled: true, workflowsEnabled: true },
		locations: [SANDBOX_EVENT_LOCATION_ID],
	}),
	LocationCreate: () => ({
		type: 'LocationCreate',
		id: 'sandboxNewLocation01',
		companyId: SANDBOX_COMPANY_ID,
		name: 'Loram ipsum',
		email: 'mailer@example.com',
	}),
	/** HighLevel's Invoice examples carry no `type`; the guide says every delivery has one. */
	InvoiceCreate: (locationId) => ({
		type: 'InvoiceCreate',
		_id: '6578278e879ad2646715ba9c',
		status: 'draft',
		liveMode: false,
		amountPaid: 0,
		altId: locationId,
		altType: 'location',
		name: 'New Invoice',
		invoiceNumber: '19',
		currency: 'USD',
		total: 999,
	}),
	/** `timestamp` is documented as the record's creation time: here a year old. */
	RecordUpdate: (locationId) => ({
		type: 'RecordUpdate',
		id: '679b8f9bde6a0c356a0311b3',
		locationId,
		timestamp: '2025-02-10T08:26:05.961Z',
		owners: ['60d5ec49f72b2a001f5f9d91'],
		followers: ['60d5ec49f72b2a001f5f9d93'],
		properties: [{ key: 'pet_name', valueString: 'buddy' }],
	}),
	/** As HighLevel's Price Update example has it: the top-level `type` is the price's kind. */
	PriceUpdate: (locationId) => ({
		_id: '655b33aa2209e60b6adb87a7',
		locationId,
		product: '655b33a82209e60b6adb87a5',
		name: 'Red / S',
		type: 'one_time',
		currency: 'INR',
		amount: 199999,
	}),
} satisfies Record<string, Shape>;

export type EventKind = keyof typeof SHAPES;
export const EVENT_KINDS = Object.keys(SHAPES) as EventKind[];

export interface EventOptions {
	/** Default SANDBOX_EVENT_LOCATION_ID; agency-level kinds have none whatever this says. */
	locationId?: string;
	/** Replaces `appId` on the kinds that carry one (the app events), or adds it. */
	appId?: string;
	/** Default a new UUID; null leaves it out. */
	webhookId?: string | null;
	/** Default now; null leaves it out (the kinds that document their own keep theirs unless given). */
	timestamp?: string | null;
}

/** One event as HighLevel would deliver it: the example's fields plus `timestamp` and `webhookId`. */
export function sandboxEvent(kind: EventKind, options: EventOptions = {}): JsonObject {
	const event: JsonObject = { ...SHAPES[kind](options.locationId ?? SANDBOX_EVENT_LOCATION_ID) };
	if (options.appId !== undefined) event.appId = options.appId;
	if (options.timestamp !== undefined) {
		if (options.timestamp === null) delete event.timestamp;
		else event.timestamp = options.timestamp;
	} else if (event.timestamp === undefined) {
		event.timestamp = new Date().toISOString();
	}
	const webhookId = options.webhookId === undefined ? randomUUID() : options.webhookId;
	if (webhookId !== null) event.webhookId = webhookId;
	return event;
}

/** A timestamp `minutes` before now (negative: after). */
export function minutesAgo(minutes: number): string {
	return new Date(Date.now() - minutes * 60_000).toISOString();
}
