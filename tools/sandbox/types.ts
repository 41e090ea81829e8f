export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The scopes the node's routes need, and any other HighLevel scope. */
export type Scope = 'contacts.write' | 'contacts.readonly' | 'workflows.readonly' | 'locations.readonly' | (string & {});

export interface TokenGrant {
	/** Empty for an agency (Company) token. */
	locationId: string;
	scopes: Scope[];
	/** Marketplace app: HighLevel counts its limits per app and location, whatever the token. */
	appId?: string;
	companyId?: string;
	userType?: 'Company' | 'Location';
	/** Date.now() after which the token answers 401 Invalid JWT. */
	expiresAt?: number;
}

export interface Workflow {
	id: string;
	name: string;
	status: 'draft' | 'published';
	version: number;
	createdAt: string;
	updatedAt: string;
	locationId: string;
}

export interface Location {
	id: string;
	name: string;
	timezone: string;
}

/** The string fields an upsert takes besides email and phone, each a string or null. */
export const TEXT_FIELDS = ['firstName', 'lastName', 'name', 'companyName', 'timezone', 'address1', 'city', 'state', 'postalCode', 'country', 'website', 'source'] as const;

/** A HighLevel contact; the text fields not listed here are optional. */
export interface Contact extends Partial<Record<(typeof TEXT_FIELDS)[number], string | null>> {
	id: string;
	locationId: string;
	firstName: string | null;
	lastName: string | null;
	name: string | null;
	email: string | null;
	/** E.164, e.g. +15550100001 */
	phone: string | null;
	tags: string[];
	source: string | null;
	dateAdded: string;
	dateUpdated: string;
	dnd?: boolean;
}

export interface RecordedRequest {
	method: string;
	/** Path exactly as received, without the query string. */
	path: string;
	query: Record<string, string>;
	/** Lower-case header names, as Node delivers them. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, raw text when it is not JSON, undefined when there was no body. */
	body: JsonValue | string | undefined;
	/** 0 while pending, and for requests answered with a dropped socket or a hang. */
	status: number;
	/** The answer's body as sent (JSON parsed, otherwise text); undefined while pending or without one. */
	answer?: JsonValue | string;
	/** Date.now() at arrival. */
	at: number;
	/** Set when a fault (per contact or random) shaped the answer. */
	fault?: string;
}

/** A POST /oauth/token as received and answered, with its form parsed. */
export interface TokenRequest extends RecordedRequest {
	form: Record<string, string>;
}

export interface Removal {
	contactId: string;
	workflowId: string;
	at: number;
}

export type Enrolment = Removal & { eventStartTime?: string };
